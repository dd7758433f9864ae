import { describe, expect, it } from "vitest";
import { cellSummary, runSummary } from "./summary";

describe("runSummary", () => {
  it("says what a cell printed and returned, or how it failed", () => {
    expect(runSummary(1, [])).toBe("Cell 1 done");
    expect(
      runSummary(2, [
        { output_type: "stream", name: "stdout", text: "42\n" },
        { output_type: "execute_result", data: { "text/plain": "'x'" }, metadata: {} },
      ]),
    ).toBe("Cell 2 done: 42\n 'x'");
    expect(
      runSummary(3, [
        { output_type: "stream", name: "stdout", text: "before\n" },
        { output_type: "error", ename: "ZeroDivisionError", evalue: "division by zero", traceback: [] },
      ]),
    ).toBe("Cell 3 failed: ZeroDivisionError: division by zero");
  });
});

describe("cellSummary", () => {
  it("names the cell's place, type, prompt and first line", () => {
    expect(cellSummary(3, 5, "code", "In [2]", "print(6*7)\nmore")).toBe("Cell 3 of 5, code, In [2]: print(6*7)");
    expect(cellSummary(1, 1, "markdown", "", "")).toBe("Cell 1 of 1, markdown: empty");
  });
});
