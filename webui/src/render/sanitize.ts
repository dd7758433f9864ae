// HTML from outputs of untrusted notebooks and from Markdown cells, made safe: no
// scripts, no event handlers, no javascript: links, no frames or forms.
import DOMPurify from "dompurify";

export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ["style", "form", "iframe", "object", "embed", "base", "meta", "link"],
    ADD_ATTR: ["target"],
  });
}

export function sanitizeSvg(svg: string): string {
  return DOMPurify.sanitize(svg, { USE_PROFILES: { svg: true, svgFilters: true } });
}
