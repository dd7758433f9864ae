// The menu bar (File, Edit, View, Cell, Run, Kernel, Help): the page's commands by
// menu, operable by keyboard (Enter or Down opens, arrows move, Esc closes).

export interface MenuEntry {
  menu: string;
  label: string;
  keys: string;
  run(): void;
}

export function menuBar(entries: () => MenuEntry[], after: () => void): HTMLElement {
  const bar = document.createElement("nav");
  bar.className = "jovi-menubar";
  bar.setAttribute("role", "menubar");
  bar.setAttribute("aria-label", "Menus");
  const names = [...new Set(entries().map((entry) => entry.menu))];
  let open: HTMLElement | null = null;

  const close = () => {
    open?.remove();
    open = null;
    for (const button of Array.from(bar.children)) button.setAttribute("aria-expanded", "false");
  };

  const show = (button: HTMLButtonElement, menu: string) => {
    close();
    const list = document.createElement("ul");
    list.className = "jovi-menu";
    list.setAttribute("role", "menu");
    list.setAttribute("aria-label", menu);
    for (const entry of entries().filter((each) => each.menu === menu)) {
      const item = document.createElement("li");
      item.setAttribute("role", "menuitem");
      item.tabIndex = -1;
      item.textContent = entry.label;
      if (entry.keys) {
        const keys = document.createElement("kbd");
        keys.textContent = entry.keys;
        item.append(keys);
      }
      const choose = () => {
        close();
        after();
        entry.run();
      };
      item.addEventListener("click", choose);
      item.addEventListener("keydown", (event) => {
        event.stopPropagation();
        const items = Array.from(list.children) as HTMLElement[];
        const at = items.indexOf(item);
        if (event.key === "Enter" || event.key === " ") choose();
        else if (event.key === "Escape") {
          close();
          button.focus();
        } else if (event.key === "ArrowDown") items[(at + 1) % items.length].focus();
        else if (event.key === "ArrowUp") items[(at - 1 + items.length) % items.length].focus();
        else return;
        event.preventDefault();
      });
      list.append(item);
    }
    const box = button.getBoundingClientRect();
    list.style.left = `${box.left + window.scrollX}px`;
    list.style.top = `${box.bottom + window.scrollY}px`;
    document.body.append(list);
    button.setAttribute("aria-expanded", "true");
    open = list;
    (list.firstElementChild as HTMLElement | null)?.focus();
  };

  for (const name of names) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name;
    button.setAttribute("role", "menuitem");
    button.setAttribute("aria-haspopup", "menu");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", () => (open && button.getAttribute("aria-expanded") === "true" ? close() : show(button, name)));
    button.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        show(button, name);
      }
    });
    bar.append(button);
  }
  document.addEventListener("mousedown", (event) => {
    if (open && !open.contains(event.target as Node) && !bar.contains(event.target as Node)) close();
  });
  return bar;
}
