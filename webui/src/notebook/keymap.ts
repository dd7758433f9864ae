// Keys to commands, without the DOM: a key event as a chord ("Shift-Enter", "a",
// "Ctrl-S"), the command-mode table of the modern Jupyter notebook, sequences of two
// keys (D,D; I,I; 0,0), and the seed's Ctrl-M prefix as an option.

export type CommandId =
  | "run-cell-select-next"
  | "run-cell"
  | "run-cell-insert-below"
  | "enter-edit"
  | "enter-command"
  | "select-previous"
  | "select-next"
  | "extend-previous"
  | "extend-next"
  | "insert-above"
  | "insert-below"
  | "cut"
  | "copy"
  | "paste-below"
  | "paste-above"
  | "delete"
  | "undo-delete"
  | "merge"
  | "to-code"
  | "to-markdown"
  | "to-raw"
  | "heading-1"
  | "heading-2"
  | "heading-3"
  | "heading-4"
  | "heading-5"
  | "heading-6"
  | "toggle-output"
  | "toggle-output-scrolling"
  | "toggle-line-numbers"
  | "save"
  | "interrupt"
  | "restart"
  | "show-help"
  | "split"
  | "move-up"
  | "move-down"
  | "scroll-down"
  | "scroll-up"
  | "command-palette"
  | "close-pager";

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** ``event`` as a chord: modifiers in the order Ctrl, Alt, Shift, then the key. Letters
 * are lower case ("Shift-j"); Cmd on a Mac counts as Ctrl. */
export function chord(event: KeyLike): string {
  let key = event.key;
  if (key.length === 1) key = key.toLowerCase();
  if (key === " ") key = "Space";
  if (key === "_" && event.shiftKey) key = "-"; // Shift-minus reports "_"
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push("Ctrl");
  if (event.altKey) parts.push("Alt");
  if (event.shiftKey && key !== "Shift") parts.push("Shift");
  parts.push(key);
  return parts.join("-");
}

/** Both modes (also inside the editor). */
export const GLOBAL_KEYS: Readonly<Record<string, CommandId>> = {
  "Shift-Enter": "run-cell-select-next",
  "Ctrl-Enter": "run-cell",
  "Alt-Enter": "run-cell-insert-below",
  "Ctrl-s": "save",
  "Ctrl-Shift-p": "command-palette",
};

/** Edit mode, on top of the editor's own keys. */
export const EDIT_KEYS: Readonly<Record<string, CommandId>> = {
  Escape: "enter-command",
  "Ctrl-m": "enter-command", // bound by the notebook itself (the seed's prefix)
  "Ctrl-Shift--": "split",
};

/** Command mode: single keys. */
export const COMMAND_KEYS: Readonly<Record<string, CommandId>> = {
  Enter: "enter-edit",
  ArrowUp: "select-previous",
  k: "select-previous",
  ArrowDown: "select-next",
  j: "select-next",
  "Shift-ArrowUp": "extend-previous",
  "Shift-k": "extend-previous",
  "Shift-ArrowDown": "extend-next",
  "Shift-j": "extend-next",
  a: "insert-above",
  b: "insert-below",
  x: "cut",
  c: "copy",
  v: "paste-below",
  "Shift-v": "paste-above",
  z: "undo-delete",
  "Shift-m": "merge",
  y: "to-code",
  m: "to-markdown",
  r: "to-raw",
  "1": "heading-1",
  "2": "heading-2",
  "3": "heading-3",
  "4": "heading-4",
  "5": "heading-5",
  "6": "heading-6",
  o: "toggle-output",
  "Shift-o": "toggle-output-scrolling",
  l: "toggle-line-numbers",
  s: "save",
  h: "show-help",
  Space: "scroll-down",
  "Shift-Space": "scroll-up",
  q: "close-pager",
  Escape: "close-pager",
  "Ctrl-Shift--": "split",
};

/** Command mode: two presses of one key. */
export const COMMAND_SEQUENCES: Readonly<Record<string, CommandId>> = {
  "d d": "delete",
  "i i": "interrupt",
  "0 0": "restart",
};

/** The seed (IPython 1.x): Ctrl-M then one key, where it means something else than
 * the same key in command mode. */
export const LEGACY_AFTER_CTRL_M: Readonly<Record<string, CommandId>> = {
  d: "delete",
  t: "to-raw",
  p: "select-previous",
  n: "select-next",
  i: "interrupt",
  ".": "restart",
  "-": "split",
};

/** How long the second key of a sequence may wait. */
export const SEQUENCE_TIMEOUT_MS = 1000;

export type KeyResult = { command: CommandId } | { pending: true } | null;

/** The user's command-mode keys, as kept in the settings (``shortcuts``): each entry
 * binds ``keys`` (a chord as :func:`chord` writes it, or two separated by a space,
 * "g g") to ``command``, or with ``disabled`` unbinds them. */
export interface ShortcutEntry {
  keys: string;
  command?: string;
  disabled?: boolean;
}

/** Chords (or sequences) to a command, or to null where unbound. */
export type CustomKeys = Record<string, CommandId | null>;

/** The bindings of ``value`` (the settings' list), and what in it was not understood. */
export function parseShortcuts(value: unknown, known: ReadonlySet<string>): { keys: CustomKeys; problems: string[] } {
  const keys: CustomKeys = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { keys, problems };
  if (!Array.isArray(value)) return { keys, problems: ["the shortcuts are a JSON list"] };
  for (const entry of value as unknown[]) {
    const { keys: chordText, command, disabled } = (entry ?? {}) as Partial<ShortcutEntry>;
    if (typeof chordText !== "string" || !chordText.trim()) {
      problems.push(`${JSON.stringify(entry)} names no keys`);
    } else if (disabled === true) {
      keys[chordText.trim()] = null;
    } else if (typeof command === "string" && known.has(command)) {
      keys[chordText.trim()] = command as CommandId;
    } else {
      problems.push(`${JSON.stringify(command ?? null)} is not a command`);
    }
  }
  return { keys, problems };
}

/** Command mode's keys, one at a time: single keys, two-key sequences, and (when
 * ``legacy``) the seed's meaning of the key after Ctrl-M. */
export class CommandKeys {
  private first: { chord: string; at: number } | null = null;
  private afterCtrlM = false;
  /** The user's own keys, over the defaults (``shortcuts`` in the settings). */
  custom: CustomKeys = {};

  constructor(public legacy = false) {}

  /** Ctrl-M was pressed in edit mode (the next key may take the seed's meaning). */
  ctrlM(): void {
    this.afterCtrlM = this.legacy;
    this.first = null;
  }

  feed(key: string, now: number): KeyResult {
    if (this.afterCtrlM) {
      this.afterCtrlM = false;
      const legacy = LEGACY_AFTER_CTRL_M[key];
      if (legacy) return { command: legacy };
    }
    const sequences = this.sequences();
    if (this.first && now - this.first.at <= SEQUENCE_TIMEOUT_MS) {
      const sequence = sequences[`${this.first.chord} ${key}`];
      this.first = null;
      if (sequence) return { command: sequence };
    }
    this.first = null;
    if (key in this.custom) {
      const mine = this.custom[key];
      return mine ? { command: mine } : null;
    }
    if (Object.keys(sequences).some((s) => s.startsWith(`${key} `))) {
      this.first = { chord: key, at: now };
      return { pending: true };
    }
    const command = COMMAND_KEYS[key] ?? GLOBAL_KEYS[key];
    return command ? { command } : null;
  }

  /** The two-key sequences: the defaults, with the user's added or unbound. */
  private sequences(): Record<string, CommandId> {
    const all: Record<string, CommandId | null> = { ...COMMAND_SEQUENCES };
    for (const [keys, command] of Object.entries(this.custom)) if (keys.includes(" ")) all[keys] = command;
    return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, CommandId] => entry[1] !== null));
  }

  reset(): void {
    this.first = null;
    this.afterCtrlM = false;
  }
}

/** The chords bound to ``command`` in command mode, for the help (e.g. ["D,D"]),
 * with the user's ``custom`` keys over the defaults. */
export function keysOf(command: CommandId, custom: CustomKeys = {}): string[] {
  const found: string[] = [];
  const singles = { ...GLOBAL_KEYS, ...COMMAND_KEYS, ...custom };
  const sequences = { ...COMMAND_SEQUENCES, ...custom };
  for (const [key, id] of Object.entries(singles)) if (id === command && !key.includes(" ")) found.push(key);
  for (const [keys, id] of Object.entries(sequences)) if (id === command && keys.includes(" ")) found.push(keys.replace(" ", ","));
  return found;
}
