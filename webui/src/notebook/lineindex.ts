// Text kept as lines, appended to in pieces: what the page needs to draw a window of
// a stream of any length without reading all of it again for each new piece.

/** Lines longer than this are cut where they are drawn (the text keeps them whole). */
export const DRAWN_LINE_CHARS = 5_000;

export class LineIndex {
  /** The lines ended by a newline (without it). */
  private readonly done: string[] = [];
  /** The line after the last newline ("" when the text ends with one). */
  private open = "";
  /** The longest line's length. */
  longest = 0;
  /** The characters of the text. */
  length = 0;

  constructor(text = "") {
    this.append(text);
  }

  /** How many lines there are (a last line without a newline counts). */
  get count(): number {
    return this.done.length + (this.open ? 1 : 0);
  }

  append(text: string): void {
    if (!text) return;
    this.length += text.length;
    const pieces = text.split("\n");
    if (pieces.length === 1) {
      this.open += text;
    } else {
      this.done.push(this.open + pieces[0]);
      this.longest = Math.max(this.longest, this.done[this.done.length - 1].length);
      for (let i = 1; i < pieces.length - 1; i++) {
        this.done.push(pieces[i]);
        if (pieces[i].length > this.longest) this.longest = pieces[i].length;
      }
      this.open = pieces[pieces.length - 1];
    }
    if (this.open.length > this.longest) this.longest = this.open.length;
  }

  /** Lines ``from`` (inclusive) to ``to`` (exclusive), each ending with its newline. */
  text(from: number, to: number): string {
    const end = Math.min(to, this.count);
    let out = "";
    for (let i = Math.max(0, from); i < end; i++) {
      out += i < this.done.length ? `${this.done[i]}\n` : this.open;
    }
    return out;
  }

  /** Whether line ``index`` ends with a newline. */
  isEnded(index: number): boolean {
    return index < this.done.length;
  }

  /** Line ``index`` without its newline. */
  line(index: number): string {
    return index < this.done.length ? this.done[index] : this.open;
  }
}

/** ``line`` cut at ``limit`` characters, and how many were cut. */
export function cutLine(line: string, limit = DRAWN_LINE_CHARS): { shown: string; cut: number } {
  return line.length > limit ? { shown: line.slice(0, limit), cut: line.length - limit } : { shown: line, cut: 0 };
}
