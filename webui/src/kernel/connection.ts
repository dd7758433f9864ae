// One kernel as the notebook page talks to it: the WebSocket of its channels, replies
// and outputs routed to whoever sent the request, the kernel's state for the status
// indicator, and reconnection after an unexpected close.
import { decodeFrame, encodeFrame, makeMessage, newId, type Channel, type Header, type KernelMessage } from "./messages";

export type KernelState =
  | "connecting"
  | "starting"
  | "idle"
  | "busy"
  | "restarting"
  | "dead"
  | "disconnected";

/** What the sender of one request hears about it. */
export interface RequestHandlers {
  onIOPub?(message: KernelMessage): void;
  onReply?(message: KernelMessage): void;
  onInput?(message: KernelMessage): void;
}

export interface ExecuteContent {
  code: string;
  silent: boolean;
  store_history: boolean;
  user_expressions: Record<string, string>;
  allow_stdin: boolean;
  stop_on_error: boolean;
}

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

export class KernelConnection {
  readonly clientId = newId();
  state: KernelState = "connecting";
  private socket: WebSocket | null = null;
  private readonly handlers = new Map<string, RequestHandlers>();
  private readonly finishing = new Map<string, "reply" | "idle">();
  private readonly stateListeners = new Set<(state: KernelState) => void>();
  private readonly pending: KernelMessage<unknown>[] = [];
  private closing = false;
  private attempts = 0;

  /** IOPub messages of requests this page did not send: another tab's, or those the
   * server replays to a page opened while they ran (its journal). */
  onOrphan: ((message: KernelMessage) => void) | null = null;
  /** Asked first about every other IOPub message: true when it was taken (an Output
   * widget captures the outputs of the request it names). */
  onCapture: ((message: KernelMessage) => boolean) | null = null;
  /** Every comm message the kernel publishes (widgets), whoever's request it follows. */
  onComm: ((message: KernelMessage) => void) | null = null;

  constructor(private readonly url: string) {}

  onState(listener: (state: KernelState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  connect(): void {
    this.closing = false;
    const socket = new WebSocket(this.url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      if (this.state === "connecting" || this.state === "disconnected") this.setState("idle");
      for (const message of this.pending.splice(0)) socket.send(encodeFrame(message));
      this.send("shell", "kernel_info_request", {}, {});
    };
    socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => this.receive(decodeFrame(event.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closing) return;
      this.setState("disconnected");
      const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts, RECONNECT_DELAYS_MS.length - 1)];
      this.attempts += 1;
      window.setTimeout(() => {
        if (!this.closing && this.socket === null) this.connect();
      }, delay);
    };
  }

  /** Connect again now (the Kernel menu's Reconnect). */
  reconnect(): void {
    const old = this.socket;
    this.socket = null;
    old?.close();
    this.setState("connecting");
    this.connect();
  }

  close(): void {
    this.closing = true;
    this.socket?.close();
    this.socket = null;
  }

  /** Send a request; its replies and outputs go to ``handlers``. Returns its msg_id. */
  send(
    channel: Channel,
    msgType: string,
    content: object,
    handlers: RequestHandlers,
    metadata: Record<string, unknown> = {},
    buffers: ArrayBuffer[] = [],
  ): string {
    const message = makeMessage(channel, msgType, content, this.clientId, { metadata });
    message.buffers = buffers;
    if (handlers.onIOPub || handlers.onReply || handlers.onInput) this.handlers.set(message.header.msg_id, handlers);
    this.post(message);
    return message.header.msg_id;
  }

  execute(code: string, handlers: RequestHandlers, metadata: Record<string, unknown> = {}): string {
    const content: ExecuteContent = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: true,
      stop_on_error: true,
    };
    return this.send("shell", "execute_request", content, handlers, metadata);
  }

  /** Answer the kernel's ``input_request`` ``parent``. */
  reply(parent: Header, value: string): void {
    this.post(makeMessage("stdin", "input_reply", { value }, this.clientId, { parent }));
  }

  /** Forget what the requests sent so far would still hear (after a restart). */
  forgetRequests(): void {
    this.handlers.clear();
  }

  private post(message: KernelMessage<unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(encodeFrame(message));
    else this.pending.push(message);
  }

  /** Forget a request once nothing more can come for it: its reply, and for an
   * execution also its closing idle status (outputs come between the two). */
  private finished(parentId: string, part: "reply" | "idle"): void {
    const seen = this.finishing.get(parentId);
    if (seen && seen !== part) {
      this.finishing.delete(parentId);
      this.handlers.delete(parentId);
    } else {
      this.finishing.set(parentId, part);
    }
  }

  private receive(message: KernelMessage): void {
    const parentId = message.parent_header.msg_id ?? "";
    const handlers = this.handlers.get(parentId);
    if (handlers) {
      const type = message.header.msg_type;
      if (message.channel === "shell" || message.channel === "control") {
        if (type === "execute_reply") this.finished(parentId, "reply");
        else window.setTimeout(() => this.handlers.delete(parentId), 0); // after it is handled
      } else if (type === "status" && (message.content as { execution_state?: string }).execution_state === "idle") {
        if (message.parent_header.msg_type === "execute_request") this.finished(parentId, "idle");
      }
    }
    if (message.channel === "iopub" && message.header.msg_type.startsWith("comm_")) {
      this.onComm?.(message);
    }
    if (message.channel === "iopub") {
      if (message.header.msg_type === "status") {
        const state = (message.content as { execution_state?: string }).execution_state;
        if (state === "restarting" || state === "dead" || state === "starting") {
          this.setState(state);
          // The server answers once the new kernel is ready: that reply says it is idle.
          if (state === "restarting") this.send("shell", "kernel_info_request", {}, {});
        }
        else if (state === "busy" || state === "idle") this.setState(state);
      }
      if (this.onCapture?.(message)) return;
      if (handlers) handlers.onIOPub?.(message);
      else if (parentId) this.onOrphan?.(message);
    } else if (message.channel === "stdin") {
      handlers?.onInput?.(message);
    } else {
      handlers?.onReply?.(message);
      if (message.header.msg_type === "kernel_info_reply" && this.state !== "busy" && this.state !== "dead") this.setState("idle");
    }
  }

  private setState(state: KernelState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
