// The notebook's cells, which of them are selected, and the two modes: command mode
// (keys act on cells) and edit mode (keys go to the active cell's editor). Every
// command of the keymap is a method here; running code goes through the kernel
// given by the page.
import { acceptCompletion, completionStatus, startCompletion } from "@codemirror/autocomplete";
import type { EditorView, KeyBinding } from "@codemirror/view";
import type { KernelMessage } from "../kernel/messages";
import { CellView, newCellId, type CellHost, type CellJson, type CellType } from "./cell";
import type { Finder } from "./find";
import { completionSource, showPager, type KernelIntrospection } from "./introspect";
import { chord, CommandKeys, EDIT_KEYS, GLOBAL_KEYS, type CommandId } from "./keymap";
import { chooseMime, renderMime } from "../render/mime";
import { cellSummary, runSummary } from "./summary";

export type Mode = "command" | "edit";

/** How many cell operations Z can undo. */
export const UNDO_DEPTH = 50;

/** What the notebook needs from the page: the kernel, saving, asking the user. */
export interface NotebookServices {
  execute(code: string, cell: CellView, handlers: ExecuteHandlers): void;
  interrupt(): void;
  restart(): void;
  save(): void;
  showHelp(): void;
  commandPalette(): void;
  changed(): void;
  /** Say ``text`` to a screen reader (the page's live region). */
  announce(text: string): void;
  /** Completion and inspection, when a kernel is connected. */
  introspection(): KernelIntrospection | null;
}

export interface ExecuteHandlers {
  onIOPub(message: KernelMessage): void;
  onReply(message: KernelMessage): void;
  onInput(message: KernelMessage): void;
}

export class NotebookView implements CellHost {
  readonly element: HTMLElement;
  readonly cells: CellView[] = [];
  mode: Mode = "command";
  lineNumbers = false;
  readonly keys = new CommandKeys();
  /** The active cell, and the other end of the selection (Shift-J/K). */
  active = 0;
  anchor = 0;
  readonly completion = completionSource(() => this.services.introspection());
  private clipboard: CellJson[] = [];
  private readonly nearScreen: IntersectionObserver;
  /** The notebook before each cell operation (Z goes back one). */
  private readonly undoStack: { cells: CellJson[]; active: number; anchor: number }[] = [];

  constructor(
    private readonly services: NotebookServices,
    cells: CellJson[],
    trusted: boolean,
  ) {
    this.element = document.createElement("main");
    this.element.className = "jovi-notebook";
    this.element.tabIndex = -1;
    this.element.setAttribute("aria-label", "Notebook cells");
    this.element.addEventListener("keydown", (event) => this.onKeyDown(event));
    // Editors are made for the cells near the screen, as they come near it.
    this.nearScreen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const cell = this.cells.find((each) => each.element === entry.target);
          if (cell && !cell.hasEditor) void cell.editor;
          this.nearScreen.unobserve(entry.target);
        }
      },
      { rootMargin: "1200px 0px" },
    );
    for (const json of cells.length ? cells : [{ cell_type: "code", source: "" }]) {
      this.cells.push(this.adopt_(new CellView(this, json, trusted)));
    }
    this.relabel();
    this.select(0);
  }

  /** Give each cell its position (its editor's name for assistive technology says it):
   * after every change to the list of cells. */
  private relabel(): void {
    this.cells.forEach((cell, index) => cell.setPosition(index + 1));
  }

  /** Append ``cell`` to the page, its editor made when it comes near the screen. */
  private adopt_(cell: CellView, before: HTMLElement | null = null): CellView {
    this.element.insertBefore(cell.element, before);
    this.nearScreen.observe(cell.element);
    return cell;
  }

  // ------------------------------------------------------------------ cell host

  cellKeys(cell: CellView): readonly KeyBinding[] {
    const bindings: KeyBinding[] = [];
    const run = (id: CommandId) => () => {
      this.activate(cell);
      void this.run(id);
      return true;
    };
    const cmKey = (key: string) => key.replace(/^Ctrl-/, "Mod-");
    // While the completion list is open, its keys (Enter, Escape, arrows) come first.
    const unlessCompleting = (id: CommandId) => (view: EditorView) => {
      if (completionStatus(view.state) === "active") return false;
      if (id === "enter-command" && cell.tooltip.open) {
        cell.tooltip.close();
        return true;
      }
      cell.tooltip.close();
      return run(id)();
    };
    for (const [key, id] of Object.entries({ ...GLOBAL_KEYS, ...EDIT_KEYS })) {
      if (key !== "Ctrl-m") bindings.push({ key: cmKey(key), run: unlessCompleting(id) });
    }
    // Ctrl-M, unlike Esc, may give the next key the seed's meaning (when chosen).
    bindings.push({
      key: "Ctrl-m",
      run: (view) => {
        const done = unlessCompleting("enter-command")(view);
        if (done) this.keys.ctrlM();
        return done;
      },
    });
    const wordBefore = (view: EditorView) => {
      const head = view.state.selection.main.head;
      const line = view.state.doc.lineAt(head);
      return view.state.selection.main.empty && /\S$/.test(line.text.slice(0, head - line.from));
    };
    bindings.push({
      key: "Tab",
      run: (view) => {
        if (completionStatus(view.state) === "active") return acceptCompletion(view);
        if (cell.type !== "code" || !wordBefore(view)) return false; // the editor indents
        return startCompletion(view);
      },
    });
    bindings.push({
      key: "Shift-Tab",
      run: (view) => {
        if (cell.type !== "code" || !wordBefore(view)) return false; // the editor dedents
        void cell.tooltip.inspect(view, this.services.introspection());
        return true;
      },
    });
    bindings.push({
      key: "ArrowUp",
      run: () => this.crossEdge(cell, "first"),
    });
    bindings.push({
      key: "ArrowDown",
      run: () => this.crossEdge(cell, "last"),
    });
    return bindings;
  }

  cellFocused(cell: CellView): void {
    this.activate(cell);
    if (this.mode !== "edit") this.setMode("edit", false);
  }

  cellChanged(_cell: CellView): void {
    this.services.changed();
  }

  cellClicked(cell: CellView, event: MouseEvent): void {
    const index = this.cells.indexOf(cell);
    if (event.shiftKey) {
      this.active = index;
      this.showSelection();
      return;
    }
    if (index !== this.active || this.anchor !== index) this.select(index);
    const target = event.target as HTMLElement;
    // A control in the outputs (a widget's button, field or tab) takes the focus.
    if (target.closest(".jovi-outputs") && target.closest("input, textarea, select, button, a, [tabindex]")) {
      if (this.mode === "edit") this.setMode("command", false);
      return;
    }
    if (!target.closest(".jovi-editor")) {
      if (this.mode === "edit") this.commandMode();
      event.preventDefault(); // keep focus on the notebook
      this.element.focus({ preventScroll: true });
    }
  }

  cellDoubleClicked(cell: CellView): void {
    if (cell.type === "markdown" && cell.markdownRendered) {
      this.activate(cell);
      this.editMode();
    }
  }

  // ------------------------------------------------------------------ selection

  get activeCell(): CellView {
    return this.cells[this.active];
  }

  /** The selected cells, top to bottom. */
  get selected(): CellView[] {
    const [from, to] = [Math.min(this.active, this.anchor), Math.max(this.active, this.anchor)];
    return this.cells.slice(from, to + 1);
  }

  select(index: number): void {
    this.active = this.anchor = Math.max(0, Math.min(index, this.cells.length - 1));
    this.showSelection();
    if (this.mode === "command") this.announceSelection();
  }

  /** Say which cell is selected (command mode: the focus stays on the notebook). */
  private announceSelection(): void {
    const cell = this.activeCell;
    if (!cell) return;
    const prompt = cell.type === "code" && cell.executionCount !== null ? `In [${cell.executionCount}]` : "";
    this.services.announce(cellSummary(this.active + 1, this.cells.length, cell.type, prompt, cell.source));
  }

  private activate(cell: CellView): void {
    const index = this.cells.indexOf(cell);
    if (index >= 0 && index !== this.active) this.select(index);
  }

  private showSelection(): void {
    const selected = new Set(this.selected);
    this.cells.forEach((cell, i) => cell.setSelected(selected.has(cell), i === this.active));
    this.activeCell?.element.scrollIntoView({ block: "nearest" });
  }

  // ------------------------------------------------------------------ modes

  setMode(mode: Mode, focus = true): void {
    if (mode !== this.mode) this.services.announce(mode === "edit" ? `Edit mode, cell ${this.active + 1}` : "Command mode");
    this.mode = mode;
    this.element.dataset.mode = mode;
    for (const cell of this.cells) cell.setEditing(false);
    if (mode === "edit") {
      const cell = this.activeCell;
      cell.setEditing(true);
      if (cell.markdownRendered) cell.unrender();
      if (focus && !cell.editor.view.hasFocus) cell.editor.focus();
    } else if (focus) {
      this.keys.reset();
      this.element.focus({ preventScroll: true });
    }
  }

  editMode(): void {
    this.anchor = this.active;
    this.showSelection();
    this.setMode("edit");
  }

  commandMode(): void {
    this.setMode("command");
  }

  private crossEdge(cell: CellView, edge: "first" | "last"): boolean {
    if (!cell.editor.atEdge(edge)) return false;
    const index = this.cells.indexOf(cell) + (edge === "first" ? -1 : 1);
    if (index < 0 || index >= this.cells.length) return false;
    this.select(index);
    this.setMode("edit");
    this.activeCell.editor.focus(edge === "first" ? "end" : "start");
    return true;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.mode !== "command" || event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    if (target.closest(".cm-editor")) return;
    if (target.closest("input, textarea, select, button")) {
      // A widget or an input box has the keys; Esc gives them back to the cells.
      if (event.key === "Escape") {
        event.preventDefault();
        this.element.focus({ preventScroll: true });
      }
      return;
    }
    if (["Shift", "Control", "Alt", "Meta"].includes(event.key)) return;
    const result = this.keys.feed(chord(event), performance.now());
    if (!result) return;
    event.preventDefault();
    event.stopPropagation();
    if ("command" in result) void this.run(result.command);
  }

  // ------------------------------------------------------------------ commands

  /** Carry out ``command`` (from a key, a menu or the palette). */
  async run(command: CommandId): Promise<void> {
    switch (command) {
      case "run-cell-select-next":
        return this.runSelected("select-next");
      case "run-cell":
        return this.runSelected("stay");
      case "run-cell-insert-below":
        return this.runSelected("insert-below");
      case "enter-edit":
        return this.editMode();
      case "enter-command":
        if (this.mode === "edit" && this.activeCell.type === "markdown") this.activeCell.render();
        return this.commandMode();
      case "select-previous":
        return this.select(this.active - 1);
      case "select-next":
        return this.select(this.active + 1);
      case "extend-previous":
      case "extend-next":
        this.active = Math.max(0, Math.min(this.cells.length - 1, this.active + (command === "extend-next" ? 1 : -1)));
        return this.showSelection();
      case "insert-above":
        this.insert(this.active, "code");
        return;
      case "insert-below":
        this.insert(this.active + 1, "code");
        return;
      case "cut":
        this.copy();
        this.deleteSelected();
        return;
      case "copy":
        return this.copy();
      case "paste-below":
        return this.paste(Math.max(this.active, this.anchor) + 1);
      case "paste-above":
        return this.paste(Math.min(this.active, this.anchor));
      case "delete":
        return this.deleteSelected();
      case "undo-delete":
        return this.undo();
      case "merge":
        return this.merge();
      case "split":
        return this.split();
      case "to-code":
      case "to-markdown":
      case "to-raw":
        return this.changeType(command === "to-code" ? "code" : command === "to-markdown" ? "markdown" : "raw");
      case "heading-1":
      case "heading-2":
      case "heading-3":
      case "heading-4":
      case "heading-5":
      case "heading-6":
        return this.heading(Number(command.slice(-1)));
      case "toggle-output":
        for (const cell of this.selected) cell.toggleOutputs();
        return this.services.changed();
      case "toggle-output-scrolling":
        for (const cell of this.selected) cell.toggleScrolling();
        return this.services.changed();
      case "toggle-line-numbers":
        this.lineNumbers = !this.lineNumbers;
        for (const cell of this.cells) cell.setLineNumbers(this.lineNumbers);
        this.element.classList.toggle("jovi-line-numbers", this.lineNumbers);
        return;
      case "save":
        return this.services.save();
      case "interrupt":
        return this.services.interrupt();
      case "restart":
        return this.services.restart();
      case "show-help":
        return this.services.showHelp();
      case "command-palette":
        return this.services.commandPalette();
      case "move-up":
      case "move-down":
        return this.move(command === "move-up" ? -1 : 1);
      case "scroll-down":
      case "scroll-up": {
        const scroller = document.scrollingElement ?? document.documentElement;
        scroller.scrollBy({ top: (command === "scroll-down" ? 1 : -1) * window.innerHeight * 0.8 });
        return;
      }
      case "close-pager":
        document.querySelector(".jovi-pager")?.remove();
        return;
    }
  }

  insert(index: number, type: CellType, source = ""): CellView {
    this.remember();
    const cell = new CellView(this, { cell_type: type, source, id: newCellId() }, true);
    this.adopt_(cell, this.cells[index]?.element ?? null);
    this.cells.splice(index, 0, cell);
    this.select(index);
    if (this.mode === "edit") this.setMode("edit");
    this.relabel();
    this.services.changed();
    return cell;
  }

  private copy(): void {
    this.clipboard = this.selected.map((cell) => cell.toJson());
  }

  private paste(index: number): void {
    if (!this.clipboard.length) return;
    this.remember();
    this.clipboard.forEach((json, i) => {
      const cell = new CellView(this, { ...json, id: newCellId() }, true);
      this.adopt_(cell, this.cells[index + i]?.element ?? null);
      this.cells.splice(index + i, 0, cell);
    });
    this.active = index + this.clipboard.length - 1;
    this.anchor = index;
    this.showSelection();
    this.relabel();
    this.services.changed();
  }

  private deleteSelected(): void {
    const cells = this.selected;
    const index = this.cells.indexOf(cells[0]);
    this.remember();
    for (const cell of cells) cell.destroy();
    this.cells.splice(index, cells.length);
    if (!this.cells.length) {
      const cell = new CellView(this, { cell_type: "code", source: "" }, true);
      this.cells.push(this.adopt_(cell));
    }
    this.select(Math.min(index, this.cells.length - 1));
    this.relabel();
    this.services.changed();
  }

  /** Remember the notebook as it is, before a cell operation (the last 50 are kept). */
  private remember(): void {
    this.undoStack.push({ cells: this.toJson(), active: this.active, anchor: this.anchor });
    if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
  }

  /** Undo the last cell operation (insert, delete, cut, paste, merge, split, move, type). */
  private undo(): void {
    const last = this.undoStack.pop();
    if (!last) return;
    for (const cell of this.cells) cell.destroy();
    this.cells.length = 0;
    for (const json of last.cells) {
      const cell = new CellView(this, json, json.metadata?.trusted === true || json.cell_type !== "code");
      this.cells.push(this.adopt_(cell));
    }
    this.active = Math.min(last.active, this.cells.length - 1);
    this.anchor = Math.min(last.anchor, this.cells.length - 1);
    this.showSelection();
    this.setMode("command");
    this.relabel();
    this.services.changed();
  }

  /** Merge the selected cells (or the active one with the one below). */
  private merge(): void {
    let cells = this.selected;
    if (cells.length === 1) {
      const below = this.cells[this.active + 1];
      if (!below) return;
      cells = [cells[0], below];
    }
    this.remember();
    const [first, ...rest] = cells;
    first.source = cells.map((cell) => cell.source).join("\n\n");
    if (first.type === "markdown") first.render();
    for (const cell of rest) {
      cell.destroy();
      this.cells.splice(this.cells.indexOf(cell), 1);
    }
    this.select(this.cells.indexOf(first));
    this.relabel();
    this.services.changed();
  }

  /** Split the active cell at the cursor (or at each selection boundary). */
  private split(): void {
    const cell = this.activeCell;
    this.remember();
    const at = cell.editor.cursor;
    const text = cell.source;
    const [before, after] = [text.slice(0, at).replace(/\n$/, ""), text.slice(at).replace(/^\n/, "")];
    cell.source = before;
    const index = this.cells.indexOf(cell) + 1;
    const below = this.insert(index, cell.type, after);
    this.undoStack.splice(this.undoStack.length - 1, 1); // one step with the split
    below.editor.focus("start");
    this.relabel();
    this.services.changed();
  }

  private changeType(type: CellType): void {
    if (this.selected.every((cell) => cell.type === type)) return;
    this.remember();
    for (const cell of this.selected) {
      cell.setType(type);
      if (type === "markdown" && this.mode === "command") cell.render();
    }
    this.relabel();
    this.services.changed();
  }

  private heading(level: number): void {
    this.remember();
    for (const cell of this.selected) {
      const text = cell.source.replace(/^#+\s*/, "");
      cell.setType("markdown");
      cell.source = `${"#".repeat(level)} ${text}`;
      if (this.mode === "command") cell.render();
    }
    this.relabel();
    this.services.changed();
  }

  private move(step: -1 | 1): void {
    const cells = this.selected;
    const first = this.cells.indexOf(cells[0]);
    const target = first + step;
    if (target < 0 || target + cells.length > this.cells.length) return;
    this.remember();
    this.cells.splice(first, cells.length);
    this.cells.splice(target, 0, ...cells);
    const next = this.cells[target + cells.length]?.element ?? null;
    for (const cell of cells) this.element.insertBefore(cell.element, next);
    this.active += step;
    this.anchor += step;
    this.showSelection();
    this.relabel();
    this.services.changed();
  }

  // ------------------------------------------------------------------ running

  private async runSelected(then: "select-next" | "stay" | "insert-below"): Promise<void> {
    const cells = this.selected;
    for (const cell of cells) this.execute(cell);
    const last = this.cells.indexOf(cells[cells.length - 1]);
    if (then === "stay") {
      this.anchor = this.active = last;
      this.showSelection();
      if (this.mode === "edit" && cells[0].type === "markdown") this.commandMode();
      return;
    }
    if (then === "insert-below" || last === this.cells.length - 1) {
      this.insert(last + 1, "code");
      if (then === "insert-below") return this.setMode("edit");
      return this.setMode("edit");
    }
    this.select(last + 1);
    if (this.mode === "edit") this.commandMode();
  }

  /** Run one cell: Markdown is rendered, code goes to the kernel. */
  execute(cell: CellView): void {
    if (cell.type === "markdown") {
      cell.render();
      return;
    }
    if (cell.type !== "code") return;
    const code = cell.source;
    cell.clearOutputs();
    if (!code.trim()) {
      cell.executionCount = null;
      cell.updatePrompt();
      return;
    }
    cell.queued = true;
    cell.updatePrompt();
    this.services.announce(`Cell ${this.cells.indexOf(cell) + 1} running`);
    this.services.execute(code, cell, {
      onIOPub: (message) => {
        this.iopub(cell, message);
        // The closing idle status: every output of the run has come.
        if (message.header.msg_type === "status" && (message.content as { execution_state?: string }).execution_state === "idle") {
          this.services.announce(runSummary(this.cells.indexOf(cell) + 1, cell.outputs.list.items));
        }
      },
      onReply: (message) => {
        if (message.header.msg_type !== "execute_reply") return;
        const content = message.content as { execution_count?: number; status?: string };
        cell.queued = false;
        if (content.status !== "aborted" && content.execution_count) cell.executionCount = content.execution_count;
        cell.updatePrompt();
        this.payloads(cell, (message.content as { payload?: Record<string, unknown>[] }).payload ?? []);
        this.relabel();
        this.services.changed();
      },
      onInput: (message) => {
        const content = message.content as { prompt?: string; password?: boolean };
        this.services.announce(`Cell ${this.cells.indexOf(cell) + 1} asks for ${content.password ? "a password" : "input"}: ${content.prompt ?? ""}`);
        cell.outputs.ask(content.prompt ?? "", content.password === true, (value) => this.answer(message, value));
      },
    });
  }

  /** What the kernel asks of the page after a run: ``page`` (help for ``obj?``) goes
   * to the pager, ``set_next_input`` (``%load``) fills the next cell or this one. */
  private payloads(cell: CellView, payloads: Record<string, unknown>[]): void {
    for (const payload of payloads) {
      if (payload.source === "page") {
        const bundle = (payload.data ?? {}) as Record<string, unknown>;
        const mime = chooseMime(bundle, false);
        if (mime) showPager(renderMime(mime, bundle, {}, false));
      } else if (payload.source === "set_next_input" && typeof payload.text === "string") {
        if (payload.replace) cell.source = payload.text;
        else this.insert(this.cells.indexOf(cell) + 1, "code", payload.text);
      }
    }
  }

  /** Set by the page: sends an input_reply. */
  answer: (request: KernelMessage, value: string) => void = () => {};

  /** An IOPub message of an execution this page did not start (replayed by the server
   * for the cell ``cellId``, or run from another tab). */
  adopt(cellId: string, message: KernelMessage): void {
    const cell = this.cells.find((each) => each.id === cellId);
    if (!cell || cell.type !== "code") return;
    const type = message.header.msg_type;
    if (type === "execute_input") {
      cell.clearOutputs(); // the run starts again from its first output
      cell.queued = true;
    } else if (type === "status") {
      const state = (message.content as { execution_state?: string }).execution_state;
      if (state === "idle") cell.queued = false;
    }
    this.iopub(cell, message);
    cell.updatePrompt();
  }

  private iopub(cell: CellView, message: KernelMessage): void {
    const type = message.header.msg_type;
    const content = message.content;
    if (type === "execute_input") {
      const count = (content as { execution_count?: number }).execution_count;
      if (count) cell.executionCount = count;
      return;
    }
    if (type === "update_display_data") {
      for (const each of this.cells) each.outputs.list.updateDisplay(content);
      return;
    }
    if (cell.outputs.list.handle(type, content)) this.services.changed();
  }

  /** The kernel restarted: nothing runs any more, and nobody waits for input. */
  kernelRestarted(): void {
    for (const cell of this.cells) {
      if (cell.queued) {
        cell.queued = false;
        cell.updatePrompt();
      }
      cell.outputs.dropInputs();
    }
  }

  /** Replace the active cell's metadata (from the metadata editor). */
  setMetadata(metadata: Record<string, unknown>): void {
    this.remember();
    const cell = this.activeCell;
    cell.metadata = metadata;
    cell.metadataChanged();
    this.relabel();
    this.services.changed();
  }

  /** Clear all outputs, and the prompt numbers with them (diffs stay small). */
  clearAllOutputs(): void {
    for (const cell of this.cells) {
      if (cell.type !== "code") continue;
      cell.clearOutputs();
      cell.executionCount = null;
      cell.updatePrompt();
    }
    this.relabel();
    this.services.changed();
  }

  runAll(): void {
    for (const cell of this.cells) this.execute(cell);
  }

  /** Select the next cell (after the active one, wrapping) whose text holds ``text``;
   * whether there is one. */
  findNext(found: Finder): boolean {
    const count = this.cells.length;
    for (let step = 1; step <= count; step++) {
      const index = (this.active + step) % count;
      if (found.matches(this.cells[index].source)) {
        this.select(index);
        return true;
      }
    }
    return false;
  }

  /** Replace every match in every cell (one step for Z); how many were replaced. */
  replaceAll(found: Finder, replacement: string): number {
    let replaced = 0;
    const touched = this.cells.filter((cell) => found.matches(cell.source));
    if (!touched.length) return 0;
    this.remember();
    for (const cell of touched) {
      const { text, count } = found.replace(cell.source, replacement);
      replaced += count;
      cell.source = text;
      if (cell.markdownRendered) cell.render();
    }
    this.relabel();
    this.services.changed();
    return replaced;
  }

  /** Run the cells above the active one (not it). */
  runAbove(): void {
    for (const cell of this.cells.slice(0, this.active)) this.execute(cell);
  }

  /** Run the active cell and those below it. */
  runBelow(): void {
    for (const cell of this.cells.slice(this.active)) this.execute(cell);
  }

  toJson(): CellJson[] {
    return this.cells.map((cell) => cell.toJson());
  }
}
