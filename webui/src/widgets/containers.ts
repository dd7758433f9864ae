// Views of the container widgets: boxes (children side by side or stacked), Tab (a
// tab list, one panel shown), Accordion (sections, one open), Stack (one child
// shown). ``selected_index`` follows the model both ways; the children's views are
// drawn by ``draw`` once the kernel has opened their models.
import { referenced, type WidgetManager, type WidgetModel } from "./manager";

export type Draw = (model: WidgetModel) => HTMLElement;

let panels = 0;

/** A slot for each model listed under ``key`` (``children`` by default), filled with
 * its view as its model comes. */
export function drawChildren(manager: WidgetManager, model: WidgetModel, draw: Draw, key = "children"): HTMLElement[] {
  return (model.get<unknown[]>(key) ?? []).map((child) => {
    const slot = document.createElement("div");
    slot.className = "jovi-widget-child";
    const id = referenced(child);
    if (id) void manager.model(id).then((childModel) => slot.append(draw(childModel)));
    return slot;
  });
}

/** Box, HBox, VBox, GridBox. */
export function box(manager: WidgetManager, model: WidgetModel, draw: Draw): HTMLElement {
  const element = document.createElement("div");
  element.className = `jovi-widget jovi-widget-box ${model.name === "HBoxModel" ? "jovi-hbox" : "jovi-vbox"}`;
  const show = () => element.replaceChildren(...drawChildren(manager, model, draw));
  model.onChange((changed) => {
    if ("children" in changed) show();
  });
  show();
  return element;
}

function titleOf(model: WidgetModel, index: number): string {
  const titles = model.get<(string | null)[]>("titles") ?? [];
  return titles[index] || `Page ${index + 1}`;
}

/** Tab: a tab list (arrow keys move along it) above the selected child's panel. */
export function tabs(manager: WidgetManager, model: WidgetModel, draw: Draw): HTMLElement {
  const element = document.createElement("div");
  element.className = "jovi-widget jovi-widget-tab";
  const list = document.createElement("div");
  list.setAttribute("role", "tablist");
  list.setAttribute("aria-label", model.get<string>("description") || "Tabs");
  const body = document.createElement("div");
  element.append(list, body);
  let buttons: HTMLButtonElement[] = [];
  let slots: HTMLElement[] = [];
  const select = () => {
    const chosen = model.get<number | null>("selected_index");
    buttons.forEach((button, i) => {
      button.setAttribute("aria-selected", String(i === chosen));
      button.tabIndex = i === chosen || (chosen === null && i === 0) ? 0 : -1;
      button.textContent = titleOf(model, i);
      slots[i].hidden = i !== chosen;
    });
  };
  const build = () => {
    slots = drawChildren(manager, model, draw);
    buttons = slots.map((slot, i) => {
      const id = `jovi-panel-${++panels}`;
      slot.id = id;
      slot.setAttribute("role", "tabpanel");
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "tab");
      button.setAttribute("aria-controls", id);
      button.id = `${id}-tab`;
      slot.setAttribute("aria-labelledby", button.id);
      button.addEventListener("click", () => model.set("selected_index", i));
      button.addEventListener("keydown", (event) => {
        const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        event.preventDefault();
        const next = (i + step + buttons.length) % buttons.length;
        model.set("selected_index", next);
        buttons[next].focus();
      });
      return button;
    });
    list.replaceChildren(...buttons);
    body.replaceChildren(...slots);
    select();
  };
  model.onChange((changed) => {
    if ("children" in changed) build();
    else if ("selected_index" in changed || "titles" in changed) select();
  });
  build();
  return element;
}

/** Accordion: a heading button per child (its ``aria-expanded``), one section open. */
export function accordion(manager: WidgetManager, model: WidgetModel, draw: Draw): HTMLElement {
  const element = document.createElement("div");
  element.className = "jovi-widget jovi-widget-accordion";
  let buttons: HTMLButtonElement[] = [];
  let slots: HTMLElement[] = [];
  const select = () => {
    const chosen = model.get<number | null>("selected_index");
    buttons.forEach((button, i) => {
      button.setAttribute("aria-expanded", String(i === chosen));
      button.textContent = titleOf(model, i);
      slots[i].hidden = i !== chosen;
    });
  };
  const build = () => {
    slots = drawChildren(manager, model, draw);
    buttons = slots.map((slot, i) => {
      const id = `jovi-panel-${++panels}`;
      slot.id = id;
      slot.setAttribute("role", "region");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "jovi-accordion-title";
      button.id = `${id}-title`;
      button.setAttribute("aria-controls", id);
      slot.setAttribute("aria-labelledby", button.id);
      button.addEventListener("click", () =>
        model.set("selected_index", model.get("selected_index") === i ? null : i),
      );
      return button;
    });
    element.replaceChildren(...buttons.flatMap((button, i) => [button, slots[i]]));
    select();
  };
  model.onChange((changed) => {
    if ("children" in changed) build();
    else if ("selected_index" in changed || "titles" in changed) select();
  });
  build();
  return element;
}

/** Stack: only the selected child shows. */
export function stack(manager: WidgetManager, model: WidgetModel, draw: Draw): HTMLElement {
  const element = document.createElement("div");
  element.className = "jovi-widget jovi-widget-stack";
  let slots: HTMLElement[] = [];
  const select = () => slots.forEach((slot, i) => (slot.hidden = i !== model.get("selected_index")));
  const build = () => {
    slots = drawChildren(manager, model, draw);
    element.replaceChildren(...slots);
    select();
  };
  model.onChange((changed) => {
    if ("children" in changed) build();
    else if ("selected_index" in changed) select();
  });
  build();
  return element;
}
