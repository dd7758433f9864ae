import { describe, expect, it } from "vitest";
import { OutputList, outputFromJson, outputToJson, type OutputChange } from "./outputs";

function list() {
  const changes: OutputChange[] = [];
  return { outputs: new OutputList((c) => changes.push(c)), changes };
}

describe("OutputList", () => {
  it("merges consecutive text of one stream", () => {
    const { outputs, changes } = list();
    outputs.handle("stream", { name: "stdout", text: "a" });
    outputs.handle("stream", { name: "stdout", text: "b" });
    outputs.handle("stream", { name: "stderr", text: "c" });
    expect(outputs.items).toEqual([
      { output_type: "stream", name: "stdout", text: "ab" },
      { output_type: "stream", name: "stderr", text: "c" },
    ]);
    expect(changes).toEqual([{ kind: "append", index: 0 }, { kind: "update", index: 0, appended: "b" }, { kind: "append", index: 1 }]);
  });

  it("clear_output(wait) clears when the next output comes", () => {
    const { outputs } = list();
    outputs.handle("stream", { name: "stdout", text: "1" });
    outputs.handle("clear_output", { wait: true });
    expect(outputs.items.length).toBe(1);
    outputs.handle("stream", { name: "stdout", text: "2" });
    expect(outputs.items).toEqual([{ output_type: "stream", name: "stdout", text: "2" }]);
    outputs.handle("clear_output", { wait: false });
    expect(outputs.items).toEqual([]);
  });

  it("update_display_data changes every output with that display id", () => {
    const { outputs, changes } = list();
    outputs.handle("display_data", { data: { "text/plain": "old" }, metadata: {}, transient: { display_id: "d" } });
    outputs.handle("display_data", { data: { "text/plain": "other" }, metadata: {} });
    outputs.updateDisplay({ data: { "text/plain": "new" }, metadata: {}, transient: { display_id: "d" } });
    expect(outputs.items.map((o) => ("data" in o ? o.data["text/plain"] : ""))).toEqual(["new", "other"]);
    expect(changes[changes.length - 1]).toEqual({ kind: "update", index: 0 });
    expect(outputToJson(outputs.items[0])).toEqual({ output_type: "display_data", data: { "text/plain": "new" }, metadata: {} });
  });

  it("reports what is not an output", () => {
    expect(list().outputs.handle("status", {})).toBe(false);
  });
});

describe("nbformat JSON", () => {
  it("joins lists of lines and round-trips", () => {
    const stream = outputFromJson({ output_type: "stream", name: "stdout", text: ["a\n", "b"] });
    expect(stream).toEqual({ output_type: "stream", name: "stdout", text: "a\nb" });
    const result = { output_type: "execute_result", data: { "text/plain": "2" }, metadata: {}, execution_count: 3 };
    expect(outputToJson(outputFromJson(result))).toEqual(result);
    const error = { output_type: "error", ename: "E", evalue: "v", traceback: ["t"] };
    expect(outputToJson(outputFromJson(error))).toEqual(error);
  });
});
