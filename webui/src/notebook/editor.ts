// The CodeMirror 6 editor of a cell (and of the text editor page): Python or plain
// text, bracket matching, auto-indent, undo history, optional line numbers, and the
// notebook's own keys on top.
import { autocompletion, type CompletionSource } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentLess, indentMore, toggleComment } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { python } from "@codemirror/lang-python";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState, Prec, type Extension } from "@codemirror/state";
import { drawSelection, EditorView, keymap, lineNumbers, type KeyBinding } from "@codemirror/view";

export type EditorLanguage = "python" | "text";

export interface EditorOptions {
  doc: string;
  language: EditorLanguage;
  lineNumbers: boolean;
  /** Bindings that win over the editor's own (the notebook's keys). */
  keys: readonly KeyBinding[];
  onChange?: () => void;
  onFocus?: () => void;
  label: string;
  /** Where completions come from (Tab asks, when there is a word before the cursor). */
  completion?: CompletionSource;
}

/** Code colours from the page's CSS variables, so the light and dark themes each have theirs. */
const HIGHLIGHT = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword, tags.moduleKeyword], color: "var(--hl-keyword)", fontWeight: "600" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--hl-string)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--hl-number)" },
  { tag: tags.comment, color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)], color: "var(--hl-definition)" },
  { tag: [tags.meta, tags.annotation], color: "var(--hl-meta)" },
  { tag: [tags.operator], color: "var(--hl-operator)" },
  { tag: tags.invalid, color: "var(--danger)" },
]);

function contentAttributes(label: string): Extension {
  return EditorView.contentAttributes.of({ spellcheck: "false", "aria-label": label, autocorrect: "off", autocapitalize: "off" });
}

export class Editor {
  readonly view: EditorView;
  private readonly numbers = new Compartment();
  private readonly language = new Compartment();
  private readonly attributes = new Compartment();

  constructor(parent: HTMLElement, options: EditorOptions) {
    const extensions: Extension[] = [
      Prec.highest(keymap.of(options.keys)),
      // The list opens only on Tab, so Enter right after it opens means "take this one".
      options.completion ? autocompletion({ override: [options.completion], activateOnTyping: false, closeOnBlur: true, interactionDelay: 0 }) : [],
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightSelectionMatches(),
      indentUnit.of("    "),
      EditorState.tabSize.of(4),
      syntaxHighlighting(HIGHLIGHT, { fallback: true }),
      keymap.of([
        { key: "Tab", run: indentOrInsert, shift: indentLess },
        { key: "Mod-]", run: indentMore },
        { key: "Mod-[", run: indentLess },
        { key: "Mod-/", run: toggleComment },
        ...historyKeymap,
        ...searchKeymap,
        ...defaultKeymap,
      ]),
      this.numbers.of(options.lineNumbers ? lineNumbers() : []),
      this.language.of(options.language === "python" ? python() : []),
      this.attributes.of(contentAttributes(options.label)),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onChange?.();
        if (update.focusChanged && update.view.hasFocus) options.onFocus?.();
      }),
    ];
    this.view = new EditorView({ parent, state: EditorState.create({ doc: options.doc, extensions }) });
  }

  /** Name the editor ``label`` for assistive technology (its cell moved). */
  setLabel(label: string): void {
    this.view.dispatch({ effects: this.attributes.reconfigure(contentAttributes(label)) });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  set text(value: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: value } });
  }

  setLineNumbers(on: boolean): void {
    this.view.dispatch({ effects: this.numbers.reconfigure(on ? lineNumbers() : []) });
  }

  setLanguage(language: EditorLanguage): void {
    this.view.dispatch({ effects: this.language.reconfigure(language === "python" ? python() : []) });
  }

  focus(at?: "start" | "end"): void {
    if (at) {
      const pos = at === "start" ? 0 : this.view.state.doc.length;
      this.view.dispatch({ selection: { anchor: pos } });
    }
    this.view.focus();
  }

  /** Whether the cursor is on the first (or last) line, with nothing selected. */
  atEdge(edge: "first" | "last"): boolean {
    const { state } = this.view;
    const range = state.selection.main;
    if (!range.empty) return false;
    const line = state.doc.lineAt(range.head).number;
    return edge === "first" ? line === 1 : line === state.doc.lines;
  }

  /** Offset of the cursor in the text. */
  get cursor(): number {
    return this.view.state.selection.main.head;
  }

  destroy(): void {
    this.view.destroy();
  }
}

/** Tab indents when only whitespace is before the cursor (or text is selected), and
 * otherwise inserts four spaces (until kernel completion takes this key). */
function indentOrInsert(view: EditorView): boolean {
  const { state } = view;
  const range = state.selection.main;
  const before = state.doc.sliceString(state.doc.lineAt(range.head).from, range.head);
  if (!range.empty || /^\s*$/.test(before)) return indentMore(view);
  view.dispatch(state.replaceSelection("    "));
  return true;
}
