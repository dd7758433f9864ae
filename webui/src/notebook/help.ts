// The keyboard shortcut help (H): every command-mode key and what it does, from
// the keymap's own tables.
import { COMMAND_KEYS, COMMAND_SEQUENCES, EDIT_KEYS, GLOBAL_KEYS, type CommandId } from "./keymap";
import { COMMAND_LABELS } from "./labels";

function table(caption: string, rows: [string, CommandId][]): HTMLTableElement {
  const element = document.createElement("table");
  const title = element.createCaption();
  title.textContent = caption;
  for (const [key, command] of rows) {
    const row = element.insertRow();
    const keyCell = row.insertCell();
    const kbd = document.createElement("kbd");
    kbd.textContent = key;
    keyCell.append(kbd);
    row.insertCell().textContent = COMMAND_LABELS[command];
  }
  return element;
}

export function showHelp(): void {
  const existing = document.querySelector<HTMLElement>(".jovi-help");
  if (existing) {
    existing.remove();
    return;
  }
  const panel = document.createElement("div");
  panel.className = "jovi-help jovi-pager";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "Keyboard shortcuts");
  panel.tabIndex = -1;
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "×";
  close.title = "Close";
  close.setAttribute("aria-label", "Close");
  close.addEventListener("click", () => panel.remove());
  const heading = document.createElement("h2");
  heading.textContent = "Keyboard shortcuts";
  panel.append(
    close,
    heading,
    table("Both modes", Object.entries(GLOBAL_KEYS)),
    table("Command mode (Esc to enter)", [
      ...Object.entries(COMMAND_KEYS),
      ...Object.entries(COMMAND_SEQUENCES).map(([keys, id]): [string, CommandId] => [keys.replace(" ", ","), id]),
    ]),
    table("Edit mode (Enter to enter)", Object.entries(EDIT_KEYS)),
  );
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape" || event.key === "q" || event.key === "h") {
      event.preventDefault();
      event.stopPropagation();
      panel.remove();
      document.querySelector<HTMLElement>(".jovi-notebook")?.focus();
    }
  });
  document.body.append(panel);
  panel.focus();
}
