// The page's announcements for screen readers: a live region (a log, read politely)
// that says what happens away from the focus: a cell running, done or failed with
// what it printed, the mode, the cell selected in command mode. It is not seen on
// screen; the latest announcements stay in it, so they can be read again.

/** How many announcements the region keeps. */
export const KEPT = 20;

/** The longest announcement, in characters (a long output is cut). */
export const LONGEST = 300;

export class Announcer {
  readonly element: HTMLElement;

  constructor() {
    this.element = document.createElement("div");
    this.element.className = "jovi-announcer";
    this.element.setAttribute("role", "log");
    this.element.setAttribute("aria-live", "polite");
    this.element.setAttribute("aria-label", "Announcements");
  }

  say(text: string): void {
    const line = document.createElement("p");
    line.textContent = shorten(text);
    this.element.append(line);
    while (this.element.childElementCount > KEPT) this.element.firstElementChild?.remove();
  }

  /** The latest announcement. */
  get last(): string {
    return this.element.lastElementChild?.textContent ?? "";
  }
}

/** ``text`` on one line, cut to :data:`LONGEST` characters. */
export function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > LONGEST ? `${line.slice(0, LONGEST - 1)}…` : line;
}
