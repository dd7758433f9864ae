// Views of the core widgets, each following its model both ways: the simple ones
// here, the others by kind (selection, containers, inputs, the Output widget).
import { accordion, box, stack, tabs } from "./containers";
import { controller, controllerAxis, controllerButton } from "./controllerviews";
import { datePicker, field, listField, logSlider, play, rangeSlider, validMark } from "./inputs";
import type { WidgetManager, WidgetModel } from "./manager";
import { mediaPlayer } from "./media";
import { outputWidget } from "./outputview";
import { isDisabled, label } from "./parts";
import { listBox, radioButtons, selectionRangeSlider, selectionSlider, toggleButtons } from "./selection";
import { datetimePicker, timePicker } from "./times";
import { fileUpload } from "./upload";

function disabled(model: WidgetModel, control: HTMLInputElement | HTMLButtonElement): void {
  control.disabled = isDisabled(model);
}

function slider(model: WidgetModel, integer: boolean): HTMLElement {
  const host = document.createElement("div");
  host.className = "jovi-widget jovi-widget-slider";
  const input = document.createElement("input");
  input.type = "range";
  const readout = document.createElement("span");
  readout.className = "jovi-widget-readout";
  const show = () => {
    input.min = String(model.get("min") ?? 0);
    input.max = String(model.get("max") ?? 100);
    input.step = String(model.get("step") ?? (integer ? 1 : 0.1));
    input.value = String(model.get("value") ?? 0);
    readout.textContent = String(model.get("value") ?? "");
    disabled(model, input);
  };
  const name = label(model);
  input.setAttribute("aria-label", model.get<string>("description") || "Slider");
  input.addEventListener("input", () => {
    const value = integer ? Math.round(Number(input.value)) : Number(input.value);
    readout.textContent = String(value);
    model.set("value", value);
  });
  model.onChange(show);
  show();
  host.append(...(name ? [name] : []), input, readout);
  return host;
}

function numberBox(model: WidgetModel, integer: boolean): HTMLElement {
  const host = document.createElement("div");
  host.className = "jovi-widget jovi-widget-number";
  const input = document.createElement("input");
  input.type = "number";
  input.setAttribute("aria-label", model.get<string>("description") || "Number");
  const show = () => {
    if (model.get("min") !== undefined) input.min = String(model.get("min"));
    if (model.get("max") !== undefined) input.max = String(model.get("max"));
    input.step = String(model.get("step") ?? (integer ? 1 : "any"));
    if (Number(input.value) !== model.get("value")) input.value = String(model.get("value") ?? 0);
    disabled(model, input);
  };
  input.addEventListener("change", () => {
    const value = integer ? Math.round(Number(input.value)) : Number(input.value);
    if (Number.isFinite(value)) model.set("value", value);
  });
  input.addEventListener("keydown", (event) => event.stopPropagation());
  model.onChange(show);
  show();
  const name = label(model);
  host.append(...(name ? [name] : []), input);
  return host;
}

function toggleButton(model: WidgetModel): HTMLElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jovi-widget jovi-widget-toggle";
  const show = () => {
    button.textContent = model.get<string>("description") ?? "";
    button.title = model.get<string>("tooltip") ?? "";
    button.setAttribute("aria-pressed", String(model.get("value") === true));
    disabled(model, button);
  };
  button.addEventListener("click", () => model.set("value", model.get("value") !== true));
  model.onChange(show);
  show();
  return button;
}

function dropdown(model: WidgetModel): HTMLElement {
  const host = document.createElement("div");
  host.className = "jovi-widget jovi-widget-dropdown";
  const select = document.createElement("select");
  select.setAttribute("aria-label", model.get<string>("description") || "Choice");
  const show = () => {
    const labels = model.get<string[]>("_options_labels") ?? [];
    if (select.options.length !== labels.length || labels.some((text, i) => select.options[i].text !== text)) {
      select.replaceChildren(...labels.map((text, i) => new Option(text, String(i))));
    }
    const index = model.get<number | null>("index");
    select.value = index === null || index === undefined ? "" : String(index);
    select.disabled = model.get<boolean>("disabled") === true;
  };
  select.addEventListener("change", () => model.set("index", Number(select.value)));
  select.addEventListener("keydown", (event) => event.stopPropagation());
  model.onChange(show);
  show();
  const name = label(model);
  host.append(...(name ? [name] : []), select);
  return host;
}

function progress(model: WidgetModel): HTMLElement {
  const host = document.createElement("div");
  host.className = "jovi-widget jovi-widget-progress";
  const bar = document.createElement("progress");
  bar.setAttribute("aria-label", model.get<string>("description") || "Progress");
  const show = () => {
    const min = Number(model.get("min") ?? 0);
    bar.max = Number(model.get("max") ?? 100) - min;
    bar.value = Number(model.get("value") ?? 0) - min;
  };
  model.onChange(show);
  show();
  const name = label(model);
  host.append(...(name ? [name] : []), bar);
  return host;
}

/** An Image widget: its bytes (a binary buffer) shown through a blob URL. */
function image(model: WidgetModel): HTMLElement {
  const img = document.createElement("img");
  img.className = "jovi-widget jovi-widget-image";
  img.alt = model.get<string>("description") || "image";
  let url = "";
  const show = () => {
    const value = model.get<DataView<ArrayBuffer> | undefined>("value");
    if (url) URL.revokeObjectURL(url);
    url = value instanceof DataView ? URL.createObjectURL(new Blob([value], { type: `image/${model.get<string>("format") || "png"}` })) : "";
    img.src = url;
    const width = model.get<string>("width");
    const height = model.get<string>("height");
    if (width) img.setAttribute("width", width);
    if (height) img.setAttribute("height", height);
  };
  model.onChange(show);
  show();
  return img;
}

function text(model: WidgetModel, multiline: boolean): HTMLElement {
  const host = document.createElement("div");
  host.className = "jovi-widget jovi-widget-text";
  const input = multiline ? document.createElement("textarea") : document.createElement("input");
  input.setAttribute("aria-label", model.get<string>("description") || "Text");
  if (input instanceof HTMLInputElement) input.type = "text";
  input.placeholder = model.get<string>("placeholder") ?? "";
  const show = () => {
    if (input.value !== model.get("value")) input.value = String(model.get("value") ?? "");
  };
  input.addEventListener("input", () => model.set("value", input.value));
  input.addEventListener("keydown", (event) => event.stopPropagation());
  model.onChange(show);
  show();
  const name = label(model);
  host.append(...(name ? [name] : []), input);
  return host;
}

/** The element showing ``model`` (children of boxes drawn too). */
export function widgetView(manager: WidgetManager, model: WidgetModel): HTMLElement {
  const draw = (child: WidgetModel) => widgetView(manager, child);
  switch (model.name) {
    case "IntSliderModel":
      return slider(model, true);
    case "FloatSliderModel":
      return slider(model, false);
    case "TextModel":
      return text(model, false);
    case "TextareaModel":
      return text(model, true);
    case "LabelModel":
    case "HTMLModel":
    case "HTMLMathModel": {
      const element = document.createElement("div");
      element.className = "jovi-widget jovi-widget-label-value";
      const show = () => {
        const value = String(model.get("value") ?? "");
        if (model.name === "LabelModel") element.textContent = value;
        else element.innerHTML = value; // made by this session's kernel: trusted
      };
      model.onChange(show);
      show();
      return element;
    }
    case "ButtonModel": {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "jovi-widget jovi-widget-button";
      const show = () => {
        element.textContent = model.get<string>("description") ?? "";
        element.title = model.get<string>("tooltip") ?? "";
        disabled(model, element);
      };
      element.addEventListener("click", () => model.sendCustom({ event: "click" }));
      model.onChange(show);
      show();
      return element;
    }
    case "CheckboxModel": {
      const host = document.createElement("label");
      host.className = "jovi-widget jovi-widget-checkbox";
      const input = document.createElement("input");
      input.type = "checkbox";
      const show = () => {
        input.checked = model.get("value") === true;
        disabled(model, input);
      };
      input.addEventListener("change", () => model.set("value", input.checked));
      model.onChange(show);
      show();
      host.append(input, model.get<string>("description") ?? "");
      return host;
    }
    case "IntTextModel":
    case "BoundedIntTextModel":
      return numberBox(model, true);
    case "FloatTextModel":
    case "BoundedFloatTextModel":
      return numberBox(model, false);
    case "ToggleButtonModel":
      return toggleButton(model);
    case "DropdownModel":
      return dropdown(model);
    case "IntProgressModel":
    case "FloatProgressModel":
      return progress(model);
    case "ImageModel":
      return image(model);
    case "BoxModel":
    case "HBoxModel":
    case "VBoxModel":
    case "GridBoxModel":
      return box(manager, model, draw);
    case "TabModel":
      return tabs(manager, model, draw);
    case "AccordionModel":
      return accordion(manager, model, draw);
    case "StackModel":
      return stack(manager, model, draw);
    case "OutputModel":
      return outputWidget(model);
    case "SelectModel":
      return listBox(model, false);
    case "SelectMultipleModel":
      return listBox(model, true);
    case "RadioButtonsModel":
      return radioButtons(model);
    case "ToggleButtonsModel":
      return toggleButtons(model);
    case "SelectionSliderModel":
      return selectionSlider(model);
    case "SelectionRangeSliderModel":
      return selectionRangeSlider(model);
    case "IntRangeSliderModel":
      return rangeSlider(model, true);
    case "FloatRangeSliderModel":
      return rangeSlider(model, false);
    case "FloatLogSliderModel":
      return logSlider(model);
    case "ColorPickerModel":
      return field(model, "color");
    case "PasswordModel":
      return field(model, "password");
    case "ComboboxModel":
      return field(model, "text", true);
    case "DatePickerModel":
      return datePicker(model);
    case "ValidModel":
      return validMark(model);
    case "PlayModel":
      return play(model);
    case "AudioModel":
      return mediaPlayer(model, "audio");
    case "VideoModel":
      return mediaPlayer(model, "video");
    case "TimeModel":
      return timePicker(model);
    case "DatetimeModel":
      return datetimePicker(model, false);
    case "NaiveDatetimeModel":
      return datetimePicker(model, true);
    case "TagsInputModel":
    case "ColorsInputModel":
      return listField(model, "text");
    case "IntsInputModel":
      return listField(model, "int");
    case "FloatsInputModel":
      return listField(model, "float");
    case "FileUploadModel":
      return fileUpload(model);
    case "ControllerModel":
      return controller(manager, model, draw);
    case "ControllerButtonModel":
      return controllerButton(model);
    case "ControllerAxisModel":
      return controllerAxis(model);
    default: {
      const element = document.createElement("div");
      element.className = "jovi-widget jovi-widget-unknown";
      element.textContent = `(${model.name || "a widget"} is not shown by jovi's page yet)`;
      return element;
    }
  }
}
