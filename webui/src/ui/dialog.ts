// Modal dialogs (confirm, ask for a name) and the notification line, keyboard first:
// Enter accepts, Escape cancels, focus stays inside while open.

export interface DialogOptions {
  title: string;
  body?: string;
  accept: string;
  cancel?: string;
  /** Ask for text, starting with this value. */
  input?: string;
  /** A long text to edit (a textarea) instead of a line. */
  multiline?: boolean;
  danger?: boolean;
  /** A third button, between cancel and accept; choosing it resolves to ``ALTERNATIVE``. */
  alternative?: string;
  /** A checkbox under the text (as "Regular expression"); ``changed`` hears each change. */
  toggle?: { label: string; checked: boolean; changed: (checked: boolean) => void };
}

/** What :func:`dialog` resolves to when the ``alternative`` button was chosen. */
export const ALTERNATIVE = "\u0000alternative";

/** Resolves to the text typed (or "" for a confirmation) when accepted, null when cancelled. */
export function dialog(options: DialogOptions): Promise<string | null> {
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null;
    const backdrop = document.createElement("div");
    backdrop.className = "jovi-dialog-backdrop";
    const box = document.createElement("div");
    box.className = "jovi-dialog";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    const title = document.createElement("h2");
    title.id = `jovi-dialog-title-${Date.now()}`;
    title.textContent = options.title;
    box.setAttribute("aria-labelledby", title.id);
    box.append(title);
    if (options.body) {
      const body = document.createElement("p");
      body.textContent = options.body;
      box.append(body);
    }
    let field: HTMLInputElement | HTMLTextAreaElement | null = null;
    if (options.input !== undefined) {
      if (options.multiline) {
        field = document.createElement("textarea");
        field.rows = 12;
      } else {
        field = document.createElement("input");
        field.type = "text";
      }
      field.value = options.input;
      field.setAttribute("aria-label", options.title);
      box.append(field);
    }
    let toggle: HTMLInputElement | null = null;
    if (options.toggle) {
      const { label: text, checked, changed } = options.toggle;
      const label = document.createElement("label");
      label.className = "jovi-dialog-toggle";
      toggle = document.createElement("input");
      toggle.type = "checkbox";
      toggle.checked = checked;
      const box = toggle;
      toggle.addEventListener("change", () => changed(box.checked));
      label.append(toggle, ` ${text}`);
      field?.after(label);
    }
    const buttons = document.createElement("div");
    buttons.className = "jovi-dialog-buttons";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = options.cancel ?? "Cancel";
    const accept = document.createElement("button");
    accept.type = "button";
    accept.className = options.danger ? "jovi-danger" : "jovi-primary";
    accept.textContent = options.accept;
    buttons.append(cancel);
    let alternative: HTMLButtonElement | null = null;
    if (options.alternative) {
      alternative = document.createElement("button");
      alternative.type = "button";
      alternative.textContent = options.alternative;
      alternative.addEventListener("click", () => close(ALTERNATIVE));
      buttons.append(alternative);
    }
    buttons.append(accept);
    box.append(buttons);
    backdrop.append(box);

    const close = (value: string | null) => {
      backdrop.remove();
      previous?.focus();
      resolve(value);
    };
    accept.addEventListener("click", () => close(field ? field.value : ""));
    cancel.addEventListener("click", () => close(null));
    box.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Escape") {
        event.preventDefault();
        close(null);
      } else if (event.key === "Enter" && document.activeElement === alternative) {
        event.preventDefault();
        close(ALTERNATIVE);
      } else if (event.key === "Enter" && document.activeElement !== cancel && !(field instanceof HTMLTextAreaElement && document.activeElement === field && !event.ctrlKey)) {
        event.preventDefault();
        close(field ? field.value : "");
      } else if (event.key === "Tab") {
        const stops: HTMLElement[] = [field, toggle, cancel, alternative, accept].filter((e) => e !== null);
        const at = stops.indexOf(document.activeElement as HTMLElement);
        const next = (at + (event.shiftKey ? -1 : 1) + stops.length) % stops.length;
        event.preventDefault();
        stops[next].focus();
      }
    });
    document.body.append(backdrop);
    if (field instanceof HTMLTextAreaElement) {
      field.focus();
    } else if (field) {
      field.focus();
      const dot = field.value.lastIndexOf(".");
      field.setSelectionRange(0, dot > 0 ? dot : field.value.length);
    } else {
      accept.focus();
    }
  });
}

/** The notification line: one message at a time, read out by screen readers. */
export class Notifier {
  readonly element: HTMLElement;
  private timer = 0;

  constructor() {
    this.element = document.createElement("div");
    this.element.className = "jovi-notification";
    this.element.setAttribute("role", "status");
    this.element.setAttribute("aria-live", "polite");
  }

  show(message: string, kind: "info" | "error" = "info", sticky = false): void {
    window.clearTimeout(this.timer);
    this.element.textContent = message;
    this.element.dataset.kind = kind;
    this.element.hidden = false;
    if (!sticky) this.timer = window.setTimeout(() => this.clear(), 4000);
  }

  clear(): void {
    this.element.textContent = "";
    this.element.hidden = true;
  }
}
