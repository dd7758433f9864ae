"""Kernel messages between ZeroMQ frames and WebSocket frames, without I/O.

Two WebSocket framings exist (Jupyter Server's ``websocket-protocols``):

* the **default** one: a text frame holding the JSON message ``{channel, header,
  parent_header, metadata, content, buffers: []}``; a message with buffers goes in a
  binary frame instead: ``uint32 BE n+1 | uint32 BE offset_0..offset_n | JSON |
  buffer_0 ...``, where the offsets count from the frame's start and the first one
  points at the JSON;
* **``v1.kernel.websocket.jupyter.org``**: binary only, ``uint64 LE n | uint64 LE
  offset_0..offset_n-1 | channel | header | parent_header | metadata | content |
  buffer_0 ...``, where ``offset_0 = 8 * (n + 1)`` and the last offset is the frame's
  length.  The JSON parts are the kernel's own frames, passed through unparsed.

The server signs what browsers send (they do not know the key) and checks the
signature of what kernels send before it goes anywhere.
"""

from __future__ import annotations

import itertools
import json
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from jovi.errors import MalformedMessage
from jovi.protocol.wire import DELIMITER

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.protocol.signing import Signer

__all__ = [
    "CHANNELS",
    "V1_PROTOCOL",
    "KernelFrames",
    "from_default_ws",
    "from_v1_ws",
    "to_default_ws",
    "to_v1_ws",
]

V1_PROTOCOL: Final = "v1.kernel.websocket.jupyter.org"
CHANNELS: Final = frozenset({"shell", "iopub", "stdin", "control"})

Frame = bytes | bytearray | memoryview


@dataclass(frozen=True, slots=True)
class KernelFrames:
    """One message as the kernel's sockets carry it: the four JSON parts and buffers.

    Attributes:
        channel: Which channel it goes to or came from.
        parts: ``header, parent_header, metadata, content``, JSON bytes.
        buffers: Raw binary buffers.
    """

    channel: str
    parts: tuple[bytes, bytes, bytes, bytes]
    buffers: tuple[bytes, ...] = ()

    @classmethod
    def from_zmq(cls, channel: str, frames: Sequence[Frame], signer: Signer) -> KernelFrames:
        """The message in ``frames`` from a kernel's socket, its signature checked.

        Raises:
            MalformedMessage: no delimiter, or fewer than four JSON parts.
            SignatureMismatch: the signature is missing or wrong.
        """
        plain = [bytes(frame) for frame in frames]
        try:
            delimiter = plain.index(DELIMITER)
        except ValueError:
            raise MalformedMessage("a kernel message without the <IDS|MSG> delimiter") from None
        rest = plain[delimiter + 1 :]
        if len(rest) < 5:
            raise MalformedMessage("a kernel message with fewer than four JSON parts")
        signature, header, parent, metadata, content = rest[:5]
        parts = (header, parent, metadata, content)
        signer.verify(signature, parts)
        return cls(channel, parts, tuple(rest[5:]))

    def to_zmq(self, signer: Signer) -> list[bytes]:
        """The frames to send on the kernel's socket, signed."""
        return [DELIMITER, signer.sign(self.parts), *self.parts, *self.buffers]

    def header(self) -> dict[str, Any]:
        return _json_object(self.parts[0], "header")

    def parent_header(self) -> dict[str, Any]:
        return _json_object(self.parts[1], "parent_header")

    def content(self) -> dict[str, Any]:
        return _json_object(self.parts[3], "content")


# ---------------------------------------------------------------------- default protocol


def to_default_ws(message: KernelFrames) -> str | bytes:
    """The default protocol's WebSocket frame for ``message`` (text unless it has buffers)."""
    body = {
        "channel": message.channel,
        "header": _json_object(message.parts[0], "header"),
        "parent_header": _json_object(message.parts[1], "parent_header"),
        "metadata": _json_object(message.parts[2], "metadata"),
        "content": _json_object(message.parts[3], "content"),
        "buffers": [],
    }
    if not message.buffers:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    del body["buffers"]  # they follow the JSON in the frame
    encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    pieces = [encoded, *message.buffers]
    count = len(pieces)
    offsets = []
    position = 4 * (count + 1)
    for piece in pieces:
        offsets.append(position)
        position += len(piece)
    return struct.pack(f"!{count + 1}I", count, *offsets) + b"".join(pieces)


def from_default_ws(data: str | bytes) -> KernelFrames:
    """The message in a default-protocol WebSocket frame from a client.

    Raises:
        MalformedMessage: not a message (bad JSON, a missing part, an unknown channel,
            offsets that do not fit the frame).
    """
    buffers: tuple[bytes, ...] = ()
    if isinstance(data, bytes):
        if len(data) < 8:
            raise MalformedMessage("a binary WebSocket message too short to hold its offsets")
        (count,) = struct.unpack_from("!I", data)
        if count < 1 or 4 * (count + 1) > len(data):
            raise MalformedMessage("a binary WebSocket message whose offsets do not fit it")
        offsets = [*struct.unpack_from(f"!{count}I", data, 4), len(data)]
        pieces = _slices(data, offsets)
        text: str | bytes = pieces[0]
        buffers = tuple(pieces[1:])
    else:
        text = data
    try:
        body = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise MalformedMessage("a WebSocket message that is not JSON") from None
    if not isinstance(body, dict):
        raise MalformedMessage("a WebSocket message that is not a JSON object")
    channel = body.get("channel")
    if channel not in CHANNELS:
        raise MalformedMessage(f"a WebSocket message for no known channel: {channel!r}")
    parts = (
        *tuple(_dumps(body.get(key) or {}, key) for key in ("header", "parent_header", "metadata")),
        _dumps(body.get("content") or {}, "content"),
    )
    header = body.get("header")
    if not isinstance(header, dict) or not header.get("msg_id") or not header.get("msg_type"):
        raise MalformedMessage("a WebSocket message whose header has no msg_id or msg_type")
    return KernelFrames(str(channel), (parts[0], parts[1], parts[2], parts[3]), buffers)


# ---------------------------------------------------------------------- v1 protocol


def to_v1_ws(message: KernelFrames) -> bytes:
    """The v1 protocol's binary WebSocket frame for ``message`` (JSON parts unparsed)."""
    pieces = [message.channel.encode("utf-8"), *message.parts, *message.buffers]
    count = len(pieces) + 1  # offsets: one per piece, and the end
    position = 8 * (count + 1)
    offsets = []
    for piece in pieces:
        offsets.append(position)
        position += len(piece)
    offsets.append(position)
    return struct.pack(f"<{count + 1}Q", count, *offsets) + b"".join(pieces)


def from_v1_ws(data: bytes) -> KernelFrames:
    """The message in a v1 protocol WebSocket frame from a client.

    Raises:
        MalformedMessage: offsets that do not fit, an unknown channel, missing parts.
    """
    if not isinstance(data, bytes) or len(data) < 8:
        raise MalformedMessage("a v1 WebSocket message is binary and holds its offsets")
    (count,) = struct.unpack_from("<Q", data)
    if count < 6 or 8 * (count + 1) > len(data):
        raise MalformedMessage("a v1 WebSocket message whose offsets do not fit it")
    offsets = list(struct.unpack_from(f"<{count}Q", data, 8))
    pieces = _slices(data, offsets)
    channel = pieces[0].decode("utf-8", "replace")
    if channel not in CHANNELS:
        raise MalformedMessage(f"a WebSocket message for no known channel: {channel!r}")
    header = _json_object(pieces[1], "header")
    if not header.get("msg_id") or not header.get("msg_type"):
        raise MalformedMessage("a WebSocket message whose header has no msg_id or msg_type")
    for index, name in ((2, "parent_header"), (3, "metadata"), (4, "content")):
        _json_object(pieces[index], name)
    return KernelFrames(channel, (pieces[1], pieces[2], pieces[3], pieces[4]), tuple(pieces[5:]))


# ---------------------------------------------------------------------- helpers


def _slices(data: bytes, offsets: list[int]) -> list[bytes]:
    """``data`` cut at ``offsets`` (the last one is the end)."""
    if offsets != sorted(offsets) or offsets[-1] > len(data):
        raise MalformedMessage("a binary WebSocket message whose offsets do not fit it")
    return [data[start:end] for start, end in itertools.pairwise(offsets)]


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data) if data else {}
    except (ValueError, UnicodeDecodeError):
        raise MalformedMessage(f"the message's {what} is not JSON") from None
    if not isinstance(value, dict):
        raise MalformedMessage(f"the message's {what} is not a JSON object")
    return value


def _dumps(value: object, what: str) -> bytes:
    if not isinstance(value, dict):
        raise MalformedMessage(f"the message's {what} is not a JSON object")
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        raise MalformedMessage(f"the message's {what} cannot be written as JSON") from None
