// Views of a Controller (the gamepad widget): a caption (the pad's name, or what to
// do to connect one), a row of axes and a row of buttons. A button is a small box
// filled to its value; an axis is a slot with a mark from top (-1) to bottom (1).
// Each is a meter for assistive technology ("Button 0", "Axis 1").
import { drawChildren, type Draw } from "./containers";
import { UNSUPPORTED_TEXT, WAITING_TEXT } from "./controller";
import type { WidgetManager, WidgetModel } from "./manager";

function meter(model: WidgetModel, kind: string, min: number): HTMLElement {
  const host = document.createElement("div");
  host.className = `jovi-widget jovi-widget-controller-${kind.toLowerCase()}`;
  const face = document.createElement("div");
  face.className = "jovi-controller-face";
  face.setAttribute("role", "meter");
  face.setAttribute("aria-valuemin", String(min));
  face.setAttribute("aria-valuemax", "1");
  const mark = document.createElement("div");
  mark.className = "jovi-controller-mark";
  face.append(mark);
  const caption = document.createElement("div");
  caption.className = "jovi-controller-caption";
  const show = () => {
    const value = Number(model.get("value") ?? 0);
    const name = String(model.get("description") ?? "");
    face.setAttribute("aria-label", `${kind} ${name}`.trim());
    face.setAttribute("aria-valuenow", String(value));
    caption.textContent = name;
    if (min < 0) mark.style.top = `${50 * (value + 1)}%`;
    else mark.style.height = `${100 * value}%`;
    host.classList.toggle("jovi-pressed", model.get("pressed") === true);
  };
  model.onChange(show);
  show();
  host.append(face, caption);
  return host;
}

export function controllerButton(model: WidgetModel): HTMLElement {
  return meter(model, "Button", 0);
}

export function controllerAxis(model: WidgetModel): HTMLElement {
  return meter(model, "Axis", -1);
}

export function controller(manager: WidgetManager, model: WidgetModel, draw: Draw): HTMLElement {
  const host = document.createElement("div");
  host.className = "jovi-widget jovi-widget-controller";
  host.setAttribute("role", "group");
  const caption = document.createElement("div");
  caption.className = "jovi-controller-name";
  const axes = document.createElement("div");
  axes.className = "jovi-controller-axes";
  const buttons = document.createElement("div");
  buttons.className = "jovi-controller-buttons";
  const showName = () => {
    const name = String(model.get("name") ?? "");
    caption.textContent = name || (manager.hasGamepads ? WAITING_TEXT : UNSUPPORTED_TEXT);
    host.setAttribute("aria-label", name ? `Gamepad ${name}` : "Gamepad");
  };
  model.onChange((changed) => {
    if ("name" in changed) showName();
    if ("axes" in changed) axes.replaceChildren(...drawChildren(manager, model, draw, "axes"));
    if ("buttons" in changed) buttons.replaceChildren(...drawChildren(manager, model, draw, "buttons"));
  });
  showName();
  axes.append(...drawChildren(manager, model, draw, "axes"));
  buttons.append(...drawChildren(manager, model, draw, "buttons"));
  host.append(caption, axes, buttons);
  return host;
}
