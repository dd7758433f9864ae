import { describe, expect, it } from "vitest";
import { headingId, renderLatex, renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders GitHub-style Markdown with tables", () => {
    const html = renderMarkdown("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~");
    expect(html).toContain('<h1 id="Title">Title</h1>');
    expect(html).toContain("<table>");
    expect(html).toContain("<s>gone</s>");
  });

  it("keeps math for the typesetter, untouched by emphasis", () => {
    const html = renderMarkdown("Angle $\\alpha_1 * \\beta_2 *$ here");
    expect(html).toContain('<span class="jovi-math" data-display="false">\\alpha_1 * \\beta_2 *</span>');
    expect(html).not.toContain("<em>");
  });

  it("sanitises HTML: no scripts, no handlers, no javascript: links", () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("onerror");
    expect(html).not.toContain("javascript:");
  });

  it("opens links to other sites in a new tab", () => {
    expect(renderMarkdown("[x](https://example.org)")).toContain('target="_blank"');
    expect(renderMarkdown("[x](other.ipynb#Title)")).not.toContain("target");
  });

  it("makes heading anchors as Jupyter does", () => {
    expect(headingId(" Heading  Text ")).toBe("Heading-Text");
  });
});

describe("renderLatex", () => {
  it("typesets delimited math and treats bare LaTeX as one formula", () => {
    expect(renderLatex("$x$")).toBe('<span class="jovi-math" data-display="false">x</span>');
    expect(renderLatex("\\frac{1}{2}")).toBe('<div class="jovi-math" data-display="true">\\frac{1}{2}</div>');
  });
});
