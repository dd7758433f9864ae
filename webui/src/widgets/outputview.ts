// The view of an Output widget: its ``outputs`` drawn as a cell's are (the same
// OutputView), redrawn whenever they change (captured here or set in the kernel).
import { OutputView } from "../notebook/outputview";
import { outputsOf } from "./capture";
import type { WidgetModel } from "./manager";

export function outputWidget(model: WidgetModel): HTMLElement {
  const view = new OutputView();
  view.element.classList.add("jovi-widget", "jovi-widget-output");
  const show = () => view.list.load(outputsOf(model));
  model.onChange((changed) => {
    if ("outputs" in changed) show();
  });
  show();
  view.flush();
  return view.element;
}
