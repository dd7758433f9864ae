// The file browser (/tree/<dir>): the folder's files with breadcrumbs; new notebook,
// file or folder; upload (button, or files dropped on the list); rename, duplicate,
// delete, download (the Files tab); the running notebooks with their kernels, and
// shutdown (Running); the profiles' parallel clusters, started and stopped (Clusters).
import { Contents, type ContentsModel } from "../api/contents";
import { Http, ServerError, type PageConfig } from "../api/http";
import { Kernels, type SessionModel } from "../api/kernels";
import { dialog, Notifier } from "../ui/dialog";
import { button, pageHeader } from "../ui/header";
import { clustersPanel } from "./clusters";
import { tabs } from "./tabs";

const REFRESH_MS = 10_000;
const BINARY = /\.(png|jpe?g|gif|bmp|webp|ico|pdf|zip|gz|tgz|bz2|xz|tar|whl|so|pyc|mp3|mp4|wav|ogg|webm|xlsx?|docx?|pptx?)$/i;

/** Where a click on an entry goes. */
export function entryUrl(http: Http, entry: Pick<ContentsModel, "type" | "path" | "name">): string {
  if (entry.type === "directory") return http.url("tree", entry.path);
  if (entry.type === "notebook") return http.url("notebooks", entry.path);
  if (BINARY.test(entry.name)) return http.url("files", entry.path);
  return http.url("edit", entry.path);
}

export function formatSize(size: number | null | undefined): string {
  if (size === null || size === undefined) return "";
  const units = ["B", "KB", "MB", "GB"];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit ? value.toFixed(1) : value} ${units[unit]}`;
}

export async function treePage(config: PageConfig, root: HTMLElement): Promise<void> {
  const http = new Http(config.baseUrl);
  const contents = new Contents(http);
  const kernels = new Kernels(http);
  const dir = config.path;
  const header = pageHeader(http.url("tree"), "Files");
  const notifier = new Notifier();
  header.extra.append(notifier.element);
  document.title = dir ? `${dir} – jovi` : "Files – jovi";

  const crumbs = document.createElement("nav");
  crumbs.className = "jovi-breadcrumbs";
  crumbs.setAttribute("aria-label", "Folder");
  const rootLink = document.createElement("a");
  rootLink.href = http.url("tree");
  rootLink.textContent = "🏠";
  rootLink.setAttribute("aria-label", "Root folder");
  rootLink.title = "Root folder";
  crumbs.append(rootLink);
  let so_far = "";
  for (const part of dir.split("/").filter(Boolean)) {
    so_far = so_far ? `${so_far}/${part}` : part;
    const link = document.createElement("a");
    link.href = http.url("tree", so_far);
    link.textContent = part;
    crumbs.append(" / ", link);
  }

  const upload = document.createElement("input");
  upload.type = "file";
  upload.multiple = true;
  upload.hidden = true;
  upload.setAttribute("aria-label", "Files to upload");
  upload.addEventListener("change", () => void uploadFiles(Array.from(upload.files ?? [])));

  const newMenu = document.createElement("select");
  newMenu.setAttribute("aria-label", "New");
  newMenu.title = "New";
  for (const [value, label] of [["", "New…"], ["notebook", "Notebook"], ["file", "Text file"], ["directory", "Folder"]]) newMenu.add(new Option(label, value));
  newMenu.addEventListener("change", () => {
    const kind = newMenu.value;
    newMenu.value = "";
    if (kind) void create(kind as "notebook" | "file" | "directory");
  });

  const toolbar = document.createElement("div");
  toolbar.className = "jovi-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "File actions");
  const selectionActions = document.createElement("span");
  selectionActions.className = "jovi-selection-actions";
  selectionActions.append(
    button("Rename", () => void renameSelected()),
    button("Duplicate", () => void duplicateSelected()),
    button("Download", () => downloadSelected()),
    button("Shut down", () => void shutdownSelected()),
    button("Delete", () => void deleteSelected()),
  );
  toolbar.append(
    button("New notebook", () => void create("notebook")),
    newMenu,
    button("Upload", () => upload.click()),
    button("Refresh", () => void refresh()),
    selectionActions,
    upload,
  );

  const list = document.createElement("table");
  list.className = "jovi-files";
  list.setAttribute("aria-label", "Files");
  const head = list.createTHead().insertRow();
  for (const label of ["", "Name", "Running", "Last modified", "Size"]) {
    const th = document.createElement("th");
    th.textContent = label;
    th.scope = "col";
    head.append(th);
  }
  const body = list.createTBody();
  const dropZone = document.createElement("section");
  dropZone.className = "jovi-drop-zone";
  dropZone.setAttribute("aria-label", "File list (drop files here to upload them)");
  const hint = document.createElement("p");
  hint.className = "jovi-hint";
  hint.textContent = "Drop files here to upload them.";
  dropZone.append(list, hint);

  const running = document.createElement("section");
  running.className = "jovi-running";
  running.setAttribute("aria-label", "Running notebooks");
  const runningList = document.createElement("ul");
  running.append(runningList);

  const filesPanel = document.createElement("section");
  filesPanel.className = "jovi-files-panel";
  filesPanel.append(crumbs, toolbar, dropZone);
  const clusters = clustersPanel(http, notifier);
  const tabBar = tabs(
    "File browser",
    [
      { id: "files", label: "Files", panel: filesPanel },
      { id: "running", label: "Running", panel: running },
      { id: "clusters", label: "Clusters", panel: clusters.element },
    ],
    (id) => {
      if (id === "clusters") void clusters.refresh();
    },
  );

  const main = document.createElement("main");
  main.className = "jovi-tree";
  main.append(tabBar.element, filesPanel, running, clusters.element);
  root.append(header.element, main);

  let entries: ContentsModel[] = [];
  let sessions: SessionModel[] = [];
  const selected = new Set<string>();

  function selectedEntries(): ContentsModel[] {
    return entries.filter((entry) => selected.has(entry.path));
  }

  function showActions(): void {
    const chosen = selectedEntries();
    selectionActions.hidden = chosen.length === 0;
    const [rename, duplicate, download, shutdown] = Array.from(selectionActions.children) as HTMLButtonElement[];
    rename.disabled = chosen.length !== 1;
    duplicate.disabled = chosen.some((e) => e.type === "directory");
    download.disabled = chosen.some((e) => e.type === "directory");
    shutdown.disabled = !chosen.some((e) => sessions.some((s) => s.path === e.path));
  }

  function draw(): void {
    body.replaceChildren();
    const order = { directory: 0, notebook: 1, file: 2 };
    entries.sort((a, b) => order[a.type] - order[b.type] || a.name.localeCompare(b.name));
    for (const entry of entries) {
      const row = body.insertRow();
      row.dataset.path = entry.path;
      row.dataset.type = entry.type;
      const check = document.createElement("input");
      check.type = "checkbox";
      check.checked = selected.has(entry.path);
      check.setAttribute("aria-label", `Select ${entry.name}`);
      check.addEventListener("change", () => {
        if (check.checked) selected.add(entry.path);
        else selected.delete(entry.path);
        showActions();
      });
      row.insertCell().append(check);
      const link = document.createElement("a");
      link.href = entryUrl(http, entry);
      link.textContent = `${entry.type === "directory" ? "📁" : entry.type === "notebook" ? "📓" : "📄"} ${entry.name}`;
      link.className = "jovi-entry";
      if (entry.type !== "directory") link.target = "_blank";
      row.insertCell().append(link);
      const isRunning = sessions.some((s) => s.path === entry.path);
      row.insertCell().textContent = isRunning ? "Running" : "";
      const modified = row.insertCell();
      modified.textContent = new Date(entry.last_modified).toLocaleString();
      row.insertCell().textContent = entry.type === "directory" ? "" : formatSize(entry.size);
    }
    hint.hidden = entries.length > 0;
    runningList.replaceChildren();
    for (const session of sessions) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = http.url("notebooks", session.path);
      link.target = "_blank";
      link.textContent = session.path;
      const state = document.createElement("span");
      state.textContent = ` ${session.kernel.name} (${session.kernel.execution_state ?? "?"}) `;
      item.append(link, state, button(`Shut down ${session.path}`, () => void shutdown(session), { icon: "Shut down", title: `Shut down the kernel of ${session.path}` }));
      runningList.append(item);
    }
    if (!sessions.length) runningList.append(Object.assign(document.createElement("li"), { textContent: "No kernels are running." }));
    for (const path of Array.from(selected)) if (!entries.some((e) => e.path === path)) selected.delete(path);
    showActions();
  }

  async function refresh(): Promise<void> {
    try {
      const [listing, running] = await Promise.all([contents.get(dir, { type: "directory" }), kernels.sessions()]);
      entries = listing.content as ContentsModel[];
      sessions = running;
      draw();
      main.classList.remove("jovi-offline");
    } catch (error) {
      main.classList.add("jovi-offline");
      const message = error instanceof ServerError ? error.message : "The server cannot be reached.";
      notifier.show(message, "error", true);
    }
  }

  async function act(what: string, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      notifier.show(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    }
    await refresh();
  }

  async function create(kind: "notebook" | "file" | "directory"): Promise<void> {
    // The tab is opened now, while the click still counts as the user's (pop-up rules).
    const tab = kind === "directory" ? null : window.open("about:blank", "_blank");
    await act(`Creating a ${kind}`, async () => {
      const model = await contents.create(dir, kind, kind === "file" ? ".txt" : "");
      if (tab) tab.location.href = entryUrl(http, model);
      else if (kind !== "directory") window.location.href = entryUrl(http, model); // pop-ups blocked
    });
  }

  async function uploadFiles(files: File[]): Promise<void> {
    for (const file of files) {
      await act(`Uploading ${file.name}`, async () => {
        await contents.upload(dir, file);
        notifier.show(`Uploaded ${file.name}`);
      });
    }
    upload.value = "";
  }

  async function renameSelected(): Promise<void> {
    const [entry] = selectedEntries();
    if (!entry) return;
    const name = await dialog({ title: `Rename ${entry.name}`, accept: "Rename", input: entry.name });
    if (!name || name === entry.name) return;
    selected.clear();
    await act("Renaming", () => contents.rename(entry.path, dir ? `${dir}/${name}` : name));
  }

  async function duplicateSelected(): Promise<void> {
    const chosen = selectedEntries();
    selected.clear();
    await act("Duplicating", async () => {
      for (const entry of chosen) await contents.copy(entry.path, dir);
    });
  }

  function downloadSelected(): void {
    for (const entry of selectedEntries()) {
      const link = document.createElement("a");
      link.href = http.url("files", entry.path, { download: "1" });
      link.download = entry.name;
      document.body.append(link);
      link.click();
      link.remove();
    }
  }

  async function deleteSelected(): Promise<void> {
    const chosen = selectedEntries();
    if (!chosen.length) return;
    const names = chosen.map((e) => e.name).join(", ");
    const body = config.deleteToTrash === false ? `Delete ${names} for good?` : `Move ${names} to the trash?`;
    const answer = await dialog({ title: "Delete?", body, accept: "Delete", danger: true });
    if (answer === null) return;
    selected.clear();
    await act("Deleting", async () => {
      for (const entry of chosen) await contents.remove(entry.path);
    });
  }

  async function shutdown(session: SessionModel): Promise<void> {
    await act("Shutting down", () => http.request("DELETE", http.url("api/sessions", session.id)));
  }

  async function shutdownSelected(): Promise<void> {
    for (const entry of selectedEntries()) {
      const session = sessions.find((s) => s.path === entry.path);
      if (session) await shutdown(session);
    }
  }

  dropZone.addEventListener("dragover", (event) => {
    event.preventDefault();
    dropZone.classList.add("jovi-dragging");
  });
  dropZone.addEventListener("dragleave", () => dropZone.classList.remove("jovi-dragging"));
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    dropZone.classList.remove("jovi-dragging");
    void uploadFiles(Array.from(event.dataTransfer?.files ?? []));
  });

  await refresh();
  window.setInterval(() => {
    if (document.visibilityState !== "visible") return;
    void refresh();
    if (tabBar.selected() === "clusters") void clusters.refresh();
  }, REFRESH_MS);
  window.addEventListener("focus", () => {
    void refresh();
    if (tabBar.selected() === "clusters") void clusters.refresh();
  });
}
