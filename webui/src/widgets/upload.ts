// The FileUpload widget: a button that opens the browser's file chooser. The files
// chosen become the model's ``value`` in the kernel, as ipywidgets' own view sends
// them: name, type, size and last_modified (ms) in the JSON, each file's bytes as a
// binary buffer of the comm message, put back at ``value[i].content``.
import type { WidgetModel } from "./manager";
import { isDisabled } from "./parts";

export interface UploadedFile {
  name: string;
  type: string;
  size: number;
  last_modified: number;
  content: DataView;
}

/** The model's value for ``files`` (read into memory) and the buffers it sends. */
export async function readFiles(files: readonly File[]): Promise<{ value: UploadedFile[]; buffers: ArrayBuffer[] }> {
  const buffers = await Promise.all(files.map((file) => file.arrayBuffer()));
  const value = files.map((file, index) => ({
    name: file.name,
    type: file.type,
    size: file.size,
    last_modified: file.lastModified,
    content: new DataView(buffers[index]),
  }));
  return { value, buffers };
}

export function fileUpload(model: WidgetModel): HTMLElement {
  const host = document.createElement("div");
  host.className = "jovi-widget jovi-widget-upload";
  const input = document.createElement("input");
  input.type = "file";
  input.hidden = true;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jovi-widget-button";
  const error = document.createElement("span");
  error.className = "jovi-widget-error";
  error.setAttribute("role", "status");
  const show = () => {
    const count = (model.get<unknown[]>("value") ?? []).length;
    button.textContent = `${model.get<string>("description") || "Upload"} (${count})`;
    button.title = model.get<string>("tooltip") ?? "";
    button.disabled = isDisabled(model);
    input.accept = model.get<string>("accept") ?? "";
    input.multiple = model.get("multiple") === true;
    error.textContent = model.get<string>("error") ?? "";
  };
  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const files = Array.from(input.files ?? []);
    if (!files.length) return;
    void readFiles(files)
      .then(({ value, buffers }) => {
        model.setWithBuffers("value", value, value.map((_file, index) => [index, "content"]), buffers);
        model.set("error", "");
      })
      .catch((reason: unknown) => model.set("error", `the files could not be read: ${String(reason)}`))
      .finally(() => {
        input.value = ""; // choosing the same file again is a change too
      });
  });
  model.onChange(show);
  show();
  host.append(input, button, error);
  return host;
}
