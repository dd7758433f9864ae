// Views of the selection widgets (Select, SelectMultiple, RadioButtons,
// ToggleButtons, SelectionSlider, SelectionRangeSlider): each shows
// ``_options_labels`` and keeps ``index`` (a number, or a list of numbers for the
// multiple ones) in step with its model both ways.
import type { WidgetModel } from "./manager";
import { captioned, isDisabled } from "./parts";

function labelsOf(model: WidgetModel): string[] {
  return model.get<string[]>("_options_labels") ?? [];
}

/** A list box: ``Select`` (one choice) or ``SelectMultiple`` (``index`` a list). */
export function listBox(model: WidgetModel, multiple: boolean): HTMLElement {
  const select = document.createElement("select");
  select.multiple = multiple;
  select.setAttribute("aria-label", model.get<string>("description") || (multiple ? "Choices" : "Choice"));
  const show = () => {
    const labels = labelsOf(model);
    if (select.options.length !== labels.length || labels.some((text, i) => select.options[i].text !== text)) {
      select.replaceChildren(...labels.map((text, i) => new Option(text, String(i))));
    }
    select.size = Math.max(2, Number(model.get("rows") ?? 5));
    const chosen = multiple ? model.get<number[]>("index") ?? [] : [model.get<number | null>("index")];
    for (const option of Array.from(select.options)) option.selected = chosen.includes(Number(option.value));
    select.disabled = isDisabled(model);
  };
  select.addEventListener("change", () => {
    const indices = Array.from(select.selectedOptions).map((option) => Number(option.value));
    if (multiple) model.set("index", indices);
    else if (indices.length) model.set("index", indices[0]);
  });
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-select", select);
}

/** ``RadioButtons``: a radio group, one input per option. */
export function radioButtons(model: WidgetModel): HTMLElement {
  const group = document.createElement("div");
  group.setAttribute("role", "radiogroup");
  group.setAttribute("aria-label", model.get<string>("description") || "Choice");
  const name = `jovi-radio-${model.id}-${Math.random().toString(36).slice(2)}`;
  const show = () => {
    const labels = labelsOf(model);
    const current = Array.from(group.querySelectorAll("label"), (each) => each.textContent ?? "");
    if (current.length !== labels.length || labels.some((text, i) => current[i] !== text)) {
      group.replaceChildren(
        ...labels.map((text, i) => {
          const option = document.createElement("label");
          const input = document.createElement("input");
          input.type = "radio";
          input.name = name;
          input.value = String(i);
          input.addEventListener("change", () => {
            if (input.checked) model.set("index", i);
          });
          option.append(input, text);
          return option;
        }),
      );
    }
    const index = model.get<number | null>("index");
    for (const input of Array.from(group.querySelectorAll("input"))) {
      input.checked = Number(input.value) === index;
      input.disabled = isDisabled(model);
    }
  };
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-radio", group);
}

/** ``ToggleButtons``: one pressed button among the options. */
export function toggleButtons(model: WidgetModel): HTMLElement {
  const group = document.createElement("div");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", model.get<string>("description") || "Choice");
  const show = () => {
    const labels = labelsOf(model);
    const tooltips = model.get<string[]>("tooltips") ?? [];
    if (group.children.length !== labels.length || labels.some((text, i) => group.children[i].textContent !== text)) {
      group.replaceChildren(
        ...labels.map((text, i) => {
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = text;
          button.addEventListener("click", () => model.set("index", i));
          return button;
        }),
      );
    }
    const index = model.get<number | null>("index");
    Array.from(group.querySelectorAll("button")).forEach((button, i) => {
      button.setAttribute("aria-pressed", String(i === index));
      button.title = tooltips[i] ?? "";
      button.disabled = isDisabled(model);
    });
  };
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-toggles", group);
}

/** ``SelectionSlider``: a slider over the options' indices, the label shown beside. */
export function selectionSlider(model: WidgetModel): HTMLElement {
  const input = document.createElement("input");
  input.type = "range";
  input.min = "0";
  input.step = "1";
  input.setAttribute("aria-label", model.get<string>("description") || "Choice");
  const readout = document.createElement("span");
  readout.className = "jovi-widget-readout";
  const show = () => {
    const labels = labelsOf(model);
    const index = Number(model.get("index") ?? 0);
    input.max = String(Math.max(0, labels.length - 1));
    input.value = String(index);
    input.setAttribute("aria-valuetext", labels[index] ?? "");
    readout.textContent = labels[index] ?? "";
    input.disabled = isDisabled(model);
  };
  input.addEventListener("input", () => model.set("index", Number(input.value)));
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-slider", input, readout);
}

/** ``SelectionRangeSlider``: two sliders, the first and last option chosen. */
export function selectionRangeSlider(model: WidgetModel): HTMLElement {
  const ends = [document.createElement("input"), document.createElement("input")];
  const readout = document.createElement("span");
  readout.className = "jovi-widget-readout";
  const description = model.get<string>("description") || "Range";
  ends.forEach((input, end) => {
    input.type = "range";
    input.min = "0";
    input.step = "1";
    input.setAttribute("aria-label", `${description}: ${end === 0 ? "from" : "to"}`);
    input.addEventListener("input", () => {
      const [low, high] = ends.map((each) => Number(each.value));
      model.set("index", [Math.min(low, high), Math.max(low, high)]);
    });
  });
  const show = () => {
    const labels = labelsOf(model);
    const index = model.get<[number, number]>("index") ?? [0, 0];
    ends.forEach((input, end) => {
      input.max = String(Math.max(0, labels.length - 1));
      input.value = String(index[end]);
      input.setAttribute("aria-valuetext", labels[index[end]] ?? "");
      input.disabled = isDisabled(model);
    });
    readout.textContent = `${labels[index[0]] ?? ""} – ${labels[index[1]] ?? ""}`;
  };
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-slider", ...ends, readout);
}
