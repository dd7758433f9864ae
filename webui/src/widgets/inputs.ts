// Views of the other value widgets: range sliders (a pair of values), the log
// slider, colour and date pickers, password and combobox fields, the Valid mark and
// Play (a counter stepping on a timer), lists of tags or numbers. Each follows its
// model both ways.
import type { WidgetModel } from "./manager";
import { captioned, isDisabled } from "./parts";

function readout(): HTMLSpanElement {
  const element = document.createElement("span");
  element.className = "jovi-widget-readout";
  return element;
}

/** IntRangeSlider, FloatRangeSlider: ``value`` is ``[low, high]``, one slider for each end. */
export function rangeSlider(model: WidgetModel, integer: boolean): HTMLElement {
  const ends = [document.createElement("input"), document.createElement("input")];
  const shown = readout();
  const description = model.get<string>("description") || "Range";
  ends.forEach((input, end) => {
    input.type = "range";
    input.setAttribute("aria-label", `${description}: ${end === 0 ? "from" : "to"}`);
    input.addEventListener("input", () => {
      const [low, high] = ends.map((each) => (integer ? Math.round(Number(each.value)) : Number(each.value)));
      model.set("value", [Math.min(low, high), Math.max(low, high)]);
    });
  });
  const show = () => {
    const value = model.get<[number, number]>("value") ?? [0, 0];
    ends.forEach((input, end) => {
      input.min = String(model.get("min") ?? 0);
      input.max = String(model.get("max") ?? 100);
      input.step = String(model.get("step") ?? (integer ? 1 : 0.1));
      input.value = String(value[end]);
      input.disabled = isDisabled(model);
    });
    shown.textContent = `${value[0]} – ${value[1]}`;
  };
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-slider", ...ends, shown);
}

/** FloatLogSlider: the slider moves the exponent, ``value`` is ``base ** exponent``. */
export function logSlider(model: WidgetModel): HTMLElement {
  const input = document.createElement("input");
  input.type = "range";
  input.setAttribute("aria-label", model.get<string>("description") || "Slider");
  const shown = readout();
  const base = () => Number(model.get("base") ?? 10);
  const show = () => {
    const value = Number(model.get("value") ?? 1);
    input.min = String(model.get("min") ?? 0);
    input.max = String(model.get("max") ?? 4);
    input.step = String(model.get("step") ?? 0.1);
    input.value = String(Math.log(value) / Math.log(base()));
    input.setAttribute("aria-valuetext", String(value));
    shown.textContent = String(value);
    input.disabled = isDisabled(model);
  };
  input.addEventListener("input", () => model.set("value", base() ** Number(input.value)));
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-slider", input, shown);
}

/** A field whose ``value`` is its text: ColorPicker (``<input type=color>``),
 * Password, Combobox (its ``options`` offered in a datalist). */
export function field(model: WidgetModel, type: "color" | "password" | "text", options = false): HTMLElement {
  const input = document.createElement("input");
  input.type = type;
  input.setAttribute("aria-label", model.get<string>("description") || (type === "color" ? "Colour" : "Text"));
  const controls: HTMLElement[] = [input];
  let list: HTMLDataListElement | null = null;
  if (options) {
    list = document.createElement("datalist");
    list.id = `jovi-options-${model.id}-${Math.random().toString(36).slice(2)}`;
    input.setAttribute("list", list.id);
    controls.push(list);
  }
  const show = () => {
    if (input.value !== model.get("value")) input.value = String(model.get("value") ?? "");
    input.placeholder = model.get<string>("placeholder") ?? "";
    input.disabled = isDisabled(model);
    list?.replaceChildren(...(model.get<string[]>("options") ?? []).map((each) => new Option(each)));
  };
  input.addEventListener(type === "color" ? "change" : "input", () => model.set("value", input.value));
  model.onChange(show);
  show();
  return captioned(model, `jovi-widget-text jovi-widget-${type}`, ...controls);
}

interface WidgetDate {
  year: number;
  month: number; // 0-11, as JavaScript counts
  date: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** DatePicker: ``value`` is ``{year, month, date}`` (month from 0), or null. */
export function datePicker(model: WidgetModel): HTMLElement {
  const input = document.createElement("input");
  input.type = "date";
  input.setAttribute("aria-label", model.get<string>("description") || "Date");
  const show = () => {
    const value = model.get<WidgetDate | null>("value");
    input.value = value ? `${pad(value.year, 4)}-${pad(value.month + 1)}-${pad(value.date)}` : "";
    input.disabled = isDisabled(model);
  };
  input.addEventListener("change", () => {
    const found = /^(\d+)-(\d+)-(\d+)$/.exec(input.value);
    model.set("value", found ? { year: Number(found[1]), month: Number(found[2]) - 1, date: Number(found[3]) } : null);
  });
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-date", input);
}

/** Valid: a mark saying whether ``value`` is true, with ``readout`` when it is not. */
export function validMark(model: WidgetModel): HTMLElement {
  const mark = document.createElement("span");
  mark.setAttribute("role", "img");
  const show = () => {
    const valid = model.get("value") === true;
    mark.textContent = valid ? "✔" : `✘ ${model.get<string>("readout") ?? "Invalid"}`;
    mark.className = valid ? "jovi-valid" : "jovi-invalid";
    mark.setAttribute("aria-label", valid ? "Valid" : model.get<string>("readout") || "Invalid");
  };
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-valid", mark);
}

/** Play: play and pause buttons stepping ``value`` every ``interval`` ms up to ``max``. */
export function play(model: WidgetModel): HTMLElement {
  const start = document.createElement("button");
  const stop = document.createElement("button");
  start.type = stop.type = "button";
  start.textContent = "▶";
  start.setAttribute("aria-label", "Play");
  stop.textContent = "⏸";
  stop.setAttribute("aria-label", "Pause");
  let timer = 0;
  const halt = () => {
    window.clearInterval(timer);
    timer = 0;
    model.set("_playing", false);
  };
  start.addEventListener("click", () => {
    if (timer) return;
    model.set("_playing", true);
    timer = window.setInterval(() => {
      const step = Number(model.get("step") ?? 1);
      const next = Number(model.get("value") ?? 0) + step;
      if (next > Number(model.get("max") ?? 100)) {
        if (model.get("repeat") === true) model.set("value", Number(model.get("min") ?? 0));
        else halt();
      } else model.set("value", next);
    }, Number(model.get("interval") ?? 100));
  });
  stop.addEventListener("click", halt);
  const show = () => (start.disabled = stop.disabled = isDisabled(model));
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-play", start, stop);
}

/** TagsInput, ColorsInput, IntsInput, FloatsInput: ``value`` is a list, shown and
 * edited as its items separated by commas (numbers parsed for the last two; tags
 * outside ``allowed_tags``, when it is set, are left out). */
export function listField(model: WidgetModel, items: "text" | "int" | "float"): HTMLElement {
  const input = document.createElement("input");
  input.type = "text";
  input.setAttribute("aria-label", model.get<string>("description") || "Items, separated by commas");
  const show = () => {
    input.value = (model.get<unknown[]>("value") ?? []).map(String).join(", ");
    input.placeholder = model.get<string>("placeholder") ?? "";
    input.disabled = isDisabled(model);
  };
  input.addEventListener("change", () => {
    const allowed = model.get<string[]>("allowed_tags") ?? [];
    const texts = input.value.split(",").map((each) => each.trim()).filter(Boolean);
    const value: unknown[] =
      items === "text"
        ? texts.filter((each) => !allowed.length || allowed.includes(each))
        : texts.map((each) => (items === "int" ? Math.round(Number(each)) : Number(each))).filter(Number.isFinite);
    const unique = model.get("allow_duplicates") === false ? [...new Set<unknown>(value)] : value;
    model.set("value", unique);
    show();
  });
  model.onChange(show);
  show();
  return captioned(model, "jovi-widget-text jovi-widget-list", input);
}
