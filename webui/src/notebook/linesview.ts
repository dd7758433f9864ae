// A long text drawn in a scrolled area of its own, only the lines in view: a stream
// of a million lines costs the page a few dozen lines of DOM, and each new piece of
// it only the work of that piece. While the view is at the end it follows the end,
// as a terminal does. Lines too long to draw are cut, saying how much more they hold.
import { ansiToHtml, escapeHtml } from "../render/ansi";
import { cutLine, type LineIndex } from "./lineindex";

/** The height of one line, in CSS pixels (the stylesheet's .jovi-text-lines pre). */
export const LINE_PX = 18;
/** Browsers cap an element's height (about 33 million pixels in Chromium): past this
 * the area's scroll position maps onto the lines proportionally. */
const MAX_SPACER_PX = 15_000_000;
/** Lines drawn when the area has no size yet (not laid out). */
const UNSIZED_LINES = 40;

export class LinesView {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pre: HTMLPreElement;
  private frame = 0;
  /** Whether the view keeps to the end: until the user scrolls away from it. */
  private following = true;
  /** Where this view last scrolled itself (its own scroll events are not the user's). */
  private scrolledTo = -1;

  constructor(private readonly lines: LineIndex) {
    this.element = document.createElement("div");
    this.element.className = "jovi-text-lines";
    this.element.tabIndex = 0; // scrolled by keyboard too
    this.element.setAttribute("role", "region");
    this.element.setAttribute("aria-label", "Long output");
    this.spacer = document.createElement("div");
    this.spacer.className = "jovi-text-spacer";
    this.pre = document.createElement("pre");
    this.element.append(this.spacer, this.pre);
    this.element.addEventListener("scroll", () => {
      const { scrollTop, clientHeight, scrollHeight } = this.element;
      if (Math.abs(scrollTop - this.scrolledTo) >= 1) this.following = scrollTop + clientHeight >= scrollHeight - LINE_PX;
      if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
    });
    // Keys typed here scroll the area; they are not notebook shortcuts.
    this.element.addEventListener("keydown", (event) => {
      if (["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"].includes(event.key)) event.stopPropagation();
    });
    this.refresh();
    // Once on the page, the area has its size: scroll to the end and draw what is in view.
    requestAnimationFrame(() => this.refresh());
  }

  /** The lines changed (more came): size the area, keep to the end if it was there. */
  refresh(): void {
    this.spacer.style.height = `${Math.min(this.lines.count * LINE_PX, MAX_SPACER_PX)}px`;
    if (this.following) {
      this.element.scrollTop = this.element.scrollHeight;
      this.scrolledTo = this.element.scrollTop;
    }
    this.draw();
  }

  private draw(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const count = this.lines.count;
    const { scrollTop, clientHeight, scrollHeight } = this.element;
    const visible = clientHeight ? Math.ceil(clientHeight / LINE_PX) + 1 : UNSIZED_LINES;
    const scrollable = scrollHeight - clientHeight;
    const exact = count * LINE_PX <= MAX_SPACER_PX;
    let first: number;
    if (exact || scrollable <= 0) first = Math.floor(scrollTop / LINE_PX);
    else first = Math.round((scrollTop / scrollable) * Math.max(0, count - visible));
    first = Math.max(0, Math.min(first, count - visible));
    const last = Math.min(count, first + visible);
    // The drawn lines end within the spacer, or they would make the area longer.
    const spacerPx = Math.min(count * LINE_PX, MAX_SPACER_PX);
    this.pre.style.top = `${exact ? first * LINE_PX : Math.max(0, Math.min(scrollTop, spacerPx - (last - first) * LINE_PX))}px`;
    let html = "";
    for (let i = first; i < last; i++) {
      const { shown, cut } = cutLine(this.lines.line(i));
      html += ansiToHtml(shown);
      if (cut) html += `<span class="jovi-cut-line">${escapeHtml(` … (${cut.toLocaleString("en-US")} more characters)`)}</span>`;
      if (this.lines.isEnded(i)) html += "\n";
    }
    this.pre.innerHTML = html;
  }
}
