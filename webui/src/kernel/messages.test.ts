import { describe, expect, it } from "vitest";
import { encodePath } from "../api/http";
import { decodeFrame, encodeFrame, makeMessage } from "./messages";

describe("decodeFrame", () => {
  it("reads a text frame as JSON", () => {
    const message = makeMessage("shell", "execute_request", { code: "1" }, "s");
    expect(decodeFrame(JSON.stringify(message))).toEqual(message);
  });

  it("reads a binary frame: count, offsets, JSON, buffers", () => {
    const json = new TextEncoder().encode(JSON.stringify({ channel: "iopub", content: { a: 1 } }));
    const buffer = new Uint8Array([7, 8, 9]);
    const headerSize = 4 * 3;
    const frame = new Uint8Array(headerSize + json.length + buffer.length);
    const view = new DataView(frame.buffer);
    view.setUint32(0, 2);
    view.setUint32(4, headerSize);
    view.setUint32(8, headerSize + json.length);
    frame.set(json, headerSize);
    frame.set(buffer, headerSize + json.length);
    const message = decodeFrame(frame.buffer);
    expect(message.content).toEqual({ a: 1 });
    expect(Array.from(new Uint8Array(message.buffers![0]))).toEqual([7, 8, 9]);
  });
});

describe("encodeFrame", () => {
  it("sends a message without buffers as text", () => {
    const message = makeMessage("shell", "comm_msg", { comm_id: "c" }, "s");
    expect(encodeFrame(message)).toBe(JSON.stringify(message));
  });

  it("sends buffers in a binary frame that decodeFrame reads back", () => {
    const message = makeMessage("shell", "comm_msg", { comm_id: "c", data: { a: 1 } }, "s");
    message.buffers = [new Uint8Array([1, 2, 3]).buffer, new Uint8Array([]).buffer, new Uint8Array([250]).buffer];
    const frame = encodeFrame(message);
    expect(frame).toBeInstanceOf(ArrayBuffer);
    const back = decodeFrame(frame as ArrayBuffer);
    expect(back.content).toEqual({ comm_id: "c", data: { a: 1 } });
    expect(back.header).toEqual(message.header);
    expect(back.buffers!.map((b) => Array.from(new Uint8Array(b)))).toEqual([[1, 2, 3], [], [250]]);
  });
});

describe("encodePath", () => {
  it("escapes each name and keeps the slashes", () => {
    expect(encodePath("/a b/c#d.ipynb")).toBe("a%20b/c%23d.ipynb");
    expect(encodePath("")).toBe("");
  });
});
