// Completion and inspection from the kernel, for the cell editors: Tab asks the
// kernel for completions (words of the cell when it cannot answer in time), Shift-Tab
// shows what the kernel knows of the name at the cursor in a tooltip; pressed again
// it shows more, a third time it moves it to the pager at the bottom.
import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import type { EditorView } from "@codemirror/view";
import { chooseMime, renderMime, type MimeBundle } from "../render/mime";

export interface CompleteReply {
  matches: string[];
  /** Where the replaced text starts and ends, in code points of the cell. */
  cursor_start: number;
  cursor_end: number;
}

export interface KernelIntrospection {
  complete(code: string, cursorPos: number): Promise<CompleteReply | null>;
  inspect(code: string, cursorPos: number, detail: 0 | 1): Promise<MimeBundle | null>;
}

/** The code point offset of UTF-16 offset ``index`` in ``text`` (the protocol counts code points). */
export function toCodePoints(text: string, index: number): number {
  let points = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < index) i++;
    points++;
  }
  return points;
}

/** The UTF-16 offset of code point offset ``points`` in ``text``. */
export function fromCodePoints(text: string, points: number): number {
  let index = 0;
  for (let p = 0; p < points && index < text.length; p++) {
    const unit = text.charCodeAt(index);
    index += unit >= 0xd800 && unit <= 0xdbff ? 2 : 1;
  }
  return index;
}

/** Words of ``code`` that start with the word before ``pos`` (when the kernel is silent). */
export function localCompletions(code: string, pos: number): { from: number; words: string[] } | null {
  const before = /[A-Za-z_][\w]*$/.exec(code.slice(0, pos));
  if (!before) return null;
  const prefix = before[0];
  const words = new Set<string>();
  for (const match of code.matchAll(/[A-Za-z_]\w*/g)) {
    if (match[0] !== prefix && match[0].startsWith(prefix)) words.add(match[0]);
  }
  return { from: pos - prefix.length, words: [...words].sort() };
}

export function completionSource(kernel: () => KernelIntrospection | null) {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const code = context.state.doc.toString();
    const reply = await kernel()?.complete(code, toCodePoints(code, context.pos)).catch(() => null);
    if (reply && reply.matches.length) {
      const options: Completion[] = [...new Set(reply.matches)].map((label) => ({ label }));
      return {
        from: fromCodePoints(code, reply.cursor_start),
        to: fromCodePoints(code, reply.cursor_end),
        options,
        filter: false,
      };
    }
    const local = localCompletions(code, context.pos);
    if (!local?.words.length) return null;
    return { from: local.from, options: local.words.map((label) => ({ label, type: "text" })), filter: false };
  };
}

/** The pager at the bottom of the page (Esc or Q in command mode, or its button, closes it). */
export function showPager(content: HTMLElement): HTMLElement {
  document.querySelector(".jovi-pager")?.remove();
  const pager = document.createElement("section");
  pager.className = "jovi-pager";
  pager.setAttribute("aria-label", "Pager");
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "×";
  close.title = "Close the pager";
  close.setAttribute("aria-label", "Close the pager");
  close.addEventListener("click", () => pager.remove());
  pager.append(close, content);
  document.body.append(pager);
  return pager;
}

/** The inspection tooltip of one editor, and how many times Shift-Tab was pressed. */
export class Tooltip {
  private element: HTMLElement | null = null;
  private presses = 0;

  get open(): boolean {
    return this.element !== null;
  }

  close(): void {
    this.element?.remove();
    this.element = null;
    this.presses = 0;
  }

  /** Shift-Tab at the cursor of ``view``. */
  async inspect(view: EditorView, kernel: KernelIntrospection | null): Promise<void> {
    if (!kernel) return;
    this.presses += 1;
    const presses = this.presses;
    const code = view.state.doc.toString();
    const pos = view.state.selection.main.head;
    const bundle = await kernel.inspect(code, toCodePoints(code, pos), presses > 1 ? 1 : 0).catch(() => null);
    if (!bundle) {
      this.close();
      return;
    }
    const mime = chooseMime(bundle, true) ?? "text/plain";
    const body = renderMime(mime === "text/html" ? "text/plain" : mime, bundle, {}, false);
    if (presses >= 3) {
      this.close();
      showPager(body);
      return;
    }
    this.element?.remove();
    const element = document.createElement("div");
    element.className = `jovi-tooltip${presses > 1 ? " jovi-tooltip-expanded" : ""}`;
    element.setAttribute("role", "tooltip");
    element.append(body);
    const at = view.coordsAtPos(pos);
    element.style.left = `${Math.max(8, (at?.left ?? 0) + window.scrollX)}px`;
    element.style.top = `${(at?.bottom ?? 0) + window.scrollY + 4}px`;
    document.body.append(element);
    this.element = element;
    this.presses = presses;
  }
}
