// A code cell's outputs as IOPub messages change them, without the DOM: consecutive
// stream text is merged, clear_output(wait=True) waits for the next output, and
// update_display_data changes every output showing that display id. Each change is
// reported so the view touches only what changed (stream text: only what came).

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string;
}

export interface DataOutput {
  output_type: "display_data" | "execute_result";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  execution_count?: number | null;
  transient?: { display_id?: string };
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output = StreamOutput | DataOutput | ErrorOutput;

export type OutputChange =
  | { kind: "append"; index: number }
  | { kind: "update"; index: number; appended?: string }
  | { kind: "clear" };

/** Output of nbformat JSON (lists of lines joined). */
export function outputFromJson(json: Record<string, unknown>): Output {
  const join = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
  switch (json.output_type) {
    case "stream":
      return { output_type: "stream", name: json.name === "stderr" ? "stderr" : "stdout", text: join(json.text) };
    case "error":
      return {
        output_type: "error",
        ename: String(json.ename ?? ""),
        evalue: String(json.evalue ?? ""),
        traceback: (json.traceback as string[] | undefined) ?? [],
      };
    default: {
      const out: DataOutput = {
        output_type: json.output_type === "execute_result" ? "execute_result" : "display_data",
        data: (json.data as Record<string, unknown>) ?? {},
        metadata: (json.metadata as Record<string, unknown>) ?? {},
      };
      if (out.output_type === "execute_result") out.execution_count = (json.execution_count as number | null) ?? null;
      return out;
    }
  }
}

/** An output as nbformat 4.5 JSON (transient data dropped). */
export function outputToJson(output: Output): Record<string, unknown> {
  if (output.output_type === "stream") return { output_type: "stream", name: output.name, text: output.text };
  if (output.output_type === "error") return { ...output };
  const json: Record<string, unknown> = { output_type: output.output_type, data: output.data, metadata: output.metadata };
  if (output.output_type === "execute_result") json.execution_count = output.execution_count ?? null;
  return json;
}

export class OutputList {
  readonly items: Output[] = [];
  private clearPending = false;
  private readonly displays = new Map<string, Set<Output>>();

  constructor(private readonly changed: (change: OutputChange) => void = () => {}) {}

  /** Apply one IOPub message of the cell's execution. Returns whether it was an
   * output. ``update_display_data`` is not: it may change outputs of any cell, so the
   * notebook hands it to every cell's :meth:`updateDisplay`. */
  handle(msgType: string, content: Record<string, unknown>): boolean {
    switch (msgType) {
      case "stream":
        this.add({ output_type: "stream", name: content.name === "stderr" ? "stderr" : "stdout", text: String(content.text ?? "") });
        return true;
      case "display_data":
      case "execute_result": {
        const output: DataOutput = {
          output_type: msgType,
          data: (content.data as Record<string, unknown>) ?? {},
          metadata: (content.metadata as Record<string, unknown>) ?? {},
        };
        if (msgType === "execute_result") output.execution_count = (content.execution_count as number) ?? null;
        const id = (content.transient as { display_id?: string } | undefined)?.display_id;
        if (id) {
          output.transient = { display_id: id };
          if (!this.displays.has(id)) this.displays.set(id, new Set());
          this.displays.get(id)!.add(output);
        }
        this.add(output);
        return true;
      }
      case "error":
        this.add({
          output_type: "error",
          ename: String(content.ename ?? ""),
          evalue: String(content.evalue ?? ""),
          traceback: (content.traceback as string[] | undefined) ?? [],
        });
        return true;
      case "clear_output":
        if (content.wait) this.clearPending = true;
        else this.clear();
        return true;
      default:
        return false;
    }
  }

  add(output: Output): void {
    if (this.clearPending) {
      this.clearPending = false;
      this.clear();
    }
    const last = this.items[this.items.length - 1];
    if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
      last.text += output.text;
      this.changed({ kind: "update", index: this.items.length - 1, appended: output.text });
      return;
    }
    this.items.push(output);
    this.changed({ kind: "append", index: this.items.length - 1 });
  }

  clear(): void {
    this.clearPending = false;
    if (!this.items.length) return;
    this.items.length = 0;
    this.changed({ kind: "clear" });
  }

  updateDisplay(content: Record<string, unknown>): void {
    const id = (content.transient as { display_id?: string } | undefined)?.display_id;
    if (!id) return;
    for (const output of this.displays.get(id) ?? []) {
      if (output.output_type === "stream" || output.output_type === "error") continue;
      output.data = (content.data as Record<string, unknown>) ?? {};
      output.metadata = (content.metadata as Record<string, unknown>) ?? {};
      const index = this.items.indexOf(output);
      if (index >= 0) this.changed({ kind: "update", index });
    }
  }

  /** Load outputs read from a notebook file. */
  load(outputs: Output[]): void {
    this.items.length = 0;
    this.items.push(...outputs);
    this.changed({ kind: "clear" });
    outputs.forEach((_o, index) => this.changed({ kind: "append", index }));
  }
}
