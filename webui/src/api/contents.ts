// /api/contents: listing, reading, saving, creating, renaming, deleting, checkpoints.
import { Http } from "./http";

export type ContentType = "directory" | "file" | "notebook";

export interface ContentsModel {
  name: string;
  path: string;
  type: ContentType;
  created: string;
  last_modified: string;
  writable: boolean;
  mimetype: string | null;
  format: string | null;
  size?: number | null;
  content: unknown;
}

export interface Checkpoint {
  id: string;
  last_modified: string;
}

export class Contents {
  constructor(private readonly http: Http) {}

  get(path: string, options: { type?: ContentType; format?: string; content?: boolean } = {}): Promise<ContentsModel> {
    const query: Record<string, string> = { content: options.content === false ? "0" : "1" };
    if (options.type) query.type = options.type;
    if (options.format) query.format = options.format;
    return this.http.request("GET", this.http.url("api/contents", path, query));
  }

  save(path: string, model: Partial<ContentsModel>): Promise<ContentsModel> {
    return this.http.request("PUT", this.http.url("api/contents", path), model);
  }

  /** A new untitled notebook, file or folder in ``dir``. */
  create(dir: string, type: ContentType, ext = ""): Promise<ContentsModel> {
    const body: Record<string, string> = { type };
    if (ext) body.ext = ext;
    return this.http.request("POST", this.http.url("api/contents", dir), body);
  }

  copy(path: string, toDir: string): Promise<ContentsModel> {
    return this.http.request("POST", this.http.url("api/contents", toDir), { copy_from: path });
  }

  rename(path: string, newPath: string): Promise<ContentsModel> {
    return this.http.request("PATCH", this.http.url("api/contents", path), { path: newPath });
  }

  remove(path: string): Promise<void> {
    return this.http.request("DELETE", this.http.url("api/contents", path));
  }

  checkpoint(path: string): Promise<Checkpoint> {
    return this.http.request("POST", `${this.http.url("api/contents", path)}/checkpoints`);
  }

  checkpoints(path: string): Promise<Checkpoint[]> {
    return this.http.request("GET", `${this.http.url("api/contents", path)}/checkpoints`);
  }

  restore(path: string, id: string): Promise<void> {
    return this.http.request("POST", `${this.http.url("api/contents", path)}/checkpoints/${encodeURIComponent(id)}`);
  }

  /** Upload a file from the user's machine into ``dir``: a notebook as JSON, text as
   * text, anything else as base64. */
  async upload(dir: string, file: File): Promise<ContentsModel> {
    const path = dir ? `${dir}/${file.name}` : file.name;
    if (file.name.endsWith(".ipynb")) {
      const content = JSON.parse(await file.text()) as unknown;
      return this.save(path, { type: "notebook", format: "json", content });
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    return this.save(path, { type: "file", format: "base64", content: toBase64(bytes) });
  }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

/** The directory part of a contents path ("" at the root). */
export function dirname(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "" : path.slice(0, cut);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
