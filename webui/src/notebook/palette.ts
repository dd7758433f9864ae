// The command palette (Ctrl-Shift-P): every command by name, filtered as you type;
// Enter runs the first one shown (or the one chosen with the arrows).

export interface PaletteEntry {
  label: string;
  keys: string;
  run(): void;
}

/** Entries whose label has every word of ``query`` (in any order, any case). */
export function filterEntries<T extends { label: string }>(entries: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((entry) => words.every((word) => entry.label.toLowerCase().includes(word)));
}

export function showPalette(entries: readonly PaletteEntry[], after: () => void): void {
  document.querySelector(".jovi-palette")?.remove();
  const backdrop = document.createElement("div");
  backdrop.className = "jovi-dialog-backdrop jovi-palette";
  const box = document.createElement("div");
  box.className = "jovi-dialog";
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-label", "Command palette");
  const input = document.createElement("input");
  input.type = "text";
  input.placeholder = "Type a command";
  input.setAttribute("aria-label", "Command");
  const list = document.createElement("ul");
  list.className = "jovi-palette-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Commands");
  box.append(input, list);
  backdrop.append(box);
  let shown: PaletteEntry[] = [];
  let chosen = 0;

  const draw = () => {
    shown = filterEntries(entries, input.value);
    chosen = Math.min(chosen, Math.max(0, shown.length - 1));
    list.replaceChildren(
      ...shown.map((entry, index) => {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", String(index === chosen));
        item.textContent = entry.label;
        if (entry.keys) {
          const keys = document.createElement("kbd");
          keys.textContent = entry.keys;
          item.append(" ", keys);
        }
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          finish(entry);
        });
        return item;
      }),
    );
  };
  const finish = (entry: PaletteEntry | null) => {
    backdrop.remove();
    after();
    entry?.run();
  };
  input.addEventListener("input", () => {
    chosen = 0;
    draw();
  });
  input.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.key === "Escape") finish(null);
    else if (event.key === "Enter") finish(shown[chosen] ?? null);
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      chosen = Math.max(0, Math.min(shown.length - 1, chosen + (event.key === "ArrowDown" ? 1 : -1)));
      draw();
    } else return;
    event.preventDefault();
  });
  backdrop.addEventListener("mousedown", (event) => {
    if (event.target === backdrop) finish(null);
  });
  draw();
  document.body.append(backdrop);
  input.focus();
}
