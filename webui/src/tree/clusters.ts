// The Clusters tab of the file browser: each profile with its cluster's status and
// engines, a number of engines to start, and Start or Stop; refreshed after every
// action and every few seconds while shown.
import { Clusters, type ClusterProfile } from "../api/clusters";
import { Http, ServerError } from "../api/http";
import type { Notifier } from "../ui/dialog";
import { button } from "../ui/header";

export const MAX_ENGINES = 1024;

/** The number of engines typed (null: empty, the profile's default); an error message
 * when it is not a whole number from 1 to MAX_ENGINES. */
export function parseEngineCount(text: string): number | null | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > MAX_ENGINES) {
    return { error: `The number of engines must be a whole number from 1 to ${MAX_ENGINES}.` };
  }
  return Number(trimmed);
}

/** What the status column says of a profile. */
export function statusText(profile: ClusterProfile): string {
  if (profile.status === "starting") return "starting…";
  if (profile.status === "stopping") return "stopping…";
  return profile.status;
}

/** What the engines column says: the running cluster's engines, and any named ones. */
export function enginesText(profile: ClusterProfile): string {
  const parts: string[] = [];
  if (profile.status === "running" && profile.n !== undefined) parts.push(String(profile.n));
  for (const other of profile.clusters) {
    if (other.cluster_id) parts.push(`${other.cluster_id}: ${other.engines.length || other.n}`);
  }
  return parts.join(", ");
}

export interface ClustersPanel {
  element: HTMLElement;
  refresh(): Promise<void>;
}

export function clustersPanel(http: Http, notifier: Notifier): ClustersPanel {
  const clusters = new Clusters(http);
  const element = document.createElement("section");
  element.className = "jovi-clusters";
  element.setAttribute("aria-label", "Clusters");
  const intro = document.createElement("p");
  intro.className = "jovi-clusters-intro";
  intro.textContent = "Parallel clusters of each profile: a controller and engines (jovi cluster start).";
  const table = document.createElement("table");
  table.className = "jovi-cluster-list";
  table.setAttribute("aria-label", "Clusters");
  const head = table.createTHead().insertRow();
  for (const label of ["Profile", "Status", "Engines", "Action"]) {
    const th = document.createElement("th");
    th.textContent = label;
    th.scope = "col";
    head.append(th);
  }
  const body = table.createTBody();
  element.append(intro, table);
  const busy = new Set<string>(); // profiles this page is starting or stopping
  const typed = new Map<string, string>(); // engine counts typed, kept across redraws

  function draw(profiles: ClusterProfile[]): void {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.control : undefined;
    body.replaceChildren();
    for (const profile of profiles) {
      const name = profile.profile;
      const row = body.insertRow();
      row.dataset.profile = name;
      row.dataset.status = profile.status;
      const title = document.createElement("th");
      title.scope = "row";
      title.textContent = name;
      title.title = profile.profile_dir;
      row.append(title);
      const status = row.insertCell();
      status.className = "jovi-cluster-status";
      status.textContent = statusText(profile);
      row.insertCell().textContent = enginesText(profile);
      const actions = row.insertCell();
      actions.className = "jovi-cluster-actions";
      const working = busy.has(name) || profile.status === "starting" || profile.status === "stopping";
      if (profile.status === "running" || profile.status === "stopping") {
        const stop = button(`Stop ${name}`, () => void stopCluster(name), { icon: "Stop", title: `Stop the cluster of ${name}` });
        stop.dataset.control = `stop:${name}`;
        stop.disabled = working;
        actions.append(stop);
      } else {
        const count = document.createElement("input");
        count.type = "number";
        count.min = "1";
        count.max = String(MAX_ENGINES);
        count.placeholder = "default";
        count.className = "jovi-engine-count";
        count.value = typed.get(name) ?? "";
        count.setAttribute("aria-label", `Engines for ${name}`);
        count.title = `Engines for ${name} (empty: the profile's default)`;
        count.dataset.control = `count:${name}`;
        count.disabled = working;
        count.addEventListener("input", () => typed.set(name, count.value));
        count.addEventListener("keydown", (event) => {
          if (event.key === "Enter") void startCluster(name);
        });
        const start = button(`Start ${name}`, () => void startCluster(name), { icon: "Start", title: `Start the cluster of ${name}` });
        start.dataset.control = `start:${name}`;
        start.disabled = working;
        actions.append(count, start);
      }
    }
    if (focused) body.querySelector<HTMLElement>(`[data-control="${CSS.escape(focused)}"]`)?.focus();
  }

  async function refresh(): Promise<void> {
    try {
      draw(await clusters.list());
    } catch (error) {
      notifier.show(error instanceof ServerError ? error.message : "The server cannot be reached.", "error", true);
    }
  }

  async function act(name: string, what: string, action: () => Promise<unknown>): Promise<void> {
    busy.add(name);
    const refreshing = refresh(); // shows "starting…" or "stopping…" meanwhile
    try {
      await action();
    } catch (error) {
      notifier.show(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, "error", true);
    } finally {
      busy.delete(name);
    }
    await refreshing;
    await refresh();
  }

  async function startCluster(name: string): Promise<void> {
    const n = parseEngineCount(typed.get(name) ?? "");
    if (n !== null && typeof n === "object") {
      notifier.show(n.error, "error", true);
      return;
    }
    await act(name, `Starting the cluster of ${name}`, async () => {
      await clusters.start(name, n);
      notifier.show(`The cluster of ${name} is running.`);
    });
  }

  async function stopCluster(name: string): Promise<void> {
    await act(name, `Stopping the cluster of ${name}`, async () => {
      await clusters.stop(name);
      notifier.show(`The cluster of ${name} has stopped.`);
    });
  }

  return { element, refresh };
}
