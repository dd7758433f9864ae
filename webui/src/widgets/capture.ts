// Output widgets capture outputs as ipywidgets' OutputModel does: while the kernel
// runs ``with out:``, the widget's ``msg_id`` names the request being served, and
// the outputs published for that request (stream, display data, results, errors,
// clear_output) go to the widget instead of the cell. The widget's ``outputs`` then
// change here and in the kernel (so ``out.outputs`` there says what it shows); a
// change of ``outputs`` made in the kernel (``append_stdout``) replaces them here.
import { OutputList, outputFromJson, outputToJson, type Output } from "../notebook/outputs";
import type { State, WidgetModel } from "./manager";

const CAPTURED = new Set(["stream", "display_data", "execute_result", "error", "clear_output"]);

/** ``outputs`` as the kernel sends them (a list of nbformat outputs). */
export function outputsOf(model: WidgetModel): Output[] {
  const outputs = model.get<unknown>("outputs");
  return Array.isArray(outputs) ? outputs.map((each) => outputFromJson(each as Record<string, unknown>)) : [];
}

export class OutputCapture {
  /** The Output widgets capturing, by the msg_id of the request they capture. */
  private readonly byRequest = new Map<string, WidgetModel>();
  private readonly lists = new Map<WidgetModel, { list: OutputList; sent: unknown }>();

  /** Follow ``model`` (an OutputModel) from its opening. */
  follow(model: WidgetModel): void {
    this.track(model);
    model.onChange((changed: State) => {
      if ("msg_id" in changed) this.track(model);
      const entry = this.lists.get(model);
      if ("outputs" in changed && entry && changed.outputs !== entry.sent) entry.list.load(outputsOf(model));
    });
  }

  forget(model: WidgetModel): void {
    this.lists.delete(model);
    for (const [msgId, each] of this.byRequest) if (each === model) this.byRequest.delete(msgId);
  }

  private track(model: WidgetModel): void {
    for (const [msgId, each] of this.byRequest) if (each === model) this.byRequest.delete(msgId);
    const msgId = model.get<string>("msg_id");
    if (msgId) this.byRequest.set(msgId, model);
  }

  /** Take an IOPub message (of the request ``parentId``) if an Output widget captures
   * it; whether it was taken. */
  take(msgType: string, parentId: string, content: Record<string, unknown>): boolean {
    const model = this.byRequest.get(parentId);
    if (!model || !CAPTURED.has(msgType)) return false;
    let entry = this.lists.get(model);
    if (!entry) {
      const list = new OutputList();
      list.load(outputsOf(model));
      entry = { list, sent: undefined };
      this.lists.set(model, entry);
    }
    entry.list.handle(msgType, content);
    entry.sent = entry.list.items.map(outputToJson);
    model.set("outputs", entry.sent);
    return true;
  }
}
