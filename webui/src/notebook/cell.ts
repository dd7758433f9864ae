// One cell on the page: its prompt, its editor, its rendered Markdown, its outputs.
import type { CompletionSource } from "@codemirror/autocomplete";
import type { KeyBinding } from "@codemirror/view";
import { renderMarkdown } from "../render/markdown";
import { typesetMath } from "../render/math";
import { Editor } from "./editor";
import { Tooltip } from "./introspect";
import { outputFromJson, outputToJson } from "./outputs";
import { OutputView } from "./outputview";

export type CellType = "code" | "markdown" | "raw";

/** A cell as nbformat 4.5 stores it. */
export interface CellJson {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata?: Record<string, unknown>;
  outputs?: Record<string, unknown>[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

export interface CellHost {
  cellKeys(cell: CellView): readonly KeyBinding[];
  cellFocused(cell: CellView): void;
  cellChanged(cell: CellView): void;
  cellClicked(cell: CellView, event: MouseEvent): void;
  cellDoubleClicked(cell: CellView): void;
  completion: CompletionSource;
  lineNumbers: boolean;
}

export function newCellId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 16);
}

export class CellView {
  readonly element: HTMLElement;
  private madeEditor: Editor | null = null;
  private readonly makeEditor: () => Editor;
  private readonly staticSource: HTMLElement;
  private pendingSource: string;
  readonly outputs: OutputView;
  id: string;
  type: CellType;
  metadata: Record<string, unknown>;
  attachments: Record<string, unknown> | undefined;
  executionCount: number | null;
  /** Running or waiting to run. */
  queued = false;
  /** Its outputs may be signed: read from a trusted notebook, or made in this session. */
  outputsTrusted: boolean;
  /** The Shift-Tab tooltip of its editor. */
  readonly tooltip = new Tooltip();
  private readonly prompt: HTMLElement;
  private readonly rendered: HTMLElement;
  private readonly tagsElement: HTMLElement;
  private isRendered = false;
  /** Its position in the notebook, counted from 1 (its editor is named after it). */
  private position = 0;

  constructor(
    host: CellHost,
    json: CellJson,
    trusted: boolean,
  ) {
    this.id = json.id ?? newCellId();
    this.type = json.cell_type === "markdown" || json.cell_type === "raw" ? json.cell_type : "code";
    this.metadata = { ...(json.metadata ?? {}) };
    delete this.metadata.trusted; // never written to the file (the server signs instead)
    this.attachments = json.attachments;
    this.executionCount = json.execution_count ?? null;
    this.outputsTrusted = trusted || !json.outputs?.length;

    this.element = document.createElement("div");
    this.element.className = "jovi-cell";
    this.element.setAttribute("role", "group");
    this.element.addEventListener("mousedown", (event) => host.cellClicked(this, event));
    this.element.addEventListener("dblclick", () => host.cellDoubleClicked(this));

    this.prompt = document.createElement("div");
    this.prompt.className = "jovi-prompt";
    const input = document.createElement("div");
    input.className = "jovi-input";
    const editorHost = document.createElement("div");
    editorHost.className = "jovi-editor";
    this.rendered = document.createElement("div");
    this.rendered.className = "jovi-rendered jovi-markdown";
    input.append(this.prompt, editorHost, this.rendered);

    this.tagsElement = document.createElement("div");
    this.tagsElement.className = "jovi-tags";
    this.tagsElement.setAttribute("aria-label", "Tags");
    this.outputs = new OutputView();
    this.outputs.trusted = trusted;
    this.element.append(this.tagsElement, input, this.outputs.element);

    const source = Array.isArray(json.source) ? json.source.join("") : json.source;
    // The editor is made when the cell comes near the screen or is used: until then
    // its text is shown as plain text, so a notebook of thousands of cells opens fast.
    this.staticSource = document.createElement("pre");
    this.staticSource.className = "jovi-static-source";
    this.staticSource.textContent = source;
    editorHost.append(this.staticSource);
    this.pendingSource = source;
    this.makeEditor = () =>
      new Editor(editorHost, {
        doc: this.pendingSource,
        language: this.type === "code" ? "python" : "text",
        lineNumbers: host.lineNumbers,
        keys: host.cellKeys(this),
        onChange: () => host.cellChanged(this),
        onFocus: () => host.cellFocused(this),
        label: this.label,
        completion: host.completion,
      });
    if (this.type === "code" && json.outputs) {
      this.outputs.list.load(json.outputs.map(outputFromJson));
      this.outputs.flush();
    }
    this.outputs.trusted = true; // what runs from now on is the user's own
    this.applyType();
    if (this.type === "markdown" && source.trim()) this.render();
    this.updatePrompt();
    this.metadataChanged();
  }

  /** The cell's editor (made now if it was not yet). */
  private get label(): string {
    return `Cell ${this.position} input`;
  }

  /** The cell is now the ``position``-th (from 1): its editor's name follows. */
  setPosition(position: number): void {
    if (position === this.position) return;
    this.position = position;
    this.madeEditor?.setLabel(this.label);
  }

  get editor(): Editor {
    if (!this.madeEditor) {
      this.staticSource.remove();
      this.madeEditor = this.makeEditor();
    }
    return this.madeEditor;
  }

  /** Whether the editor exists (the cell was near the screen or used). */
  get hasEditor(): boolean {
    return this.madeEditor !== null;
  }

  get source(): string {
    return this.madeEditor ? this.madeEditor.text : this.pendingSource;
  }

  set source(text: string) {
    if (this.madeEditor) this.madeEditor.text = text;
    else {
      this.pendingSource = text;
      this.staticSource.textContent = text;
    }
  }

  get markdownRendered(): boolean {
    return this.isRendered;
  }

  setType(type: CellType): void {
    if (type === this.type) return;
    this.type = type;
    if (type !== "code") {
      this.outputs.list.clear();
      this.outputs.flush();
      this.executionCount = null;
    }
    this.madeEditor?.setLanguage(type === "code" ? "python" : "text");
    this.unrender();
    this.applyType();
    this.updatePrompt();
  }

  private applyType(): void {
    this.element.dataset.type = this.type;
    this.element.setAttribute("aria-label", `${this.type === "code" ? "Code" : this.type === "markdown" ? "Markdown" : "Raw"} cell`);
  }

  /** Show a Markdown cell as HTML (an empty one stays in its editor). */
  render(): void {
    if (this.type !== "markdown") return;
    this.rendered.innerHTML = renderMarkdown(this.source || "*Empty Markdown cell: double-click to edit*");
    this.isRendered = true;
    this.element.classList.add("jovi-is-rendered");
    void typesetMath(this.rendered);
  }

  unrender(): void {
    this.isRendered = false;
    this.element.classList.remove("jovi-is-rendered");
  }

  updatePrompt(): void {
    if (this.type !== "code") {
      this.prompt.textContent = "";
      return;
    }
    const count = this.queued ? "*" : this.executionCount ?? " ";
    this.prompt.textContent = `In [${count}]:`;
  }

  /** Remove the outputs (before a run, or Clear Output). */
  clearOutputs(): void {
    this.outputs.list.clear();
    this.outputs.dropInputs();
    this.outputs.flush();
    this.outputsTrusted = true;
  }

  setSelected(selected: boolean, active: boolean): void {
    this.element.classList.toggle("jovi-selected", selected);
    this.element.classList.toggle("jovi-active", active);
    this.element.setAttribute("aria-current", active ? "true" : "false");
  }

  setEditing(editing: boolean): void {
    this.element.classList.toggle("jovi-editing", editing);
  }

  setLineNumbers(on: boolean): void {
    this.madeEditor?.setLineNumbers(on);
  }

  get outputsHidden(): boolean {
    const jupyter = this.metadata.jupyter as { outputs_hidden?: boolean } | undefined;
    return jupyter?.outputs_hidden === true || this.metadata.collapsed === true;
  }

  toggleOutputs(): void {
    const hidden = !this.outputsHidden;
    const jupyter = { ...((this.metadata.jupyter as Record<string, unknown>) ?? {}) };
    if (hidden) jupyter.outputs_hidden = true;
    else delete jupyter.outputs_hidden;
    if (Object.keys(jupyter).length) this.metadata.jupyter = jupyter;
    else delete this.metadata.jupyter;
    if (hidden) this.metadata.collapsed = true;
    else delete this.metadata.collapsed;
    this.applyOutputFlags();
  }

  /** Scroll the output in its area, or show it whole (``metadata.scrolled`` true or
   * false; unset, long output scrolls by itself). */
  toggleScrolling(): void {
    const scrolling = this.metadata.scrolled === true || (this.metadata.scrolled === undefined && this.outputs.element.classList.contains("jovi-auto-scrolled"));
    this.metadata.scrolled = !scrolling;
    this.applyOutputFlags();
  }

  /** Show what the metadata says (tags, hidden or scrolled output). */
  metadataChanged(): void {
    this.applyOutputFlags();
    const tags = Array.isArray(this.metadata.tags) ? (this.metadata.tags as unknown[]).map(String) : [];
    this.tagsElement.textContent = tags.length ? tags.join(", ") : "";
    this.tagsElement.hidden = !tags.length;
  }

  private applyOutputFlags(): void {
    this.element.classList.toggle("jovi-outputs-hidden", this.outputsHidden);
    this.element.classList.toggle("jovi-outputs-scrolled", this.metadata.scrolled === true);
    this.outputs.autoScroll = this.metadata.scrolled !== false;
    this.outputs.element.classList.toggle("jovi-auto-scrolled", this.outputs.autoScroll && this.outputs.element.classList.contains("jovi-auto-scrolled"));
  }

  /** The cell as nbformat 4.5 JSON; ``trusted`` marks code cells the server may sign. */
  toJson(): CellJson {
    const json: CellJson = { id: this.id, cell_type: this.type, metadata: { ...this.metadata }, source: this.source };
    if (this.attachments && this.type !== "code") json.attachments = this.attachments;
    if (this.type === "code") {
      this.outputs.flush();
      json.outputs = this.outputs.list.items.map(outputToJson);
      json.execution_count = this.executionCount;
      json.metadata = { ...json.metadata, trusted: this.outputsTrusted };
    }
    return json;
  }

  destroy(): void {
    this.tooltip.close();
    this.madeEditor?.destroy();
    this.element.remove();
  }
}
