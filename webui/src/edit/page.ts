// The text editor (/edit/<path>): one file in CodeMirror, Ctrl-S saves it.
import { basename, Contents, dirname } from "../api/contents";
import { Http, type PageConfig } from "../api/http";
import { Editor } from "../notebook/editor";
import { Notifier } from "../ui/dialog";
import { button, pageHeader } from "../ui/header";

export async function editPage(config: PageConfig, root: HTMLElement): Promise<void> {
  const http = new Http(config.baseUrl);
  const contents = new Contents(http);
  const path = config.path;
  const header = pageHeader(http.url("tree", dirname(path)), basename(path));
  const notifier = new Notifier();
  const state = document.createElement("span");
  state.className = "jovi-save-state";
  header.extra.append(state, notifier.element);
  root.append(header.element);
  document.title = basename(path);

  let text: string;
  try {
    const model = await contents.get(path, { type: "file", format: "text" });
    text = String(model.content ?? "");
  } catch (error) {
    notifier.show(error instanceof Error ? error.message : String(error), "error", true);
    return;
  }
  let dirty = false;
  const setDirty = (value: boolean) => {
    dirty = value;
    document.title = `${value ? "* " : ""}${basename(path)}`;
    if (value) state.textContent = "Unsaved changes";
  };

  async function save(): Promise<void> {
    try {
      await contents.save(path, { type: "file", format: "text", content: editor.text });
      setDirty(false);
      state.textContent = `Saved at ${new Date().toLocaleTimeString()}`;
      notifier.show("File saved");
    } catch (error) {
      notifier.show(`Saving failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  const toolbar = document.createElement("div");
  toolbar.className = "jovi-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "File actions");
  toolbar.append(button("Save", () => void save(), { title: "Save (Ctrl-S)" }));
  const host = document.createElement("main");
  host.className = "jovi-text-editor";
  root.append(toolbar, host);
  const editor = new Editor(host, {
    doc: text,
    language: path.endsWith(".py") ? "python" : "text",
    lineNumbers: true,
    keys: [{ key: "Mod-s", run: () => (void save(), true) }],
    onChange: () => setDirty(true),
    label: `Contents of ${basename(path)}`,
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      void save();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });
  editor.focus("start");
}
