"""A task record: one request sent to an engine, its reply, and what it printed.

The controller makes a record from the frames it relays, as they are: the request's
header, parent, metadata and content frames and its buffers, and later the reply's.
Nothing is decoded (or copied) then; :meth:`TaskRecord.value` decodes a key when a
query asks for it, so recording costs the relay almost nothing.

The keys (:data:`~jovi.parallel.query.KEYS`) are those of IPython's TaskRecord:
``msg_id``, ``header``, ``content``, ``metadata``, ``buffers``, ``submitted``,
``client_uuid``, ``engine_uuid``, ``started``, ``completed``, ``received``,
``resubmitted``, ``result_header``, ``result_content``, ``result_metadata``,
``result_buffers``, ``queue`` (``mux`` or ``task``), ``execute_input``,
``execute_result``, ``error``, ``outputs``, ``stdout`` and ``stderr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec

from jovi.parallel.query import to_date

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

__all__ = ["TaskRecord", "frame_size"]

_REQUEST_PARTS = {"header": 0, "metadata": 2, "content": 3}
_RESULT_PARTS = {"result_header": 0, "result_metadata": 2, "result_content": 3}


def frame_size(frame: Any) -> int:
    """The length of a frame (bytes, or a zmq frame or memoryview)."""
    return len(frame) if isinstance(frame, bytes) else memoryview(frame).nbytes


@dataclass(slots=True)
class TaskRecord:
    """A request and what became of it.

    Attributes:
        msg_id: The request's id.
        queue: ``mux`` (sent to one engine) or ``task`` (load-balanced).
        request: ``[header, parent header, metadata, content, *buffers]`` as sent.
        engine_uuid: The engine that took it (None while a task waits).
        result: The reply's frames, the same way (None until it came).
        received: When the controller got the reply.
        resubmitted: The msg_id of the request that resubmitted this one.
        outputs: What the request published on IOPub: ``stdout``, ``stderr``,
            ``outputs`` (displays), ``execute_input``, ``execute_result``, ``error``.
    """

    msg_id: str
    queue: str
    request: list[Any]
    engine_uuid: str | None = None
    result: list[Any] | None = None
    received: datetime | None = None
    resubmitted: str | None = None
    outputs: dict[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        """Whether the reply came."""
        return self.result is not None

    @property
    def size(self) -> int:
        """The bytes of its buffers (request and reply)."""
        total = sum(frame_size(f) for f in self.request[4:])
        if self.result is not None:
            total += sum(frame_size(f) for f in self.result[4:])
        return total

    def _json(self, frames: list[Any] | None, index: int) -> Any:
        if frames is None or len(frames) <= index:
            return None
        return msgspec.json.decode(bytes(frames[index]))

    def value(self, key: str) -> Any:
        """The value of ``key`` (:data:`~jovi.parallel.query.KEYS`), decoded now."""
        if key == "msg_id":
            return self.msg_id
        if key == "queue":
            return self.queue
        if key == "engine_uuid":
            return self.engine_uuid
        if key == "resubmitted":
            return self.resubmitted
        if key == "received":
            return self.received
        if key in _REQUEST_PARTS:
            return self._json(self.request, _REQUEST_PARTS[key])
        if key in _RESULT_PARTS:
            return self._json(self.result, _RESULT_PARTS[key])
        if key == "buffers":
            return [bytes(f) for f in self.request[4:]]
        if key == "result_buffers":
            return None if self.result is None else [bytes(f) for f in self.result[4:]]
        if key in ("submitted", "client_uuid"):
            header = self._json(self.request, 0) or {}
            found = header.get("date" if key == "submitted" else "session")
            return to_date(found) if key == "submitted" else found
        if key in ("started", "completed"):
            metadata = self._json(self.result, 2) or {}
            return to_date(metadata.get(key))
        if key in ("stdout", "stderr"):
            return self.outputs.get(key, "")
        if key == "outputs":
            return self.outputs.get(key, [])
        return self.outputs.get(key)

    def values(self, keys: Iterable[str]) -> dict[str, Any]:
        """``{key: value}`` for ``keys``."""
        return {key: self.value(key) for key in keys}
