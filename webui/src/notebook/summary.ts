// What a screen reader says when a cell has run, from its outputs (no DOM): the
// error if it failed, else the text it printed or returned.
import type { Output } from "./outputs";

function plainText(data: Record<string, unknown>): string {
  const text = data["text/plain"];
  return Array.isArray(text) ? text.join("") : typeof text === "string" ? text : "";
}

/** ``Cell 2 done: 42``, ``Cell 2 failed: ZeroDivisionError: division by zero``. */
export function runSummary(position: number, outputs: readonly Output[]): string {
  const error = outputs.find((each) => each.output_type === "error");
  if (error?.output_type === "error") return `Cell ${position} failed: ${error.ename}: ${error.evalue}`;
  const texts = outputs.map((each) => (each.output_type === "stream" ? each.text : each.output_type === "error" ? "" : plainText(each.data)));
  const text = texts.join(" ").trim();
  return text ? `Cell ${position} done: ${text}` : `Cell ${position} done`;
}

/** ``Cell 3 of 5, code, In [2]: print(6*7)``: the cell selected in command mode. */
export function cellSummary(position: number, count: number, type: string, prompt: string, source: string): string {
  const firstLine = source.split("\n", 1)[0].trim() || "empty";
  return `Cell ${position} of ${count}, ${type}${prompt ? `, ${prompt}` : ""}: ${firstLine}`;
}
