import { describe, expect, it } from "vitest";
import { finder, type Finder } from "./find";

const make = (text: string, regex: boolean): Finder => {
  const found = finder({ text, regex });
  if (typeof found === "string") throw new Error(found);
  return found;
};

describe("finder", () => {
  it("finds and replaces plain text literally", () => {
    const plain = make("a.b", false);
    expect(plain.matches("xa.by")).toBe(true);
    expect(plain.matches("axb")).toBe(false);
    expect(plain.replace("a.b a.b axb", "c")).toEqual({ text: "c c axb", count: 2 });
  });

  it("finds regular expressions and fills groups into the replacement", () => {
    const regex = make("x(\\d+)", true);
    expect(regex.matches("x12")).toBe(true);
    expect(regex.matches("x")).toBe(false);
    expect(regex.replace("x1 + x22 = y", "v[$1]")).toEqual({ text: "v[1] + v[22] = y", count: 2 });
    expect(make("^a", true).replace("a\na", "b")).toEqual({ text: "b\nb", count: 2 });
  });

  it("says why a pattern is not a regular expression", () => {
    expect(finder({ text: "(", regex: true })).toMatch(/^Not a regular expression/);
  });
});
