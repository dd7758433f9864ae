import { describe, expect, it } from "vitest";
import { chord, COMMAND_KEYS, CommandKeys, keysOf, parseShortcuts, SEQUENCE_TIMEOUT_MS } from "./keymap";

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
  chord({ key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods });

describe("chord", () => {
  it("names keys with their modifiers", () => {
    expect(key("Enter", { shiftKey: true })).toBe("Shift-Enter");
    expect(key("S", { ctrlKey: true })).toBe("Ctrl-s");
    expect(key("s", { metaKey: true })).toBe("Ctrl-s");
    expect(key("J", { shiftKey: true })).toBe("Shift-j");
    expect(key("_", { ctrlKey: true, shiftKey: true })).toBe("Ctrl-Shift--");
    expect(key(" ")).toBe("Space");
  });
});

describe("CommandKeys", () => {
  it("maps the modern command-mode keys", () => {
    const keys = new CommandKeys();
    const expected: Record<string, string> = {
      a: "insert-above", b: "insert-below", x: "cut", c: "copy", v: "paste-below", z: "undo-delete",
      m: "to-markdown", y: "to-code", r: "to-raw", "1": "heading-1", "6": "heading-6",
      "Shift-m": "merge", j: "select-next", k: "select-previous", "Shift-j": "extend-next",
      "Shift-k": "extend-previous", s: "save", l: "toggle-line-numbers", o: "toggle-output",
      "Shift-o": "toggle-output-scrolling", h: "show-help", Enter: "enter-edit",
      "Shift-Enter": "run-cell-select-next", "Ctrl-Enter": "run-cell", "Alt-Enter": "run-cell-insert-below",
    };
    for (const [pressed, command] of Object.entries(expected)) expect(keys.feed(pressed, 0)).toEqual({ command });
  });

  it("needs D, I and 0 twice, within the timeout", () => {
    const keys = new CommandKeys();
    expect(keys.feed("d", 0)).toEqual({ pending: true });
    expect(keys.feed("d", 100)).toEqual({ command: "delete" });
    expect(keys.feed("i", 200)).toEqual({ pending: true });
    expect(keys.feed("i", 300)).toEqual({ command: "interrupt" });
    expect(keys.feed("0", 400)).toEqual({ pending: true });
    expect(keys.feed("0", 400 + SEQUENCE_TIMEOUT_MS + 1)).toEqual({ pending: true });
    expect(keys.feed("0", 400 + SEQUENCE_TIMEOUT_MS + 2)).toEqual({ command: "restart" });
  });

  it("lets another key break a sequence", () => {
    const keys = new CommandKeys();
    keys.feed("d", 0);
    expect(keys.feed("a", 10)).toEqual({ command: "insert-above" });
    expect(keys.feed("d", 20)).toEqual({ pending: true });
  });

  it("gives the seed's meaning to the key after Ctrl-M when asked", () => {
    const legacy = new CommandKeys(true);
    legacy.ctrlM();
    expect(legacy.feed("d", 0)).toEqual({ command: "delete" });
    legacy.ctrlM();
    expect(legacy.feed(".", 0)).toEqual({ command: "restart" });
    legacy.ctrlM();
    expect(legacy.feed("a", 0)).toEqual({ command: "insert-above" }); // same in both
    const modern = new CommandKeys(false);
    modern.ctrlM();
    expect(modern.feed("d", 0)).toEqual({ pending: true });
  });

  it("ignores keys it does not know", () => {
    expect(new CommandKeys().feed("w", 0)).toBeNull();
  });
});

describe("keysOf", () => {
  it("lists a command's keys for the help", () => {
    expect(keysOf("delete")).toEqual(["d,d"]);
    expect(keysOf("select-next").sort()).toEqual(["ArrowDown", "j"]);
    expect(Object.keys(COMMAND_KEYS).length).toBeGreaterThan(30);
  });
});

describe("the user's shortcuts", () => {
  const known = new Set(["delete", "to-code", "insert-below"]);

  it("bind, rebind and unbind command-mode keys, single or sequences", () => {
    const { keys, problems } = parseShortcuts(
      [
        { keys: "Shift-d", command: "delete" },
        { keys: "b", disabled: true },
        { keys: "g g", command: "to-code" },
        { keys: "d d", disabled: true },
      ],
      known,
    );
    expect(problems).toEqual([]);
    const commands = new CommandKeys();
    commands.custom = keys;
    expect(commands.feed("Shift-d", 0)).toEqual({ command: "delete" });
    expect(commands.feed("b", 0)).toBeNull();
    expect(commands.feed("g", 0)).toEqual({ pending: true });
    expect(commands.feed("g", 10)).toEqual({ command: "to-code" });
    expect(commands.feed("d", 20)).toBeNull(); // D,D unbound: D alone means nothing
    expect(commands.feed("a", 30)).toEqual({ command: "insert-above" }); // defaults stay
    expect(keysOf("delete", keys)).toEqual(["Shift-d"]);
  });

  it("say what they do not understand", () => {
    expect(parseShortcuts({}, known).problems).toEqual(["the shortcuts are a JSON list"]);
    expect(parseShortcuts([{ keys: "q", command: "fly" }, { command: "delete" }], known).problems).toEqual([
      '"fly" is not a command',
      '{"command":"delete"} names no keys',
    ]);
  });
});
