// Tabs (the WAI-ARIA pattern): a tablist whose arrow keys, Home and End move between
// tabs, each tab showing its panel; the chosen tab is kept in the URL's hash
// (#running, #clusters) so that a link or a reload opens it.

export interface Tab {
  id: string;
  label: string;
  panel: HTMLElement;
}

export interface Tabs {
  element: HTMLElement;
  select(id: string, focus?: boolean): void;
  selected(): string;
}

/** The tab a hash names (``#clusters``), or the first. */
export function tabFromHash(hash: string, ids: readonly string[]): string {
  const wanted = hash.replace(/^#/, "");
  return ids.includes(wanted) ? wanted : ids[0];
}

/** The tab a key moves to from ``current`` (null: the key is not a tab key). */
export function tabAfterKey(key: string, current: number, count: number): number | null {
  if (key === "ArrowRight") return (current + 1) % count;
  if (key === "ArrowLeft") return (current - 1 + count) % count;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

export function tabs(label: string, items: Tab[], onSelect: (id: string) => void = () => {}): Tabs {
  const list = document.createElement("div");
  list.className = "jovi-tabs";
  list.setAttribute("role", "tablist");
  list.setAttribute("aria-label", label);
  const buttons = items.map((item) => {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `jovi-tab-${item.id}`;
    tab.textContent = item.label;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", `jovi-panel-${item.id}`);
    item.panel.id = `jovi-panel-${item.id}`;
    item.panel.setAttribute("role", "tabpanel");
    item.panel.setAttribute("aria-labelledby", tab.id);
    tab.addEventListener("click", () => select(item.id));
    list.append(tab);
    return tab;
  });
  list.addEventListener("keydown", (event) => {
    const current = buttons.findIndex((b) => b.getAttribute("aria-selected") === "true");
    const next = tabAfterKey(event.key, current, items.length);
    if (next === null) return;
    event.preventDefault();
    select(items[next].id, true);
  });
  let chosen = items[0].id;

  function select(id: string, focus = false): void {
    chosen = id;
    items.forEach((item, index) => {
      const on = item.id === id;
      buttons[index].setAttribute("aria-selected", String(on));
      buttons[index].tabIndex = on ? 0 : -1;
      item.panel.hidden = !on;
      if (on && focus) buttons[index].focus();
    });
    const hash = id === items[0].id ? "" : `#${id}`;
    if (window.location.hash !== hash) history.replaceState(null, "", `${window.location.pathname}${window.location.search}${hash}`);
    onSelect(id);
  }

  select(tabFromHash(window.location.hash, items.map((i) => i.id)));
  return { element: list, select, selected: () => chosen };
}
