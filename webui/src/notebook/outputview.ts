// The DOM of a code cell's outputs, following an OutputList: one element per
// output, redrawn at most once per animation frame however fast messages come. A
// long stream (or text) is drawn by a LinesView, only the lines in view, and is fed
// only the text that came since the last frame.
import { ansiToHtml } from "../render/ansi";
import { chooseMime, renderMime } from "../render/mime";
import { DRAWN_LINE_CHARS, LineIndex } from "./lineindex";
import { LinesView } from "./linesview";
import { OutputList, type Output, type OutputChange } from "./outputs";

/** Text past any of these is drawn by a LinesView rather than whole. */
export const LONG_TEXT = { lines: 1_000, chars: 100_000, lineChars: DRAWN_LINE_CHARS };

function isLong(lines: LineIndex): boolean {
  return lines.count > LONG_TEXT.lines || lines.length > LONG_TEXT.chars || lines.longest > LONG_TEXT.lineChars;
}

/** A stream output's lines, kept up to date as text comes, and its view once long. */
interface StreamLines {
  lines: LineIndex;
  view: LinesView | null;
  element: HTMLElement | null;
}

/** Output taller than this (about 100 lines) scrolls in its area. */
export const AUTO_SCROLL_PX = 1700;

export class OutputView {
  readonly element: HTMLElement;
  readonly list: OutputList;
  /** Whether new outputs may run scripts (outputs of this session, or a trusted file). */
  trusted = true;
  /** Whether long output may scroll in its area (the cell's ``scrolled`` is not false). */
  autoScroll = true;
  private readonly dirty = new Set<number>();
  private readonly streams = new Map<Output, StreamLines>();
  private cleared = false;
  private frame = 0;

  constructor() {
    this.element = document.createElement("div");
    this.element.className = "jovi-outputs";
    this.element.setAttribute("aria-live", "polite");
    this.list = new OutputList((change) => this.schedule(change));
  }

  private schedule(change: OutputChange): void {
    if (change.kind === "clear") {
      this.cleared = true;
      this.dirty.clear();
      this.streams.clear();
    } else {
      if (change.kind === "update" && change.appended !== undefined) {
        const output = this.list.items[change.index];
        if (output) this.streams.get(output)?.lines.append(change.appended);
      }
      this.dirty.add(change.index);
    }
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Draw what changed now (also called before the notebook is saved or read back). */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.cleared) {
      this.cleared = false;
      for (const child of Array.from(this.element.children)) {
        if (!child.classList.contains("jovi-stdin")) child.remove();
      }
    }
    const indices = Array.from(this.dirty).sort((a, b) => a - b);
    this.dirty.clear();
    const shown = this.element.querySelectorAll<HTMLElement>(":scope > .jovi-output");
    for (const index of indices) {
      const output = this.list.items[index];
      if (!output) continue;
      const existing = shown[index];
      if (output.output_type === "stream") {
        const stream = this.streamLines(output);
        if (stream.view && stream.element === existing) {
          stream.view.refresh();
          continue;
        }
      }
      const element = this.render(output);
      if (existing) existing.replaceWith(element);
      else {
        const stdin = this.element.querySelector(":scope > .jovi-stdin");
        this.element.insertBefore(element, stdin);
      }
    }
    this.element.classList.toggle("jovi-empty", this.list.items.length === 0);
    // Long output scrolls in its own area unless the cell says otherwise (Shift-O).
    this.element.classList.toggle("jovi-auto-scrolled", this.autoScroll && this.element.scrollHeight > AUTO_SCROLL_PX);
  }

  private render(output: Output): HTMLElement {
    const element = document.createElement("div");
    element.className = `jovi-output jovi-output-${output.output_type}`;
    if (output.output_type === "stream") {
      element.classList.add(`jovi-stream-${output.name}`);
      const stream = this.streamLines(output);
      if (isLong(stream.lines)) {
        stream.view = new LinesView(stream.lines);
        stream.element = element;
        element.append(stream.view.element);
      } else {
        const pre = document.createElement("pre");
        pre.innerHTML = ansiToHtml(output.text);
        element.append(pre);
      }
    } else if (output.output_type === "error") {
      const pre = document.createElement("pre");
      pre.innerHTML = ansiToHtml(output.traceback.length ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`);
      element.append(pre);
    } else {
      if (output.output_type === "execute_result" && output.execution_count) {
        const prompt = document.createElement("div");
        prompt.className = "jovi-out-prompt";
        prompt.textContent = `Out[${output.execution_count}]:`;
        element.append(prompt);
      }
      const mime = chooseMime(output.data, this.trusted);
      const text = mime === "text/plain" ? joinedText(output.data[mime]) : "";
      const lines = text.length > LONG_TEXT.chars ? new LineIndex(text) : null;
      if (lines) element.append(new LinesView(lines).element);
      else if (mime) element.append(renderMime(mime, output.data, output.metadata, this.trusted));
    }
    return element;
  }

  private streamLines(output: Output & { output_type: "stream" }): StreamLines {
    let stream = this.streams.get(output);
    if (!stream) {
      stream = { lines: new LineIndex(output.text), view: null, element: null };
      this.streams.set(output, stream);
    }
    return stream;
  }

  /** An input box for the kernel's ``input_request``; ``answer`` gets what was typed. */
  ask(prompt: string, password: boolean, answer: (value: string) => void): HTMLInputElement {
    this.flush();
    const box = document.createElement("div");
    box.className = "jovi-stdin";
    const label = document.createElement("label");
    const text = document.createElement("span");
    text.className = "jovi-stdin-prompt";
    text.textContent = prompt;
    const input = document.createElement("input");
    input.type = password ? "password" : "text";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-label", prompt.trim() || "Input for the kernel");
    label.append(text, input);
    box.append(label);
    input.addEventListener("keydown", (event) => {
      event.stopPropagation(); // keys typed here are not notebook shortcuts
      if (event.key !== "Enter") return;
      event.preventDefault();
      const value = input.value;
      box.remove();
      // What was typed is echoed into the output, as a terminal would (never a password).
      this.list.add({ output_type: "stream", name: "stdout", text: `${prompt}${password ? "········" : value}\n` });
      answer(value);
    });
    this.element.append(box);
    input.focus();
    return input;
  }

  /** Remove input boxes nobody will answer (the kernel restarted). */
  dropInputs(): void {
    for (const box of Array.from(this.element.querySelectorAll(":scope > .jovi-stdin"))) box.remove();
  }
}

function joinedText(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}
