// Requests to jovi's server: under its base URL, with the XSRF header the server asks
// of requests made by the login cookie, and errors as ServerError.

/** What the server put in the page (routes/pages.py). */
export interface PageConfig {
  page: "tree" | "notebook" | "edit";
  path: string;
  baseUrl: string;
  version: string;
  /** Deleting moves to the user's trash (the server's delete_to_trash). */
  deleteToTrash?: boolean;
}

export function readPageConfig(doc: Document = document): PageConfig {
  const element = doc.getElementById("jovi-page");
  if (!element?.textContent) throw new Error("this page lacks its configuration (#jovi-page)");
  return JSON.parse(element.textContent) as PageConfig;
}

export class ServerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

/** An API path: each segment percent-encoded, slashes kept. */
export function encodePath(path: string): string {
  return path
    .split("/")
    .filter((part) => part !== "")
    .map(encodeURIComponent)
    .join("/");
}

export function cookie(name: string, doc: Document = document): string {
  for (const part of doc.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}

export class Http {
  constructor(readonly baseUrl: string) {}

  /** The URL of ``route`` (``"api/contents"``) and ``path`` (a contents path) under the base URL. */
  url(route: string, path = "", query: Record<string, string> = {}): string {
    const encoded = encodePath(path);
    const search = new URLSearchParams(query).toString();
    return `${this.baseUrl}${route}${encoded ? `/${encoded}` : ""}${search ? `?${search}` : ""}`;
  }

  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { "X-XSRFToken": cookie("_xsrf") };
    const init: RequestInit = { method, headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const answer = await fetch(url, init);
    if (!answer.ok) {
      let message = `${method} ${url}: ${answer.status} ${answer.statusText}`;
      let reason: string | null = null;
      try {
        const error = (await answer.json()) as { message?: string; reason?: string | null };
        if (error.message) message = error.message;
        reason = error.reason ?? null;
      } catch {
        // not JSON: keep the status line
      }
      throw new ServerError(message, answer.status, reason);
    }
    if (answer.status === 204) return undefined as T;
    const text = await answer.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
