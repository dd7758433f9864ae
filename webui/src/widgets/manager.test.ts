import { describe, expect, it, vi } from "vitest";
import { WidgetManager, withBuffers } from "./manager";
import { widgetView } from "./views";

function manager() {
  const sent: [string, Record<string, unknown>][] = [];
  const buffersSent: ArrayBuffer[][] = [];
  const widgets = new WidgetManager((id, data, buffers) => {
    sent.push([id, data]);
    buffersSent.push(buffers ?? []);
  });
  const open = (id: string, state: Record<string, unknown>) =>
    widgets.handle("comm_open", { comm_id: id, target_name: "jupyter.widget", data: { state } });
  return { widgets, sent, buffersSent, open };
}

describe("WidgetManager", () => {
  it("keeps models in step with the kernel both ways", () => {
    const { widgets, sent, open } = manager();
    open("s", { _model_name: "IntSliderModel", value: 1, min: 0, max: 10 });
    const view = widgetView(widgets, widgets.models.get("s")!);
    const input = view.querySelector("input")!;
    expect(input.value).toBe("1");
    widgets.handle("comm_msg", { comm_id: "s", data: { method: "update", state: { value: 4 } } });
    expect(input.value).toBe("4");
    input.value = "7";
    input.dispatchEvent(new Event("input"));
    expect(sent).toEqual([["s", { method: "update", state: { value: 7 }, buffer_paths: [] }]]);
  });

  it("keeps linked models equal in the page (jslink)", async () => {
    const { widgets, sent, open } = manager();
    open("a", { _model_name: "IntSliderModel", value: 2 });
    open("link", { _model_name: "LinkModel", source: ["IPY_MODEL_a", "value"], target: ["IPY_MODEL_b", "value"] });
    open("b", { _model_name: "IntSliderModel", value: 0 });
    await Promise.resolve();
    await Promise.resolve();
    expect(widgets.models.get("b")!.get("value")).toBe(2);
    widgets.models.get("a")!.set("value", 5);
    expect(widgets.models.get("b")!.get("value")).toBe(5);
    widgets.models.get("b")!.set("value", 6);
    expect(widgets.models.get("a")!.get("value")).toBe(6);
    // Each change goes to the kernel once per model (no echo loop between the two).
    expect(sent.map(([id]) => id)).toEqual(["b", "b", "a", "a", "b"]);
  });

  it("draws boxes with their children and ignores other comms", async () => {
    const { widgets, open } = manager();
    widgets.handle("comm_open", { comm_id: "x", target_name: "other", data: {} });
    expect(widgets.models.has("x")).toBe(false);
    open("l", { _model_name: "LabelModel", value: "hi" });
    open("box", { _model_name: "HBoxModel", children: ["IPY_MODEL_l"] });
    const view = widgetView(widgets, widgets.models.get("box")!);
    await Promise.resolve();
    expect(view.textContent).toBe("hi");
  });
});

describe("binary buffers and more widgets", () => {
  it("puts buffers back into the state where buffer_paths say", () => {
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    const state = withBuffers({ a: { b: [0, null] } }, [["a", "b", 1]], [bytes]);
    const view = ((state.a as { b: unknown[] }).b[1]) as DataView;
    expect(view).toBeInstanceOf(DataView);
    expect(view.getUint8(2)).toBe(3);
  });

  it("shows a dropdown, a toggle, a number box and a progress bar, and sends changes", () => {
    const { widgets, sent, open } = manager();
    open("d", { _model_name: "DropdownModel", _options_labels: ["one", "two"], index: 0, description: "n" });
    const select = widgetView(widgets, widgets.models.get("d")!).querySelector("select")!;
    expect(Array.from(select.options).map((o) => o.text)).toEqual(["one", "two"]);
    select.value = "1";
    select.dispatchEvent(new Event("change"));
    open("t", { _model_name: "ToggleButtonModel", value: false, description: "on" });
    const toggle = widgetView(widgets, widgets.models.get("t")!) as HTMLButtonElement;
    toggle.click();
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    open("i", { _model_name: "IntTextModel", value: 3 });
    const box = widgetView(widgets, widgets.models.get("i")!).querySelector("input")!;
    box.value = "8";
    box.dispatchEvent(new Event("change"));
    open("p", { _model_name: "IntProgressModel", value: 30, min: 10, max: 110 });
    const bar = widgetView(widgets, widgets.models.get("p")!).querySelector("progress")!;
    expect([bar.value, bar.max]).toEqual([20, 100]);
    expect(sent).toEqual([
      ["d", { method: "update", state: { index: 1 }, buffer_paths: [] }],
      ["t", { method: "update", state: { value: true }, buffer_paths: [] }],
      ["i", { method: "update", state: { value: 8 }, buffer_paths: [] }],
    ]);
  });
});

describe("Output widgets", () => {
  it("capture the outputs of the request they name, and tell the kernel", () => {
    const { widgets, sent, open } = manager();
    open("out", { _model_name: "OutputModel", msg_id: "", outputs: [] });
    expect(widgets.capture("stream", "run-1", { name: "stdout", text: "hi\n" })).toBe(false);
    widgets.handle("comm_msg", { comm_id: "out", data: { method: "update", state: { msg_id: "run-1" } } });
    expect(widgets.capture("status", "run-1", { execution_state: "idle" })).toBe(false);
    expect(widgets.capture("stream", "run-1", { name: "stdout", text: "a" })).toBe(true);
    expect(widgets.capture("stream", "run-1", { name: "stdout", text: "b" })).toBe(true);
    expect(sent[sent.length - 1]).toEqual([
      "out",
      { method: "update", state: { outputs: [{ output_type: "stream", name: "stdout", text: "ab" }] }, buffer_paths: [] },
    ]);
    widgets.handle("comm_msg", { comm_id: "out", data: { method: "update", state: { msg_id: "" } } });
    expect(widgets.capture("stream", "run-1", { name: "stdout", text: "c" })).toBe(false);
  });

  it("sends a FileUpload's files with their bytes as buffers at value[i].content", async () => {
    const { widgets, sent, buffersSent, open } = manager();
    open("u", { _model_name: "FileUploadModel", description: "Upload", value: [], multiple: true, accept: ".txt" });
    const view = widgetView(widgets, widgets.models.get("u")!);
    const button = view.querySelector("button")!;
    const input = view.querySelector("input")!;
    expect(button.textContent).toBe("Upload (0)");
    expect(input.accept).toBe(".txt");
    expect(input.multiple).toBe(true);
    const files = [new File(["hello"], "a.txt", { type: "text/plain", lastModified: 1000 }), new File([new Uint8Array([0, 255])], "b.bin", { lastModified: 2000 })];
    Object.defineProperty(input, "files", { value: files });
    input.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0));
    const [id, data] = sent[0];
    expect(id).toBe("u");
    expect(data).toEqual({
      method: "update",
      state: {
        value: [
          { name: "a.txt", type: "text/plain", size: 5, last_modified: 1000, content: null },
          { name: "b.bin", type: "", size: 2, last_modified: 2000, content: null },
        ],
      },
      buffer_paths: [["value", 0, "content"], ["value", 1, "content"]],
    });
    expect(buffersSent[0].map((b) => Array.from(new Uint8Array(b)))).toEqual([[104, 101, 108, 108, 111], [0, 255]]);
    await vi.waitFor(() => expect(button.textContent).toBe("Upload (2)"));
  });

  it("asks the kernel for its widgets and makes the models outputs wait for", async () => {
    const { widgets, sent } = manager();
    const opened: string[] = [];
    const waiting = widgets.model("slider");
    widgets.requestStates((id) => opened.push(id), "ctl");
    expect(opened).toEqual(["ctl"]);
    expect(sent).toEqual([["ctl", { method: "request_states" }]]);
    widgets.handle(
      "comm_msg",
      {
        comm_id: "ctl",
        data: {
          method: "update_states",
          states: {
            slider: { model_name: "IntSliderModel", state: { _model_name: "IntSliderModel", value: 6, max: 9 } },
            image: { model_name: "ImageModel", state: { _model_name: "ImageModel", value: null } },
          },
          buffer_paths: [["image", "state", "value"]],
        },
      },
      [new Uint8Array([1, 2]).buffer],
    );
    const model = await waiting;
    expect(model.get("value")).toBe(6);
    expect(model.name).toBe("IntSliderModel");
    const image = widgets.models.get("image")!;
    expect(Array.from(new Uint8Array((image.get("value") as DataView).buffer))).toEqual([1, 2]);
    // The restored model talks to the kernel under its own id, as any other.
    model.set("value", 7);
    expect(sent.at(-1)).toEqual(["slider", { method: "update", state: { value: 7 }, buffer_paths: [] }]);
  });
});
