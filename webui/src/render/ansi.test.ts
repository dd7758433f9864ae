import { describe, expect, it } from "vitest";
import { ansiToHtml, fixConsole } from "./ansi";

describe("ansiToHtml", () => {
  it("escapes HTML", () => {
    expect(ansiToHtml("<b>&\"'")).toBe("&#60;b&#62;&#38;&#34;&#39;");
  });

  it("turns the 16 colours and bold into classes", () => {
    expect(ansiToHtml("\x1b[31mred\x1b[0m plain")).toBe('<span class="ansi-red-fg">red</span> plain');
    expect(ansiToHtml("\x1b[1;94mx\x1b[39;22my")).toBe('<span class="ansi-bright-blue-fg ansi-bold">x</span>y');
    expect(ansiToHtml("\x1b[42mg")).toBe('<span class="ansi-green-bg">g</span>');
  });

  it("turns 256 and 24-bit colours into styles", () => {
    expect(ansiToHtml("\x1b[38;5;196mx")).toBe('<span style="color:rgb(255,0,0)">x</span>');
    expect(ansiToHtml("\x1b[48;2;1;2;3mx")).toBe('<span style="background-color:rgb(1,2,3)">x</span>');
    expect(ansiToHtml("\x1b[38;5;9mx")).toBe('<span class="ansi-bright-red-fg">x</span>');
  });

  it("drops other escape sequences", () => {
    expect(ansiToHtml("a\x1b[2Kb\x1b]0;title\x07c")).toBe("abc");
  });

  it("shows an inverse default as the page's colours swapped", () => {
    expect(ansiToHtml("\x1b[7mx")).toBe('<span class="ansi-default-inverse-fg ansi-default-inverse-bg">x</span>');
    expect(ansiToHtml("\x1b[31;7mx")).toBe('<span class="ansi-default-inverse-fg ansi-red-bg">x</span>');
  });
});

describe("fixConsole", () => {
  it("lets a carriage return overwrite the line", () => {
    expect(fixConsole("10%\r20%\r30%\ndone")).toBe("30%\ndone");
    expect(fixConsole("abcdef\rXY")).toBe("XYcdef");
    expect(fixConsole("a\r\nb")).toBe("a\nb");
  });

  it("lets a backspace remove a character", () => {
    expect(fixConsole("abc\b\bd")).toBe("ad");
  });
});
