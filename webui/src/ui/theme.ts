// Light and dark themes: the user's choice is kept in the browser (localStorage) and
// applies to every page; "system", the default, follows prefers-color-scheme, also
// when the system changes it while a page is open. The stylesheet reads only
// <html data-theme="light|dark">, which this module sets.

export type ThemeChoice = "system" | "light" | "dark";
export type Theme = "light" | "dark";

export const THEME_KEY = "jovi.theme";
const CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];
const DARK_QUERY = "(prefers-color-scheme: dark)";

/** The stored choice ("system" when none, or when what is stored is not a choice). */
export function storedTheme(storage: Pick<Storage, "getItem"> = window.localStorage): ThemeChoice {
  let value: string | null = null;
  try {
    value = storage.getItem(THEME_KEY);
  } catch {
    // storage refused (a sandboxed frame): the default
  }
  return CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : "system";
}

/** The theme a choice means, given whether the system prefers dark. */
export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): Theme {
  if (choice === "system") return systemPrefersDark ? "dark" : "light";
  return choice;
}

let following: MediaQueryList | null = null;
const onSystemChange = () => applyTheme("system");

/** Show ``choice`` on this page, following the system while it is "system". */
export function applyTheme(choice: ThemeChoice): void {
  const query = window.matchMedia(DARK_QUERY);
  const root = document.documentElement;
  root.dataset.theme = resolveTheme(choice, query.matches);
  root.dataset.themeChoice = choice;
  if (choice === "system" && following !== query) {
    following?.removeEventListener("change", onSystemChange);
    query.addEventListener("change", onSystemChange);
    following = query;
  } else if (choice !== "system" && following) {
    following.removeEventListener("change", onSystemChange);
    following = null;
  }
}

/** Keep ``choice`` for every page of this server and show it. */
export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === "system") window.localStorage.removeItem(THEME_KEY);
    else window.localStorage.setItem(THEME_KEY, choice);
  } catch {
    // not kept, still shown
  }
  applyTheme(choice);
}

/** The header's theme menu (System, Light, Dark). */
export function themeSelect(): HTMLSelectElement {
  const select = document.createElement("select");
  select.className = "jovi-theme";
  select.setAttribute("aria-label", "Theme");
  select.title = "Theme";
  for (const [value, label] of [["system", "System theme"], ["light", "Light theme"], ["dark", "Dark theme"]]) select.add(new Option(label, value));
  select.value = storedTheme();
  select.addEventListener("change", () => chooseTheme(select.value as ThemeChoice));
  return select;
}
