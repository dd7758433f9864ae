// What find and replace look for in the cells: plain text, or a regular expression
// (JavaScript's, with $1... in the replacement), without the DOM.

export interface FindQuery {
  text: string;
  regex: boolean;
}

export interface Finder {
  /** Whether ``source`` holds a match. */
  matches(source: string): boolean;
  /** ``source`` with every match replaced, and how many there were. */
  replace(source: string, replacement: string): { text: string; count: number };
}

/** The finder of ``query``, or why there is none (a regular expression that does not parse). */
export function finder(query: FindQuery): Finder | string {
  if (!query.regex) {
    const plain: Finder = {
      matches: (source) => source.includes(query.text),
      replace: (source, replacement) => {
        const parts = source.split(query.text);
        return { text: parts.join(replacement), count: parts.length - 1 };
      },
    };
    return plain;
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(query.text, "gmu");
  } catch (error) {
    return `Not a regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  const regex: Finder = {
    matches: (source) => {
      pattern.lastIndex = 0;
      return pattern.test(source);
    },
    // The replacement's $1, $<name>, $& are read as String.prototype.replace reads them.
    replace: (source, replacement) => ({
      text: source.replace(pattern, replacement),
      count: Array.from(source.matchAll(pattern)).length,
    }),
  };
  return regex;
}
