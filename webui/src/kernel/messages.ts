// Kernel messages as the server's WebSocket carries them (the default framing: JSON
// text frames, binary frames when a message has buffers).

export type Channel = "shell" | "iopub" | "stdin" | "control";

export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface KernelMessage<C = Record<string, unknown>> {
  channel: Channel;
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
  buffers?: ArrayBuffer[];
}

export function newId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

export function makeMessage<C>(
  channel: Channel,
  msgType: string,
  content: C,
  session: string,
  options: { parent?: Partial<Header>; metadata?: Record<string, unknown> } = {},
): KernelMessage<C> {
  return {
    channel,
    header: {
      msg_id: newId(),
      msg_type: msgType,
      session,
      username: "",
      date: new Date().toISOString(),
      version: "5.3",
    },
    parent_header: options.parent ?? {},
    metadata: options.metadata ?? {},
    content,
    buffers: [],
  };
}

/** One WebSocket frame as a message: a text frame is the JSON; a binary frame is
 * ``uint32 BE count | count uint32 BE offsets | JSON | buffers`` (the first offset
 * points at the JSON, the others at the buffers). */
export function decodeFrame(frame: string | ArrayBuffer): KernelMessage {
  if (typeof frame === "string") return JSON.parse(frame) as KernelMessage;
  const view = new DataView(frame);
  const count = view.getUint32(0);
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) offsets.push(view.getUint32(4 * (i + 1)));
  offsets.push(frame.byteLength);
  const json = new TextDecoder().decode(new Uint8Array(frame, offsets[0], offsets[1] - offsets[0]));
  const message = JSON.parse(json) as KernelMessage;
  message.buffers = [];
  for (let i = 1; i < count; i++) message.buffers.push(frame.slice(offsets[i], offsets[i + 1]));
  return message;
}

/** ``message`` as one WebSocket frame: its JSON as text, or, when it has buffers, a
 * binary frame laid out as :func:`decodeFrame` reads it (the buffers after the JSON). */
export function encodeFrame(message: KernelMessage<unknown>): string | ArrayBuffer {
  const buffers = message.buffers ?? [];
  if (!buffers.length) return JSON.stringify(message);
  const json = new TextEncoder().encode(JSON.stringify({ ...message, buffers: [] }));
  const count = 1 + buffers.length;
  const head = 4 * (count + 1);
  const total = head + json.byteLength + buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const frame = new ArrayBuffer(total);
  const view = new DataView(frame);
  const bytes = new Uint8Array(frame);
  view.setUint32(0, count);
  let offset = head;
  view.setUint32(4, offset);
  bytes.set(json, offset);
  offset += json.byteLength;
  buffers.forEach((buffer, index) => {
    view.setUint32(4 * (index + 2), offset);
    bytes.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  });
  return frame;
}
