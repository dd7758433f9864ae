// Markdown cells and text/markdown outputs: markdown-it (GitHub-style tables,
// strikethrough, linkified URLs, raw HTML sanitised), math kept for KaTeX, links to
// other sites opened in a new tab.
import markdownItFactory, { type MarkdownIt } from "markdown-it";
import { escapeHtml } from "./ansi";
import { joinMath, placeholder, splitMath } from "./mathsplit";
import { sanitizeHtml } from "./sanitize";

let parser: MarkdownIt | null = null;

function markdownIt(): MarkdownIt {
  if (parser) return parser;
  parser = markdownItFactory({ html: true, linkify: true, typographer: false });
  const defaultLink = parser.renderer.rules.link_open;
  parser.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const href = String(tokens[index].attrGet("href") ?? "");
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      tokens[index].attrSet("target", "_blank");
      tokens[index].attrSet("rel", "noopener");
    }
    return defaultLink ? defaultLink(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  // Headings get ids from their text, so notebook.ipynb#Heading-Text links work.
  parser.renderer.rules.heading_open = (tokens, index, options, _env, self) => {
    const inline = tokens[index + 1];
    const text = inline?.children?.map((t) => t.content).join("") ?? "";
    tokens[index].attrSet("id", headingId(text));
    return self.renderToken(tokens, index, options);
  };
  return parser;
}

/** The anchor of a heading, as Jupyter makes it: spaces become dashes. */
export function headingId(text: string): string {
  return text.trim().replace(/\s+/g, "-");
}

/** ``source`` as sanitised HTML whose math is left in ``.jovi-math`` elements. */
export function renderMarkdown(source: string): string {
  const { text, math } = splitMath(source);
  const html = markdownIt().render(text);
  return sanitizeHtml(joinMath(html, math, escapeHtml));
}

/** text/latex output: its math typeset, the rest as text; LaTeX with no delimiters
 * is one display formula. */
export function renderLatex(source: string): string {
  const { text, math } = splitMath(source);
  if (!math.length) return joinMath(placeholder(0), [{ tex: source, display: true }], escapeHtml);
  return joinMath(escapeHtml(text), math, escapeHtml);
}
