// The notebook page (/notebooks/<path>): reads the notebook, starts its session and
// kernel, shows the header (name, save state, kernel state), the toolbar and the
// cells, and saves (Ctrl-S: save and checkpoint; autosave every two minutes).
import { basename, Contents, dirname, type ContentsModel } from "../api/contents";
import { Http, ServerError, type PageConfig } from "../api/http";
import { Kernels, type SessionModel } from "../api/kernels";
import { KernelConnection, type KernelState } from "../kernel/connection";
import { setWidgetRenderer, type MimeBundle } from "../render/mime";
import { WidgetManager } from "../widgets/manager";
import { widgetView } from "../widgets/views";
import type { CompleteReply, KernelIntrospection } from "./introspect";
import type { Header, KernelMessage } from "../kernel/messages";
import { Announcer } from "../ui/announcer";
import { ALTERNATIVE, dialog, Notifier } from "../ui/dialog";
import { button, pageHeader } from "../ui/header";
import type { CellJson } from "./cell";
import { finder, type Finder } from "./find";
import { showHelp } from "./help";
import { keysOf, parseShortcuts, type CommandId, type ShortcutEntry } from "./keymap";
import { COMMAND_LABELS } from "./labels";
import { menuBar, type MenuEntry } from "./menus";
import { showPalette } from "./palette";
import { NotebookView, type NotebookServices } from "./notebook";

export const AUTOSAVE_MS = 120_000;

interface NotebookJson {
  cells: CellJson[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

const STATE_LABELS: Record<KernelState, string> = {
  connecting: "Connecting",
  starting: "Starting",
  idle: "Idle",
  busy: "Busy",
  restarting: "Restarting",
  dead: "Dead",
  disconnected: "Disconnected",
};

/** How long Tab and Shift-Tab wait for the kernel. */
export const INTROSPECTION_TIMEOUT_MS = 2000;

/** Completion and inspection through ``connection``: on the control channel while the
 * kernel is busy (a kernel that answers there, like jovi's, answers at once), on
 * shell otherwise; no answer in time is no answer. */
function introspection(connection: KernelConnection): KernelIntrospection {
  const ask = <T>(msgType: string, content: object, read: (reply: Record<string, unknown>) => T | null): Promise<T | null> =>
    new Promise((resolve) => {
      const timer = window.setTimeout(() => resolve(null), INTROSPECTION_TIMEOUT_MS);
      const channel = connection.state === "busy" ? "control" : "shell";
      connection.send(channel, msgType, content, {
        onReply(message) {
          window.clearTimeout(timer);
          const reply = message.content as Record<string, unknown>;
          resolve(reply.status === "ok" ? read(reply) : null);
        },
      });
    });
  return {
    complete: (code, cursorPos) =>
      ask<CompleteReply>("complete_request", { code, cursor_pos: cursorPos }, (reply) => reply as unknown as CompleteReply),
    inspect: (code, cursorPos, detail) =>
      ask<MimeBundle>("inspect_request", { code, cursor_pos: cursorPos, detail_level: detail }, (reply) =>
        reply.found ? (reply.data as MimeBundle) : null,
      ),
  };
}

/** Where IOPub messages of executions this page did not send go: the server's
 * journal (``/api/kernels/{id}/executions``) names the cell of each; they are applied
 * in the order they came, looked up when an unknown one arrives. */
function adopter(http: Http, kernelId: string, view: NotebookView): (message: KernelMessage) => void {
  const cellOf = new Map<string, string | null>();
  const asked = new Set<string>(); // executions seen starting (their messages are kept)
  let queue: Promise<void> = Promise.resolve();
  const lookUp = async (msgId: string) => {
    if (cellOf.has(msgId)) return;
    try {
      const executions = await http.request<{ msg_id: string; cell_id: string | null }[]>(
        "GET",
        `${http.url("api/kernels", kernelId)}/executions`,
      );
      for (const execution of executions) cellOf.set(execution.msg_id, execution.cell_id ?? null);
    } catch {
      // an older server: no journal
    }
    if (!cellOf.has(msgId)) cellOf.set(msgId, null);
  };
  return (message) => {
    const msgId = message.parent_header.msg_id ?? "";
    // An execution starts with execute_input: only then is the journal asked (other
    // tabs' completions and such are not executions).
    if (message.header.msg_type === "execute_input") asked.add(msgId);
    else if (!asked.has(msgId)) return;
    queue = queue.then(async () => {
      await lookUp(msgId);
      const cellId = cellOf.get(msgId);
      if (cellId) view.adopt(cellId, message);
    });
  };
}

/** The page's settings, as the server keeps them (section ``jovi`` of ``notebook``). */
interface PageSettings {
  jovi?: { legacy_keymap?: boolean; autosave_seconds?: number; shortcuts?: ShortcutEntry[] };
}

export async function notebookPage(config: PageConfig, root: HTMLElement): Promise<void> {
  const http = new Http(config.baseUrl);
  const contents = new Contents(http);
  const kernels = new Kernels(http);
  let path = config.path;
  const header = pageHeader(http.url("tree", dirname(path)), basename(path));
  const notifier = new Notifier();
  const saveState = document.createElement("span");
  saveState.className = "jovi-save-state";
  const kernelStatus = document.createElement("span");
  kernelStatus.className = "jovi-kernel-status";
  kernelStatus.setAttribute("role", "status");
  kernelStatus.setAttribute("aria-label", "Kernel status");
  header.extra.append(saveState, notifier.element, kernelStatus);
  const announcer = new Announcer();
  root.append(announcer.element);
  header.title.tabIndex = 0;
  header.title.title = "Rename the notebook";
  root.append(header.element);
  document.title = basename(path);

  // Settings kept by the server (/api/config/notebook, section "jovi"): the seed's
  // keys after Ctrl-M, the autosave interval, the user's shortcuts.  Asked for with the
  // notebook and in hand before the page takes keys: the first key pressed on the
  // opened notebook is the user's, however late the settings come.
  const settingsRequest = http
    .request<PageSettings>("GET", http.url("api/config/notebook"))
    .catch(() => undefined);
  let model: ContentsModel;
  try {
    model = await contents.get(path, { type: "notebook" });
  } catch (error) {
    const message = document.createElement("p");
    message.className = "jovi-page-error";
    message.textContent = error instanceof ServerError ? error.message : String(error);
    root.append(message);
    return;
  }
  const settings = await settingsRequest;
  const notebook = model.content as NotebookJson;
  const trusted = notebook.cells.every((cell) => cell.cell_type !== "code" || (cell.metadata?.trusted ?? false) === true || !cell.outputs?.length);

  let dirty = false;
  let session: SessionModel | null = null;
  let connection: KernelConnection | null = null;
  let widgetManager: WidgetManager | null = null;
  let kernelName = (notebook.metadata.kernelspec as { name?: string } | undefined)?.name ?? null;

  const setDirty = (value: boolean) => {
    dirty = value;
    document.title = `${value ? "* " : ""}${basename(path)}`;
    saveState.textContent = value ? "Unsaved changes" : saveState.dataset.saved ?? "";
  };

  let restarting = false; // a restart the user asked for
  let died = false; // the kernel died and is being restarted
  let lost = false; // the connection dropped
  const showKernelState = (state: KernelState) => {
    kernelStatus.dataset.state = state;
    kernelStatus.textContent = `${kernelName ?? "Kernel"} | ${STATE_LABELS[state]}`;
    // What happened without being asked: the kernel died, the connection dropped.
    if (state === "restarting" && !restarting) {
      died = true;
      notifier.show("The kernel died; restarting it…", "error", true);
    } else if (state === "dead") {
      notifier.show("The kernel is dead and could not be restarted.", "error", true);
    } else if (state === "disconnected") {
      lost = true;
      notifier.show("Connection to the kernel lost; reconnecting…", "error", true);
    } else if (state === "idle" || state === "busy") {
      if (died) {
        view.kernelRestarted();
        notifier.show("The kernel was restarted");
      } else if (lost) {
        notifier.show("Reconnected");
      }
      died = lost = false;
    }
  };

  // The file as this page last read or wrote it: a save based on it is refused (409)
  // when the file changed on disk since, and the user chooses.
  let lastModified: string | null = model.last_modified;

  async function save(checkpoint: boolean, overwrite = false): Promise<void> {
    const content = { ...notebook, cells: view.toJson(), nbformat: 4, nbformat_minor: Math.max(5, notebook.nbformat_minor ?? 5) };
    try {
      const request: Record<string, unknown> = { type: "notebook", format: "json", content };
      if (lastModified && !overwrite) request.last_modified = lastModified;
      let saved: ContentsModel;
      try {
        saved = await contents.save(path, request as Partial<ContentsModel>);
      } catch (error) {
        if (!(error instanceof ServerError) || error.status !== 409) throw error;
        const answer = await dialog({
          title: "The notebook changed on disk",
          body: `${error.message} Overwrite it with this page's version, or reload the file (this page's changes are lost)?`,
          accept: "Overwrite",
          alternative: "Reload",
          cancel: "Cancel",
        });
        if (answer === ALTERNATIVE) {
          dirty = false;
          window.location.reload();
        }
        if (answer !== "") return;
        return save(checkpoint, true);
      }
      lastModified = saved.last_modified;
      if (checkpoint) await contents.checkpoint(path);
      const time = new Date(saved.last_modified).toLocaleTimeString();
      saveState.dataset.saved = `${checkpoint ? "Saved" : "Autosaved"} at ${time}`;
      setDirty(false);
      notifier.show(checkpoint ? "Notebook saved" : "Notebook autosaved");
    } catch (error) {
      notifier.show(`Saving failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  /** Revert to the last checkpoint (asks first): the file goes back, the page reloads it. */
  async function revert(): Promise<void> {
    try {
      const checkpoints = await contents.checkpoints(path);
      const last = checkpoints[checkpoints.length - 1];
      if (!last) {
        notifier.show("No checkpoints: save with Ctrl-S to make one.", "error");
        return;
      }
      const when = new Date(last.last_modified).toLocaleString();
      const answer = await dialog({ title: "Revert to the checkpoint?", body: `The notebook goes back to ${when}; later changes are lost.`, accept: "Revert", danger: true });
      if (answer === null) return;
      await contents.restore(path, last.id);
      dirty = false;
      window.location.reload();
    } catch (error) {
      notifier.show(`Reverting failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  /** Restart the kernel (asks first); whether it was restarted. */
  async function restart(): Promise<boolean> {
    if (!session) return false;
    const answer = await dialog({ title: "Restart the kernel?", body: "Every variable will be lost.", accept: "Restart", danger: true });
    if (answer === null) return false;
    notifier.show("Restarting the kernel…", "info", true);
    restarting = true;
    try {
      await kernels.restart(session.kernel.id);
      connection?.forgetRequests();
      view.kernelRestarted();
      notifier.show("Kernel restarted");
      return true;
    } catch (error) {
      notifier.show(`Restart failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
      return false;
    } finally {
      restarting = false;
    }
  }

  /** Whether the session's kernel is still being started; what to run once it is. */
  let kernelStarting = true;
  const waitingForKernel: (() => void)[] = [];

  const services: NotebookServices = {
    execute(code, cell, handlers) {
      if (!connection && kernelStarting) {
        // Run as soon as the kernel's channels exist (a cell run right after opening).
        waitingForKernel.push(() => services.execute(code, cell, handlers));
        return;
      }
      if (!connection) {
        notifier.show("No kernel: the notebook cannot run code.", "error");
        cell.queued = false;
        cell.updatePrompt();
        return;
      }
      connection.execute(code, handlers, { cellId: cell.id });
    },
    interrupt() {
      if (!session) return;
      notifier.show("Interrupting the kernel");
      void kernels.interrupt(session.kernel.id);
    },
    restart() {
      void restart();
    },
    save() {
      void save(true);
    },
    showHelp() {
      showHelp();
    },
    commandPalette() {
      const wasEditing = view.mode === "edit";
      showPalette(menuEntries(), () => (wasEditing ? view.editMode() : view.commandMode()));
    },
    changed() {
      if (!dirty) setDirty(true);
    },
    announce(text) {
      announcer.say(text);
    },
    introspection() {
      return connection ? introspection(connection) : null;
    },
  };

  /** Every command of the page, by menu: the palette lists them all, the menu bar by menu. */
  function menuEntries(): MenuEntry[] {
    const key = (id: CommandId) => ({ label: COMMAND_LABELS[id], keys: keysOf(id, view.keys.custom).join(" "), run: () => void view.run(id) });
    const inMenu = (menu: string, ids: CommandId[]) => ids.map((id) => ({ menu, ...key(id) }));
    return [
      { menu: "File", label: "Save and checkpoint", keys: "Ctrl-s", run: () => void save(true) },
      { menu: "File", label: "Rename the notebook", keys: "", run: () => void rename() },
      { menu: "File", label: "Revert to the last checkpoint", keys: "", run: () => void revert() },
      { menu: "File", label: "Trust the notebook", keys: "", run: () => void trust() },
      { menu: "File", label: "Download as notebook (.ipynb)", keys: "", run: () => download(http.url("files", path, { download: "1" })) },
      ...["python", "html", "markdown", "latex", "pdf", "slides"].map((format) => ({
        menu: "File",
        label: `Download as ${format}`,
        keys: "",
        run: () => download(http.url(`nbconvert/${format}`, path, { download: "true" })),
      })),
      ...inMenu("Edit", ["cut", "copy", "paste-below", "paste-above", "delete", "undo-delete", "split", "merge", "move-up", "move-down", "insert-above", "insert-below"]),
      { menu: "Edit", label: "Find in the cells", keys: "", run: () => void find() },
      { menu: "Edit", label: "Find and replace in all cells", keys: "", run: () => void findAndReplace() },
      { menu: "Edit", label: "Edit the cell's metadata", keys: "", run: () => void editMetadata() },
      { menu: "Edit", label: "Edit the cell's tags", keys: "", run: () => void editTags() },
      ...inMenu("View", ["toggle-line-numbers", "toggle-output", "toggle-output-scrolling"]),
      ...inMenu("Cell", ["to-code", "to-markdown", "to-raw", "heading-1", "heading-2", "heading-3", "heading-4", "heading-5", "heading-6"]),
      ...inMenu("Run", ["run-cell-select-next", "run-cell", "run-cell-insert-below"]),
      { menu: "Run", label: "Run all cells", keys: "", run: () => view.runAll() },
      { menu: "Run", label: "Run all cells above", keys: "", run: () => view.runAbove() },
      { menu: "Run", label: "Run this cell and all below", keys: "", run: () => view.runBelow() },
      { menu: "Run", label: "Clear all outputs", keys: "", run: () => view.clearAllOutputs() },
      ...inMenu("Kernel", ["interrupt", "restart"]),
      { menu: "Kernel", label: "Restart the kernel and run all cells", keys: "", run: () => void restartAndRunAll() },
      { menu: "Kernel", label: "Restart the kernel and clear all outputs", keys: "", run: () => void restartAndClear() },
      { menu: "Kernel", label: "Reconnect to the kernel", keys: "", run: () => connection?.reconnect() },
      { menu: "Kernel", label: "Change the kernel", keys: "", run: () => void changeKernel() },
      { menu: "Settings", label: "Keyboard shortcuts (JSON)", keys: "", run: () => void editShortcuts() },
      ...inMenu("Help", ["show-help"]),
      { menu: "Help", label: "Command palette", keys: "Ctrl-Shift-p", run: () => services.commandPalette() },
    ];
  }

  const view = new NotebookView(services, notebook.cells, trusted);
  view.answer = (request, value) => connection?.reply(request.header as Header, value);

  const toolbar = document.createElement("div");
  toolbar.className = "jovi-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Notebook actions");
  const typeSelect = document.createElement("select");
  typeSelect.setAttribute("aria-label", "Cell type");
  typeSelect.title = "Cell type";
  for (const [value, label] of [["code", "Code"], ["markdown", "Markdown"], ["raw", "Raw"]]) typeSelect.add(new Option(label, value));
  typeSelect.addEventListener("change", () => {
    void view.run(typeSelect.value === "code" ? "to-code" : typeSelect.value === "markdown" ? "to-markdown" : "to-raw");
    view.commandMode();
  });
  toolbar.append(
    button("Save", () => void save(true), { icon: "💾", title: "Save and checkpoint (Ctrl-S)" }),
    button("Insert cell below", () => void view.run("insert-below"), { icon: "+", title: "Insert a cell below (B)" }),
    button("Cut cells", () => void view.run("cut"), { icon: "✂", title: "Cut the selected cells (X)" }),
    button("Copy cells", () => void view.run("copy"), { icon: "⧉", title: "Copy the selected cells (C)" }),
    button("Paste cells below", () => void view.run("paste-below"), { icon: "📋", title: "Paste cells below (V)" }),
    button("Move up", () => void view.run("move-up"), { icon: "↑", title: "Move the selected cells up" }),
    button("Move down", () => void view.run("move-down"), { icon: "↓", title: "Move the selected cells down" }),
    button("Run", () => void view.run("run-cell-select-next"), { icon: "▶", title: "Run the selected cells and select below (Shift-Enter)" }),
    button("Interrupt", () => services.interrupt(), { icon: "■", title: "Interrupt the kernel (I,I)" }),
    button("Restart", () => void restart(), { icon: "↻", title: "Restart the kernel (0,0)" }),
    button("Restart and run all", () => void restartAndRunAll(), { icon: "⏩", title: "Restart the kernel and run all cells" }),
    button("Clear all outputs", () => view.clearAllOutputs(), { title: "Clear all outputs" }),
    button("Reconnect", () => connection?.reconnect(), { title: "Reconnect to the kernel" }),
    typeSelect,
    button("Keyboard shortcuts", () => showHelp(), { icon: "⌨", title: "Keyboard shortcuts (H)" }),
    button("Command palette", () => services.commandPalette(), { icon: "☰", title: "Command palette (Ctrl-Shift-P)" }),
  );
  const menus = menuBar(menuEntries, () => view.setMode(view.mode));
  root.append(menus, toolbar, view.element);
  // After a toolbar button, the keys go to the cells again (unless it opened a dialog).
  toolbar.addEventListener("click", (event) => {
    if ((event.target as HTMLElement).closest("button") && !document.querySelector(".jovi-dialog-backdrop")) {
      view.setMode(view.mode);
    }
  });

  const syncTypeSelect = () => {
    typeSelect.value = view.activeCell?.type ?? "code";
  };
  view.element.addEventListener("focusin", syncTypeSelect);
  view.element.addEventListener("keyup", syncTypeSelect);
  view.element.addEventListener("mouseup", syncTypeSelect);

  /** Trust the notebook as saved (asks first): its outputs then show and run as they are. */
  async function trust(): Promise<void> {
    const answer = await dialog({
      title: "Trust this notebook?",
      body: "Its HTML and JavaScript outputs will run when it is opened. Trust only notebooks you wrote or whose source you trust. Unsaved changes are saved first.",
      accept: "Trust",
      danger: true,
    });
    if (answer === null) return;
    try {
      if (dirty) await save(true);
      await http.request("POST", `${http.url("api/contents", path)}/trust`);
      dirty = false;
      window.location.reload();
    } catch (error) {
      notifier.show(`Trusting failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  /** Save what ``url`` answers (the notebook as saved, or converted by the server). */
  function download(url: string): void {
    if (dirty) notifier.show("Downloading the notebook as last saved (save first to include your changes)");
    const link = document.createElement("a");
    link.href = url;
    link.download = "";
    document.body.append(link);
    link.click();
    link.remove();
  }

  let lastFound = "";
  let findsRegex = false;
  const regexToggle = { label: "Regular expression", checked: false, changed: (on: boolean) => (findsRegex = on) };

  /** What the user asked to find, or null (nothing, or a broken regular expression). */
  async function askFind(title: string, accept: string): Promise<{ text: string; found: Finder } | null> {
    const text = await dialog({ title, accept, input: lastFound, toggle: { ...regexToggle, checked: findsRegex } });
    if (!text) return null;
    lastFound = text;
    const found = finder({ text, regex: findsRegex });
    if (typeof found === "string") {
      notifier.show(found, "error", true);
      return null;
    }
    return { text, found };
  }

  async function find(): Promise<void> {
    const asked = await askFind("Find in the cells", "Find next");
    if (asked && !view.findNext(asked.found)) notifier.show(`No cell holds “${asked.text}”.`, "error");
  }

  async function findAndReplace(): Promise<void> {
    const asked = await askFind("Find (in all cells)", "Next");
    if (!asked) return;
    const replacement = await dialog({ title: `Replace “${asked.text}” with`, accept: "Replace all", input: "" });
    if (replacement === null) return;
    const count = view.replaceAll(asked.found, replacement);
    notifier.show(count ? `Replaced ${count} time${count === 1 ? "" : "s"} (Z undoes it)` : `No cell holds “${asked.text}”.`, count ? "info" : "error");
  }

  async function editMetadata(): Promise<void> {
    const cell = view.activeCell;
    const text = await dialog({ title: "Cell metadata (JSON)", accept: "Set", input: JSON.stringify(cell.metadata, null, 2), multiline: true });
    if (text === null) return;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the metadata is a JSON object");
      view.setMetadata(parsed as Record<string, unknown>);
    } catch (error) {
      notifier.show(`Not set: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  async function editTags(): Promise<void> {
    const cell = view.activeCell;
    const tags = Array.isArray(cell.metadata.tags) ? (cell.metadata.tags as unknown[]).map(String) : [];
    const text = await dialog({ title: "Cell tags (separated by commas)", accept: "Set", input: tags.join(", ") });
    if (text === null) return;
    const chosen = [...new Set(text.split(",").map((tag) => tag.trim()).filter(Boolean))];
    const metadata = { ...cell.metadata };
    if (chosen.length) metadata.tags = chosen;
    else delete metadata.tags;
    view.setMetadata(metadata);
  }

  /** Another kernel for this notebook (the session's old kernel is shut down). */
  async function changeKernel(): Promise<void> {
    if (!session) return;
    const specs = await kernels.specs().catch(() => null);
    const names = specs ? Object.keys(specs.kernelspecs).sort() : [];
    const name = await dialog({ title: "Change the kernel", body: `Kernels: ${names.join(", ")}`, accept: "Change", input: kernelName ?? "" });
    if (!name || name === kernelName) return;
    try {
      session = await http.request<SessionModel>("PATCH", http.url("api/sessions", session.id), { kernel: { name } });
      const spec = specs?.kernelspecs[name]?.spec;
      notebook.metadata.kernelspec = { name, display_name: spec?.display_name ?? name, language: spec?.language ?? "python" };
      connect(session);
      view.kernelRestarted();
      setDirty(true);
      notifier.show(`Kernel changed to ${name}`);
    } catch (error) {
      notifier.show(`Changing the kernel failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  async function restartAndClear(): Promise<void> {
    if (await restart()) view.clearAllOutputs();
  }

  async function restartAndRunAll(): Promise<void> {
    if (await restart()) view.runAll();
  }

  header.title.addEventListener("click", () => void rename());
  header.title.addEventListener("keydown", (event) => {
    if (event.key === "Enter") void rename();
  });

  async function rename(): Promise<void> {
    const name = await dialog({ title: "Rename notebook", accept: "Rename", input: basename(path) });
    if (!name || name === basename(path)) return;
    const target = dirname(path) ? `${dirname(path)}/${name}` : name;
    try {
      await contents.rename(path, target);
      path = target;
      header.title.textContent = basename(path);
      setDirty(dirty);
      history.replaceState(null, "", http.url("notebooks", path));
      if (session) await http.request("PATCH", http.url("api/sessions", session.id), { path, name });
    } catch (error) {
      notifier.show(`Renaming failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  // Keys that work wherever focus is on the page (Ctrl-S must not open the browser's dialog).
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      void save(true);
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });

  /** The user's command-mode keys (``shortcuts`` in the settings), applied; whether
   * they were all understood. */
  let shortcuts: unknown = [];
  const knownCommands = new Set(Object.keys(COMMAND_LABELS));
  function applyShortcuts(value: unknown): boolean {
    const { keys, problems } = parseShortcuts(value, knownCommands);
    if (problems.length) {
      notifier.show(`Keyboard shortcuts not set: ${problems.join("; ")}`, "error", true);
      return false;
    }
    view.keys.custom = keys;
    return true;
  }

  /** Edit the shortcuts as JSON; kept by the server for every notebook. */
  async function editShortcuts(): Promise<void> {
    const example = '[{"keys": "Shift-d", "command": "delete"}, {"keys": "o", "disabled": true}]';
    const text = await dialog({
      title: "Keyboard shortcuts (JSON)",
      body: `Command-mode keys over the defaults, e.g. ${example}. Commands: ${[...knownCommands].join(", ")}.`,
      accept: "Set",
      input: JSON.stringify(shortcuts, null, 2),
      multiline: true,
    });
    if (text === null) return;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      notifier.show(`Keyboard shortcuts not set: ${error instanceof Error ? error.message : String(error)}`, "error", true);
      return;
    }
    if (!applyShortcuts(value)) return;
    shortcuts = value;
    try {
      await http.request("PATCH", http.url("api/config/notebook"), { jovi: { shortcuts: value } });
      notifier.show("Keyboard shortcuts set");
    } catch (error) {
      notifier.show(`Keyboard shortcuts set for this page only: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
  }

  // The settings asked for with the notebook.
  view.keys.legacy = settings?.jovi?.legacy_keymap === true;
  shortcuts = settings?.jovi?.shortcuts ?? [];
  applyShortcuts(shortcuts);
  // Autosave: every two minutes unless set (0 turns it off).
  const autosaveSeconds = settings?.jovi?.autosave_seconds;
  const autosaveEvery = typeof autosaveSeconds === "number" && autosaveSeconds >= 0 ? autosaveSeconds * 1000 : AUTOSAVE_MS;
  if (autosaveEvery > 0) {
    window.setInterval(() => {
      if (dirty) void save(false);
    }, autosaveEvery);
  }

  // A notebook without cells (a new one) gets one, ready for typing; any other opens
  // in command mode on its first cell.
  if (notebook.cells.length === 0) view.editMode();
  else view.commandMode();
  syncTypeSelect();
  setDirty(false);

  /** Connect to ``current``'s kernel (closing the connection to another one). */
  function connect(current: SessionModel): void {
    connection?.close();
    kernelName = current.kernel.name;
    const open = new KernelConnection(kernels.channelsUrl(current.kernel.id, crypto.randomUUID()));
    connection = open;
    connection.onState(showKernelState);
    connection.onOrphan = adopter(http, current.kernel.id, view);
    widgetManager?.dispose(); // what followed the other kernel's widgets stops
    const widgets = new WidgetManager(
      (commId, data, buffers) => open.send("shell", "comm_msg", { comm_id: commId, data }, {}, {}, buffers ?? []),
      {
        open: (commId, targetName, data, metadata) =>
          open.send("shell", "comm_open", { comm_id: commId, target_name: targetName, data }, {}, metadata),
        close: (commId) => open.send("shell", "comm_close", { comm_id: commId, data: {} }, {}),
      },
    );
    widgetManager = widgets;
    connection.onComm = (message) => widgets.handle(message.header.msg_type, message.content, message.buffers ?? []);
    connection.onCapture = (message) =>
      widgets.capture(message.header.msg_type, message.parent_header.msg_id ?? "", message.content as Record<string, unknown>);
    setWidgetRenderer(
      (data, host) => {
        const model = data.model_id ? widgets.models.get(data.model_id) : undefined;
        if (!model) return false;
        host.append(widgetView(widgets, model));
        return true;
      },
      (data, shown) => {
        if (!data.model_id) return;
        void widgets.model(data.model_id).then((model) => {
          if (connection !== open) return; // another kernel's page by now
          shown.className = "jovi-output-data jovi-mime-application-vnd-jupyter-widget-view-json";
          shown.replaceChildren(widgetView(widgets, model));
        });
      },
    );
    connection.connect();
    // A kernel that made widgets before this page opened (a reload, a second tab):
    // ask for them, so that their outputs show the widgets again, live.
    open.send("shell", "comm_info_request", { target_name: "jupyter.widget" }, {
      onReply: (reply) => {
        const comms = (reply.content as { comms?: Record<string, unknown> }).comms ?? {};
        if (connection !== open || Object.keys(comms).length === 0) return;
        widgets.requestStates(
          (commId) =>
            open.send("shell", "comm_open", { comm_id: commId, target_name: "jupyter.widget.control", data: {} }, {}, { version: "1.0.0" }),
          crypto.randomUUID().replaceAll("-", ""),
        );
      },
    });
    showKernelState(connection.state);
  }

  // The kernel: its session (one per path), then its channels.
  showKernelState("starting");
  try {
    try {
      session = await kernels.startSession(path, kernelName);
    } catch (error) {
      if (!(error instanceof ServerError) || !kernelName) throw error;
      notifier.show(`Kernel ${kernelName} is not available; starting the default kernel.`, "error");
      session = await kernels.startSession(path, null);
    }
    connect(session);
  } catch (error) {
    showKernelState("dead");
    notifier.show(`No kernel: ${error instanceof Error ? error.message : String(error)}`, "error", true);
  } finally {
    kernelStarting = false;
    for (const run of waitingForKernel.splice(0)) run();
  }
}
