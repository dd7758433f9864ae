import { describe, expect, it } from "vitest";
import { filterEntries } from "./palette";

describe("filterEntries", () => {
  const entries = [{ label: "Merge the selected cells" }, { label: "Restart the kernel" }, { label: "Run all cells" }];

  it("keeps entries having every word, in any order and case", () => {
    expect(filterEntries(entries, "CELLS run").map((e) => e.label)).toEqual(["Run all cells"]);
    expect(filterEntries(entries, "").length).toBe(3);
    expect(filterEntries(entries, "nothing")).toEqual([]);
  });
});
