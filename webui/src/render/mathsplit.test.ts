import { describe, expect, it } from "vitest";
import { joinMath, splitMath } from "./mathsplit";

const tex = (source: string) => splitMath(source).math.map((m) => [m.tex, m.display]);

describe("splitMath", () => {
  it("finds inline and display math in all four delimiters", () => {
    expect(tex("a $x_1$ b $$y^2$$ c \\(z\\) d \\[w\\]")).toEqual([
      ["x_1", false],
      ["y^2", true],
      ["z", false],
      ["w", true],
    ]);
  });

  it("keeps LaTeX environments whole", () => {
    expect(tex("\\begin{align} a &= b \\\\ c &= d \\end{align}")).toEqual([["\\begin{align} a &= b \\\\ c &= d \\end{align}", true]]);
  });

  it("leaves dollars in code alone", () => {
    expect(tex("`$x$` and\n```\n$y$\n```\n$z$")).toEqual([["z", false]]);
  });

  it("leaves escaped and lone dollars alone", () => {
    expect(tex("costs \\$5 and \\$6")).toEqual([]);
    expect(tex("one $ only")).toEqual([]);
  });

  it("does not let math cross a blank line", () => {
    expect(tex("$a\n\nb$")).toEqual([]);
  });

  it("protects math from the Markdown parser and puts it back escaped", () => {
    const { text, math } = splitMath("*$a_1 < b_2$*");
    expect(text).not.toContain("_");
    expect(joinMath(text, math, (s) => s.replace("<", "&lt;"))).toBe('*<span class="jovi-math" data-display="false">a_1 &lt; b_2</span>*');
  });
});
