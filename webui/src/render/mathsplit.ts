// Math kept out of the Markdown parser's reach: ``$...$``, ``$$...$$``, ``\(...\)``,
// ``\[...\]`` and ``\begin{env}...\end{env}`` are cut out before parsing and put back
// afterwards, so backslashes and underscores in math are never read as Markdown.
// Code (fenced blocks and backtick spans) is left alone: a dollar there is a dollar.

export interface MathPiece {
  tex: string;
  display: boolean;
}

export interface SplitText {
  text: string;
  math: MathPiece[];
}

const MARK = "\uE000jovimath";

export function placeholder(index: number): string {
  return `${MARK}${index}\uE001`;
}

export const PLACEHOLDER = /\uE000jovimath(\d+)\uE001/g;

/** ``source`` with its math replaced by placeholders, and the math. */
export function splitMath(source: string): SplitText {
  const math: MathPiece[] = [];
  let out = "";
  let i = 0;
  const n = source.length;
  const atLineStart = (k: number) => k === 0 || source[k - 1] === "\n";
  while (i < n) {
    // fenced code block: copy to its closing fence
    if (atLineStart(i)) {
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(source.slice(i, i + 40));
      if (fence) {
        const closer = new RegExp(`\\n {0,3}${fence[1][0] === "`" ? "`" : "~"}{${fence[1].length},}[ \\t]*(?=\\n|$)`, "g");
        closer.lastIndex = i + fence[0].length;
        const end = closer.exec(source);
        const stop = end ? end.index + end[0].length : n;
        out += source.slice(i, stop);
        i = stop;
        continue;
      }
    }
    const c = source[i];
    if (c === "`") {
      let run = 1;
      while (source[i + run] === "`") run++;
      const ticks = "`".repeat(run);
      let close = source.indexOf(ticks, i + run);
      while (close >= 0 && source[close + run] === "`") close = source.indexOf(ticks, close + run + 1);
      if (close < 0) {
        out += ticks;
        i += run;
      } else {
        out += source.slice(i, close + run);
        i = close + run;
      }
      continue;
    }
    if (c === "\\") {
      const next = source[i + 1];
      if (next === "$") {
        out += "\\$";
        i += 2;
        continue;
      }
      if (next === "(" || next === "[") {
        const closing = next === "(" ? "\\)" : "\\]";
        const end = source.indexOf(closing, i + 2);
        if (end >= 0) {
          math.push({ tex: source.slice(i + 2, end), display: next === "[" });
          out += placeholder(math.length - 1);
          i = end + 2;
          continue;
        }
      }
      const begin = /^\\begin\{([A-Za-z*]+)\}/.exec(source.slice(i, i + 60));
      if (begin) {
        const endTag = `\\end{${begin[1]}}`;
        const end = source.indexOf(endTag, i + begin[0].length);
        if (end >= 0) {
          math.push({ tex: source.slice(i, end + endTag.length), display: true });
          out += placeholder(math.length - 1);
          i = end + endTag.length;
          continue;
        }
      }
      out += c + (next ?? "");
      i += 2;
      continue;
    }
    if (c === "$") {
      const display = source[i + 1] === "$";
      const delimiter = display ? "$$" : "$";
      const end = findClosingDollar(source, i + delimiter.length, delimiter);
      if (end >= 0) {
        math.push({ tex: source.slice(i + delimiter.length, end), display });
        out += placeholder(math.length - 1);
        i = end + delimiter.length;
        continue;
      }
      out += delimiter;
      i += delimiter.length;
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, math };
}

/** Where ``delimiter`` closes math opened before ``from``, or -1: not past a blank
 * line (math stays in its paragraph), skipping escaped dollars. */
function findClosingDollar(source: string, from: number, delimiter: string): number {
  let k = from;
  while (k < source.length) {
    const ch = source[k];
    if (ch === "\\") {
      k += 2;
      continue;
    }
    if (ch === "\n" && /^\n[ \t]*\n/.test(source.slice(k, k + 20))) return -1;
    if (source.startsWith(delimiter, k)) {
      if (delimiter === "$" && source[k + 1] === "$") return -1;
      return k === from ? -1 : k;
    }
    k++;
  }
  return -1;
}

/** Put math back into ``html`` as elements the typesetter fills in: ``<span
 * class="jovi-math" data-display="...">`` holding the TeX, escaped. */
export function joinMath(html: string, math: MathPiece[], escape: (s: string) => string): string {
  return html.replace(PLACEHOLDER, (_all, index: string) => {
    const piece = math[Number(index)];
    if (!piece) return "";
    const tag = piece.display ? "div" : "span";
    return `<${tag} class="jovi-math" data-display="${piece.display}">${escape(piece.tex)}</${tag}>`;
  });
}
