import { describe, expect, it } from "vitest";
import { fromCodePoints, localCompletions, toCodePoints } from "./introspect";

describe("code points", () => {
  it("count a character outside the BMP once, as the protocol does", () => {
    const text = "a😀b";
    expect(toCodePoints(text, 3)).toBe(2); // after the emoji (two UTF-16 units)
    expect(fromCodePoints(text, 2)).toBe(3);
    expect(fromCodePoints(text, toCodePoints(text, 4))).toBe(4);
  });
});

describe("localCompletions", () => {
  it("offers the cell's words starting with the word before the cursor", () => {
    const code = "alpha = 1\nalphabet = 2\nbeta = 3\nal";
    expect(localCompletions(code, code.length)).toEqual({ from: code.length - 2, words: ["alpha", "alphabet"] });
    expect(localCompletions("x = ", 4)).toBeNull();
  });
});
