import { describe, expect, it } from "vitest";
import { cutLine, LineIndex } from "./lineindex";

describe("LineIndex", () => {
  it("keeps lines appended in pieces, a last line without a newline too", () => {
    const lines = new LineIndex("a\nb");
    lines.append("c\nd\n");
    lines.append("e");
    expect(lines.count).toBe(4);
    expect([0, 1, 2, 3].map((i) => lines.line(i))).toEqual(["a", "bc", "d", "e"]);
    expect(lines.isEnded(2)).toBe(true);
    expect(lines.isEnded(3)).toBe(false);
    expect(lines.text(1, 10)).toBe("bc\nd\ne");
    expect(lines.length).toBe("a\nbc\nd\ne".length);
  });

  it("knows its longest line", () => {
    const lines = new LineIndex("xx\n");
    lines.append("yyy");
    lines.append("yy");
    expect(lines.longest).toBe(5);
  });
});

describe("cutLine", () => {
  it("cuts long lines and says how much", () => {
    expect(cutLine("abcdef", 4)).toEqual({ shown: "abcd", cut: 2 });
    expect(cutLine("abc", 4)).toEqual({ shown: "abc", cut: 0 });
  });
});
