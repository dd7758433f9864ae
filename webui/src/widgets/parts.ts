// What the widget views share: a description shown as a label before the control,
// the ``disabled`` flag.
import type { WidgetModel } from "./manager";

/** The model's ``description`` as a visible label, or null when it has none. */
export function label(model: WidgetModel): HTMLLabelElement | null {
  const text = model.get<string>("description");
  if (!text) return null;
  const element = document.createElement("label");
  element.className = "jovi-widget-label";
  element.textContent = text;
  return element;
}

export function isDisabled(model: WidgetModel): boolean {
  return model.get<boolean>("disabled") === true;
}

/** A widget's element: its label (if any), then ``controls``. */
export function captioned(model: WidgetModel, className: string, ...controls: HTMLElement[]): HTMLElement {
  const host = document.createElement("div");
  host.className = `jovi-widget ${className}`;
  const name = label(model);
  host.append(...(name ? [name] : []), ...controls);
  return host;
}
