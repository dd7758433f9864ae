// /api/sessions and /api/kernels: a notebook's kernel, and the running ones.
import { Http } from "./http";

export interface KernelModel {
  id: string;
  name: string;
  execution_state?: string;
  last_activity?: string;
  connections?: number;
}

export interface SessionModel {
  id: string;
  path: string;
  name: string;
  type: string;
  kernel: KernelModel;
}

export interface KernelSpecs {
  default: string;
  kernelspecs: Record<string, { name: string; spec: { display_name: string; language: string } }>;
}

export class Kernels {
  constructor(private readonly http: Http) {}

  /** The session of ``path`` (made, with a kernel ``kernelName``, if it has none). */
  startSession(path: string, kernelName: string | null): Promise<SessionModel> {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const kernel = kernelName ? { name: kernelName } : {};
    return this.http.request("POST", this.http.url("api/sessions"), { path, name, type: "notebook", kernel });
  }

  sessions(): Promise<SessionModel[]> {
    return this.http.request("GET", this.http.url("api/sessions"));
  }

  specs(): Promise<KernelSpecs> {
    return this.http.request("GET", this.http.url("api/kernelspecs"));
  }

  interrupt(id: string): Promise<void> {
    return this.http.request("POST", `${this.http.url("api/kernels", id)}/interrupt`);
  }

  restart(id: string): Promise<KernelModel> {
    return this.http.request("POST", `${this.http.url("api/kernels", id)}/restart`);
  }

  shutdown(id: string): Promise<void> {
    return this.http.request("DELETE", this.http.url("api/kernels", id));
  }

  /** The WebSocket URL of kernel ``id``'s channels for client ``sessionId``. */
  channelsUrl(id: string, sessionId: string, location: Location = window.location): string {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const path = this.http.url("api/kernels", id);
    return `${scheme}//${location.host}${path}/channels?session_id=${encodeURIComponent(sessionId)}`;
  }
}
