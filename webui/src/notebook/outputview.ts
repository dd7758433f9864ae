// The DOM of a code cell's outputs, following an OutputList: one element per
// output, redrawn at most once per animation frame however fast messages come.
import { ansiToHtml } from "../render/ansi";
import { chooseMime, renderMime } from "../render/mime";
import { OutputList, type Output, type OutputChange } from "./outputs";

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
    } else {
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
      const element = this.render(output);
      const existing = shown[index];
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
      const pre = document.createElement("pre");
      pre.innerHTML = ansiToHtml(output.text);
      element.append(pre);
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
      if (mime) element.append(renderMime(mime, output.data, output.metadata, this.trusted));
    }
    return element;
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
