// Views of the time widgets: TimePicker (``{hours, minutes, seconds, milliseconds}``),
// NaiveDatetimePicker (the same with ``{year, month, date}``, month from 0, as
// written) and DatetimePicker (the same fields in UTC, shown in the browser's time).
import type { WidgetModel } from "./manager";
import { captioned, isDisabled } from "./parts";

interface WidgetTime {
  hours: number;
  minutes: number;
  seconds: number;
  milliseconds: number;
}

interface WidgetDatetime extends WidgetTime {
  year: number;
  month: number;
  date: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function timeText(time: WidgetTime): string {
  const seconds = time.seconds || time.milliseconds ? `:${pad(time.seconds)}` : "";
  const millis = time.milliseconds ? `.${pad(time.milliseconds, 3)}` : "";
  return `${pad(time.hours)}:${pad(time.minutes)}${seconds}${millis}`;
}

function parseTime(text: string): WidgetTime | null {
  const found = /^(\d+):(\d+)(?::(\d+)(?:\.(\d+))?)?$/.exec(text);
  if (!found) return null;
  return {
    hours: Number(found[1]),
    minutes: Number(found[2]),
    seconds: Number(found[3] ?? 0),
    milliseconds: Number((found[4] ?? "0").padEnd(3, "0").slice(0, 3)),
  };
}

function picker(model: WidgetModel, type: "time" | "datetime-local", read: () => string, write: (text: string) => unknown): HTMLElement {
  const input = document.createElement("input");
  input.type = type;
  input.step = "any";
  input.setAttribute("aria-label", model.get<string>("description") || (type === "time" ? "Time" : "Date and time"));
  const show = () => {
    input.value = read();
    input.disabled = isDisabled(model);
  };
  input.addEventListener("change", () => model.set("value", write(input.value)));
  model.onChange(show);
  show();
  return captioned(model, `jovi-widget-${type}`, input);
}

export function timePicker(model: WidgetModel): HTMLElement {
  return picker(
    model,
    "time",
    () => {
      const value = model.get<WidgetTime | null>("value");
      return value ? timeText(value) : "";
    },
    (text) => parseTime(text),
  );
}

/** A datetime-local input's text as the widget's fields (null when empty). */
function parseLocal(text: string): WidgetDatetime | null {
  const [day, time] = text.split("T");
  const date = /^(\d+)-(\d+)-(\d+)$/.exec(day ?? "");
  const clock = parseTime(time ?? "");
  if (!date || !clock) return null;
  return { year: Number(date[1]), month: Number(date[2]) - 1, date: Number(date[3]), ...clock };
}

function localText(value: WidgetDatetime): string {
  return `${pad(value.year, 4)}-${pad(value.month + 1)}-${pad(value.date)}T${timeText(value)}`;
}

export function datetimePicker(model: WidgetModel, naive: boolean): HTMLElement {
  return picker(
    model,
    "datetime-local",
    () => {
      const value = model.get<WidgetDatetime | null>("value");
      if (!value) return "";
      if (naive) return localText(value);
      const when = new Date(Date.UTC(value.year, value.month, value.date, value.hours, value.minutes, value.seconds, value.milliseconds));
      return localText({
        year: when.getFullYear(),
        month: when.getMonth(),
        date: when.getDate(),
        hours: when.getHours(),
        minutes: when.getMinutes(),
        seconds: when.getSeconds(),
        milliseconds: when.getMilliseconds(),
      });
    },
    (text) => {
      const local = parseLocal(text);
      if (!local || naive) return local;
      const when = new Date(local.year, local.month, local.date, local.hours, local.minutes, local.seconds, local.milliseconds);
      return {
        year: when.getUTCFullYear(),
        month: when.getUTCMonth(),
        date: when.getUTCDate(),
        hours: when.getUTCHours(),
        minutes: when.getUTCMinutes(),
        seconds: when.getUTCSeconds(),
        milliseconds: when.getUTCMilliseconds(),
      };
    },
  );
}
