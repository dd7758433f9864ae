import { describe, expect, it } from "vitest";
import { WidgetManager, type State } from "./manager";
import { GamepadWatch, UNSUPPORTED_TEXT, WAITING_TEXT } from "./controller";
import { widgetView } from "./views";

/** A gamepad as the browser gives it (what the Gamepad API's objects hold). */
function pad(buttons: number[], axes: number[], timestamp: number, id = "Test pad (STANDARD GAMEPAD)"): Gamepad {
  return {
    id,
    index: 0,
    connected: true,
    mapping: "standard",
    timestamp,
    axes,
    buttons: buttons.map((value) => ({ value, pressed: value > 0.5, touched: value > 0 })),
  } as unknown as Gamepad;
}

function setUp() {
  const pads: (Gamepad | null)[] = [null];
  const opened: [string, string, Record<string, unknown>, Record<string, unknown>][] = [];
  const closed: string[] = [];
  const updates: [string, State][] = [];
  const frames: (() => void)[] = [];
  const widgets = new WidgetManager(
    (id, data) => updates.push([id, data.state as State]),
    { open: (...args) => opened.push(args), close: (id) => closed.push(id) },
    () => pads,
  );
  widgets.handle("comm_open", {
    comm_id: "c",
    target_name: "jupyter.widget",
    data: { state: { _model_name: "ControllerModel", _model_module_version: "2.0.0", _view_module_version: "2.0.0", index: 0, connected: false } },
  });
  const controller = widgets.models.get("c")!;
  const watch = new GamepadWatch(widgets, controller, () => pads, (step) => frames.push(step));
  const frame = () => frames.splice(0).forEach((step) => step());
  return { pads, opened, closed, updates, widgets, controller, watch, frame };
}

describe("Controller", () => {
  it("makes the pad's buttons and axes in the kernel when a pad comes, then sends what changes", () => {
    const { pads, opened, closed, updates, widgets, controller, watch, frame } = setUp();
    watch.start();
    expect(opened).toEqual([]); // no pad yet: it waits, a frame at a time
    pads[0] = pad([0, 1], [-0.5], 10);
    frame();
    expect(opened.map(([, target, data, metadata]) => [target, (data.state as State)._model_name, (data.state as State).value, metadata.version])).toEqual([
      ["jupyter.widget", "ControllerButtonModel", 0, "2.1.0"],
      ["jupyter.widget", "ControllerButtonModel", 1, "2.1.0"],
      ["jupyter.widget", "ControllerAxisModel", -0.5, "2.1.0"],
    ]);
    const first = opened[0][2].state as State;
    expect(first).toMatchObject({
      _model_module: "@jupyter-widgets/controls",
      _model_module_version: "2.0.0",
      _view_name: "ControllerButtonView",
      description: "0",
      pressed: false,
    });
    const ids = opened.map(([id]) => id);
    expect(updates).toEqual([
      [
        "c",
        {
          name: "Test pad (STANDARD GAMEPAD)",
          mapping: "standard",
          connected: true,
          timestamp: 10,
          buttons: [`IPY_MODEL_${ids[0]}`, `IPY_MODEL_${ids[1]}`],
          axes: [`IPY_MODEL_${ids[2]}`],
        },
      ],
    ]);
    updates.length = 0;
    frame(); // the same data: nothing sent
    expect(updates).toEqual([]);
    pads[0] = pad([1, 1], [-0.5], 11);
    frame();
    expect(updates).toEqual([
      ["c", { timestamp: 11 }],
      [ids[0], { value: 1, pressed: true }],
    ]);
    updates.length = 0;
    pads[0] = null; // unplugged: the parts close, the controller empties and waits
    frame();
    expect(closed).toEqual(ids);
    expect(updates).toEqual([["c", { name: "", mapping: "", connected: false, timestamp: 0, buttons: [], axes: [] }]]);
    expect(ids.some((id) => widgets.models.has(id))).toBe(false);
    pads[0] = pad([0], [], 20, "Another pad");
    frame();
    expect(opened.length).toBe(4);
    expect(controller.get("name")).toBe("Another pad");
  });

  it("stops with its model, and draws the pad's parts as meters", async () => {
    const { pads, opened, widgets, controller, watch, frame } = setUp();
    const view = widgetView(widgets, controller);
    expect(view.textContent).toBe(WAITING_TEXT);
    watch.start();
    pads[0] = pad([0.25], [0.5], 1);
    frame();
    await Promise.resolve();
    expect(view.querySelector(".jovi-controller-name")!.textContent).toBe("Test pad (STANDARD GAMEPAD)");
    const [axis, button] = [...view.querySelectorAll("[role=meter]")]; // axes first, as ipywidgets draws them
    expect([button.getAttribute("aria-label"), button.getAttribute("aria-valuenow")]).toEqual(["Button 0", "0.25"]);
    expect([axis.getAttribute("aria-label"), axis.getAttribute("aria-valuenow")]).toEqual(["Axis 0", "0.5"]);
    expect((axis.querySelector(".jovi-controller-mark") as HTMLElement).style.top).toBe("75%");
    widgets.dispose(); // the page left the kernel
    pads[0] = pad([1], [0.5], 2);
    frame();
    expect(opened.length).toBe(1 + 1);
    expect(widgets.models.size).toBe(0);
  });

  it("says so where the browser gives no gamepads", () => {
    const widgets = new WidgetManager(() => undefined, null, null);
    widgets.handle("comm_open", { comm_id: "c", target_name: "jupyter.widget", data: { state: { _model_name: "ControllerModel" } } });
    expect(widgetView(widgets, widgets.models.get("c")!).textContent).toBe(UNSUPPORTED_TEXT);
  });
});
