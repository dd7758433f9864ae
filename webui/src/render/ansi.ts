// Terminal text to HTML: SGR colours and styles (16, 256 and 24-bit colours) become
// spans; every other escape sequence is dropped; carriage returns and backspaces
// overwrite as a terminal would.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

interface Style {
  fg: string | null; // a class name ("ansi-red") or a CSS colour ("rgb(...)")
  bg: string | null;
  bold: boolean;
  faint: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

function plain(): Style {
  return { fg: null, bg: null, bold: false, faint: false, italic: false, underline: false, inverse: false };
}

function color256(n: number): string {
  if (n < 16) return `ansi-${n < 8 ? "" : "bright-"}${NAMES[n % 8]}`;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
  }
  const gray = 8 + (n - 232) * 10;
  return `rgb(${gray},${gray},${gray})`;
}

/** Apply the parameters of one ``ESC [ ... m`` to ``style``. */
function applySgr(style: Style, params: number[]): void {
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) Object.assign(style, plain());
    else if (p === 1) style.bold = true;
    else if (p === 2) style.faint = true;
    else if (p === 3) style.italic = true;
    else if (p === 4) style.underline = true;
    else if (p === 7) style.inverse = true;
    else if (p === 22) style.bold = style.faint = false;
    else if (p === 23) style.italic = false;
    else if (p === 24) style.underline = false;
    else if (p === 27) style.inverse = false;
    else if (p >= 30 && p <= 37) style.fg = `ansi-${NAMES[p - 30]}`;
    else if (p === 39) style.fg = null;
    else if (p >= 40 && p <= 47) style.bg = `ansi-${NAMES[p - 40]}`;
    else if (p === 49) style.bg = null;
    else if (p >= 90 && p <= 97) style.fg = `ansi-bright-${NAMES[p - 90]}`;
    else if (p >= 100 && p <= 107) style.bg = `ansi-bright-${NAMES[p - 100]}`;
    else if (p === 38 || p === 48) {
      let value: string | null = null;
      if (params[i + 1] === 5 && i + 2 < params.length) {
        value = color256(params[i + 2]);
        i += 2;
      } else if (params[i + 1] === 2 && i + 4 < params.length) {
        const [r, g, b] = params.slice(i + 2, i + 5).map((v) => Math.max(0, Math.min(255, v)));
        value = `rgb(${r},${g},${b})`;
        i += 4;
      } else {
        break; // malformed: ignore the rest
      }
      if (p === 38) style.fg = value;
      else style.bg = value;
    }
  }
}

function open(style: Style): string {
  const classes: string[] = [];
  const css: string[] = [];
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) {
    [fg, bg] = [bg ?? "ansi-default-inverse", fg ?? "ansi-default-inverse"];
  }
  const put = (value: string | null, kind: "fg" | "bg") => {
    if (value === null) return;
    if (value.startsWith("ansi-")) classes.push(`${value}-${kind}`);
    else css.push(`${kind === "fg" ? "color" : "background-color"}:${value}`);
  };
  put(fg, "fg");
  put(bg, "bg");
  if (style.bold) classes.push("ansi-bold");
  if (style.faint) classes.push("ansi-faint");
  if (style.italic) classes.push("ansi-italic");
  if (style.underline) classes.push("ansi-underline");
  if (!classes.length && !css.length) return "";
  const cls = classes.length ? ` class="${classes.join(" ")}"` : "";
  const attr = css.length ? ` style="${css.join(";")}"` : "";
  return `<span${cls}${attr}>`;
}

/** Carriage returns overwrite the line from its start; backspaces remove the
 * character before them. ``\r\n`` is a newline. */
export function fixConsole(text: string): string {
  if (!text.includes("\r") && !text.includes("\b")) return text;
  const lines = text.replace(/\r+\n/g, "\n").split("\n");
  return lines
    .map((line) => {
      let current = line;
      if (current.includes("\r")) {
        current = current.split("\r").reduce((shown, part) => part + shown.slice(part.length));
      }
      while (current.includes("\b")) current = current.replace(/[^\x08]?\x08/, "");
      return current;
    })
    .join("\n");
}

// ESC [ params final | ESC ] ... BEL/ST | ESC other
const ESCAPES = /\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?/g;

/** ``text`` (with terminal escapes) as HTML, escaped. */
export function ansiToHtml(text: string): string {
  const source = fixConsole(text);
  const style = plain();
  let html = "";
  let last = 0;
  let opened = "";
  for (const match of source.matchAll(ESCAPES)) {
    html += escapeHtml(source.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] !== "m") continue; // cursor moves, titles...: dropped
    const params = (match[1] ?? "").split(/[;:]/).map((v) => (v === "" ? 0 : Number(v)));
    applySgr(style, params);
    if (opened) html += "</span>";
    opened = open(style);
    html += opened;
  }
  html += escapeHtml(source.slice(last));
  if (opened) html += "</span>";
  return html;
}
