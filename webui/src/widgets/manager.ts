// A small manager for Jupyter widgets (the ipywidgets protocol, version 2): widget
// models live in the kernel and here, kept in step through comm messages (the page
// makes models too, for a Controller's buttons and axes: it opens their comms); views
// are drawn for the core widgets (sliders, text and numbers, labels, buttons,
// checkboxes, toggles, selections, progress bars, images, boxes, tabs, accordions,
// outputs) and links between models are kept in the page (jslink); Output widgets
// capture the outputs of the requests they name (``capture.ts``). Binary buffers (an Image's bytes) come beside
// a message's JSON and are put back into the state where ``buffer_paths`` says.

import { OutputCapture } from "./capture";
import { GamepadWatch } from "./controller";

export type State = Record<string, unknown>;

/** How the manager talks to the kernel: one comm message, and its binary buffers. */
export type CommSend = (commId: string, data: Record<string, unknown>, buffers?: ArrayBuffer[]) => void;

/** Comms the page opens and closes itself (``comm_open`` with its metadata, ``comm_close``). */
export interface CommEnds {
  open(commId: string, targetName: string, data: Record<string, unknown>, metadata: Record<string, unknown>): void;
  close(commId: string): void;
}

/** The version of the widget protocol this page speaks (sent with the comms it opens). */
export const PROTOCOL_VERSION = "2.1.0";

export class WidgetModel {
  private readonly listeners = new Set<(changed: State) => void>();

  constructor(
    readonly id: string,
    public state: State,
    private readonly send: CommSend,
  ) {}

  get name(): string {
    return String(this.state._model_name ?? "");
  }

  get<T = unknown>(key: string): T {
    return this.state[key] as T;
  }

  /** Whether the model's comm has closed (or the page left its kernel). */
  closed = false;

  /** Change ``key`` here and in the kernel (a view was used). */
  set(key: string, value: unknown): void {
    this.update({ [key]: value });
  }

  /** Change the keys of ``changes`` that differ, here and in the kernel, in one message. */
  update(changes: State): void {
    const changed = Object.fromEntries(Object.entries(changes).filter(([key, value]) => this.state[key] !== value));
    if (Object.keys(changed).length === 0) return;
    this.apply(changed);
    this.send(this.id, { method: "update", state: changed, buffer_paths: [] });
  }

  /** Change ``key`` to ``value``, whose binary parts are ``buffers`` at
   * ``paths`` (each a list of keys and indices below ``key``): in the kernel the
   * buffers take those places, as the protocol's ``buffer_paths`` say (a FileUpload's
   * files). Here the value keeps the parts as DataViews. */
  setWithBuffers(key: string, value: unknown, paths: (string | number)[][], buffers: ArrayBuffer[]): void {
    this.apply({ [key]: value });
    const sent = JSON.parse(JSON.stringify(value, (_name, part: unknown) => (part instanceof DataView ? null : part))) as unknown;
    this.send(
      this.id,
      { method: "update", state: { [key]: sent }, buffer_paths: paths.map((path) => [key, ...path]) },
      buffers,
    );
  }

  /** A custom message to the kernel (a button's click). */
  sendCustom(content: Record<string, unknown>): void {
    this.send(this.id, { method: "custom", content });
  }

  /** Changes that came from the kernel (or a link). */
  apply(changed: State): void {
    Object.assign(this.state, changed);
    for (const listener of this.listeners) listener(changed);
  }

  onChange(listener: (changed: State) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** ``state`` (a copy) with ``buffers[i]`` put at ``paths[i]`` (a list of keys and
 * indices into the state, as the protocol sends it); buffers come as DataViews, as
 * ipywidgets' own manager gives them to views. */
export function withBuffers(state: State, paths: unknown, buffers: readonly ArrayBuffer[]): State {
  const copy: State = { ...state };
  if (!Array.isArray(paths)) return copy;
  paths.forEach((path: unknown, index) => {
    const buffer = buffers[index];
    if (!Array.isArray(path) || !path.length || buffer === undefined) return;
    let into: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1) as (string | number)[]) {
      const inner = into[key];
      const cloned: Record<string | number, unknown> = Array.isArray(inner) ? ([...inner] as unknown as Record<number, unknown>) : { ...(inner as object) };
      into[key] = cloned;
      into = cloned;
    }
    into[path[path.length - 1] as string | number] = new DataView(buffer);
  });
  return copy;
}

/** ``"IPY_MODEL_<id>"`` references to model ids. */
export function referenced(value: unknown): string | null {
  return typeof value === "string" && value.startsWith("IPY_MODEL_") ? value.slice("IPY_MODEL_".length) : null;
}

export class WidgetManager {
  readonly models = new Map<string, WidgetModel>();
  private readonly waiting = new Map<string, ((model: WidgetModel) => void)[]>();
  private readonly outputs = new OutputCapture();

  /**
   * @param send Sends a comm message to the kernel.
   * @param ends Opens and closes the comms of models the page makes (without it, the
   *   page makes none: a Controller then only shows what the kernel says).
   * @param gamepads The browser's gamepads (``navigator.getGamepads``), for Controllers.
   */
  constructor(
    private readonly send: CommSend,
    private readonly ends: CommEnds | null = null,
    private readonly gamepads: (() => readonly (Gamepad | null)[]) | null = browserGamepads(),
  ) {}

  /** A comm message from the kernel (IOPub ``comm_open``, ``comm_msg``, ``comm_close``)
   * and its binary buffers. */
  handle(msgType: string, content: Record<string, unknown>, buffers: readonly ArrayBuffer[] = []): void {
    const commId = String(content.comm_id ?? "");
    const data = (content.data ?? {}) as Record<string, unknown>;
    const state = withBuffers((data.state as State) ?? {}, data.buffer_paths, buffers);
    if (msgType === "comm_open") {
      if (content.target_name !== "jupyter.widget") return;
      this.adopt(commId, state);
    } else if (msgType === "comm_msg") {
      if (commId === this.controlId && data.method === "update_states") {
        this.restore(data.states, data.buffer_paths, buffers);
        return;
      }
      const model = this.models.get(commId);
      if (model && data.method === "update") model.apply(state);
    } else if (msgType === "comm_close") {
      const model = this.models.get(commId);
      if (model) this.forget(model);
    }
  }

  /** A new model made by the page (``state`` names its model and view): its comm is
   * opened to the kernel, which makes the widget (ipywidgets' ``jupyter.widget``
   * target). Null when the page cannot open comms. */
  create(state: State): WidgetModel | null {
    if (this.ends === null) return null;
    const id = crypto.randomUUID().replaceAll("-", "");
    this.ends.open(id, "jupyter.widget", { state, buffer_paths: [] }, { version: PROTOCOL_VERSION });
    return this.adopt(id, { ...state });
  }

  /** Close the comm of ``model`` (one the page made, and no longer needs). */
  close(model: WidgetModel): void {
    this.ends?.close(model.id);
    this.forget(model);
  }

  /** Whether the browser gives the page gamepads (for a Controller). */
  get hasGamepads(): boolean {
    return this.gamepads !== null;
  }

  /** The page leaves this kernel: every model is closed here (their comms stay open in
   * the kernel, for the next page), and what follows a model stops. */
  dispose(): void {
    for (const model of [...this.models.values()]) this.forget(model);
  }

  private forget(model: WidgetModel): void {
    model.closed = true;
    this.outputs.forget(model);
    this.models.delete(model.id);
  }

  /** The id of the control comm asking for the kernel's widgets (null before). */
  controlId: string | null = null;

  /** Ask the kernel for every widget it has (a page opened, or reloaded, on a kernel
   * that made widgets before): ``openControl(commId)`` opens the ``jupyter.widget.control``
   * comm (ipywidgets' control protocol 1.x); ``request_states`` is sent on it, and the
   * answer (``update_states``) makes the models that outputs already on the page wait for. */
  requestStates(openControl: (commId: string) => void, commId: string): void {
    this.controlId = commId;
    openControl(commId);
    this.send(commId, { method: "request_states" });
  }

  /** Models for the states of ``update_states`` (those not known yet). */
  private restore(states: unknown, paths: unknown, buffers: readonly ArrayBuffer[]): void {
    if (typeof states !== "object" || states === null) return;
    const full = withBuffers(states as State, paths, buffers);
    for (const [id, entry] of Object.entries(full)) {
      if (this.models.has(id) || typeof entry !== "object" || entry === null) continue;
      const state = (entry as { state?: State }).state;
      if (state && typeof state === "object") this.adopt(id, { ...state });
    }
  }

  /** A model for the kernel's widget ``id``: kept, linked, followed (an Output),
   * and given to what waited for it. */
  private adopt(id: string, state: State): WidgetModel {
    const model = new WidgetModel(id, state, this.send);
    this.models.set(id, model);
    this.linkIfLink(model);
    if (model.name === "OutputModel") this.outputs.follow(model);
    if (model.name === "ControllerModel") new GamepadWatch(this, model, this.gamepads).start();
    for (const resolve of this.waiting.get(id) ?? []) resolve(model);
    this.waiting.delete(id);
    return model;
  }

  /** Whether an Output widget took this IOPub message (of the request ``parentId``):
   * then it is not the cell's output. */
  capture(msgType: string, parentId: string, content: Record<string, unknown>): boolean {
    return this.outputs.take(msgType, parentId, content);
  }

  /** The model ``id``, once the kernel has opened it. */
  model(id: string): Promise<WidgetModel> {
    const known = this.models.get(id);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const list = this.waiting.get(id) ?? [];
      list.push(resolve);
      this.waiting.set(id, list);
    });
  }

  /** jslink / jsdlink: the page keeps the target equal to the source. */
  private linkIfLink(model: WidgetModel): void {
    if (model.name !== "LinkModel" && model.name !== "DirectionalLinkModel") return;
    const [sourceRef, sourceKey] = (model.get<[string, string]>("source") ?? []) as [string, string];
    const [targetRef, targetKey] = (model.get<[string, string]>("target") ?? []) as [string, string];
    const sourceId = referenced(sourceRef);
    const targetId = referenced(targetRef);
    if (!sourceId || !targetId) return;
    void Promise.all([this.model(sourceId), this.model(targetId)]).then(([source, target]) => {
      const follow = (from: WidgetModel, fromKey: string, to: WidgetModel, toKey: string) =>
        from.onChange((changed) => {
          if (fromKey in changed) to.set(toKey, changed[fromKey]);
        });
      target.set(targetKey, source.get(sourceKey));
      follow(source, sourceKey, target, targetKey);
      if (model.name === "LinkModel") follow(target, targetKey, source, sourceKey);
    });
  }
}

/** ``navigator.getGamepads`` where the browser has it (null elsewhere). */
function browserGamepads(): (() => readonly (Gamepad | null)[]) | null {
  if (typeof navigator === "undefined" || typeof navigator.getGamepads !== "function") return null;
  return () => navigator.getGamepads();
}
