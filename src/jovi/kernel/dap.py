"""A client connection speaking the Debug Adapter Protocol (DAP) to debugpy, over TCP.

DAP messages are JSON objects, each sent after a ``Content-Length: N`` header and a
blank line (``\\r\\n\\r\\n``).  A *request* carries a ``seq``; its *response* names
it in ``request_seq``; *events* arrive at any time.

* :class:`DapFramer` cuts a byte stream into messages (no I/O, tested on its own);
* :class:`DapConnection` owns the socket and a reader thread: each request gets a
  sequence number of the connection's own (clients' numbers may collide with the
  kernel's own requests), its response is matched by ``request_seq`` and handed to
  the thread that waits for it, and events go to a callback, on the reader thread.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
from typing import TYPE_CHECKING, Any, Final

from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DapConnection", "DapError", "DapFramer", "PendingResponse", "encode", "failure"]

log = get_logger("jovi.kernel")

_HEADER: Final = b"Content-Length:"
_SEPARATOR: Final = b"\r\n\r\n"
_MAX_HEADER: Final = 1024  # a header longer than this is not DAP


class DapError(Exception):
    """The DAP stream or connection broke (the message says how)."""


def encode(message: dict[str, Any]) -> bytes:
    """``message`` as DAP bytes: the header, then the JSON body in UTF-8."""
    body = json.dumps(message, ensure_ascii=False, allow_nan=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


class DapFramer:
    """Turns the bytes of a DAP stream into messages, whatever the chunks they come in."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._body_length: int | None = None

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        """Add ``data``; return the messages it completes, in order.

        Raises:
            DapError: The stream is not DAP (a header without a length, a body that is
                not a JSON object).
        """
        self._buffer += data
        messages: list[dict[str, Any]] = []
        while True:
            if self._body_length is None and not self._read_header():
                return messages
            assert self._body_length is not None
            if len(self._buffer) < self._body_length:
                return messages
            body = bytes(self._buffer[: self._body_length])
            del self._buffer[: self._body_length]
            self._body_length = None
            messages.append(_decode(body))

    def _read_header(self) -> bool:
        end = self._buffer.find(_SEPARATOR)
        if end < 0:
            if len(self._buffer) > _MAX_HEADER:
                raise DapError("a DAP header has no end")
            return False
        header = bytes(self._buffer[:end])
        del self._buffer[: end + len(_SEPARATOR)]
        for line in header.split(b"\r\n"):
            if line.startswith(_HEADER):
                try:
                    self._body_length = int(line[len(_HEADER) :].strip())
                except ValueError:
                    break
                return True
        raise DapError(f"a DAP header has no Content-Length: {header[:80]!r}")


def _decode(body: bytes) -> dict[str, Any]:
    try:
        message = json.loads(body)
    except ValueError as error:
        raise DapError(f"a DAP message is not JSON: {error}") from None
    if not isinstance(message, dict):
        raise DapError("a DAP message is not a JSON object")
    return message


class PendingResponse:
    """The response to one request, once it arrives (or the connection closes)."""

    def __init__(self, command: str) -> None:
        self.command = command
        self._arrived = threading.Event()
        self._response: dict[str, Any] | None = None

    def resolve(self, response: dict[str, Any]) -> None:
        """The response arrived (reader thread)."""
        self._response = response
        self._arrived.set()

    def wait(self, timeout: float) -> dict[str, Any]:
        """The response; a failed one if none came within ``timeout`` seconds."""
        if not self._arrived.wait(timeout):
            return failure(self.command, f"the debugger did not answer within {timeout:g} s")
        assert self._response is not None
        return self._response


def failure(command: str, message: str) -> dict[str, Any]:
    """A failed DAP response to ``command`` saying ``message``."""
    return {"type": "response", "success": False, "command": command, "message": message}


class DapConnection:
    """A DAP connection to a debug adapter, with a reader thread of its own.

    Args:
        on_event: Called with each event, on the reader thread.
        name: Names the reader thread.
        on_response: Called with each request and its response, on the reader thread,
            before the response is handed to the thread waiting for it (so that it is
            seen in order with events).
    """

    def __init__(
        self,
        on_event: Callable[[dict[str, Any]], None],
        name: str = "jovi-debugger-dap",
        on_response: Callable[[dict[str, Any], dict[str, Any]], None] | None = None,
    ) -> None:
        self._on_event = on_event
        self._on_response = on_response
        self._name = name
        self._socket: socket.socket | None = None
        self._reader: threading.Thread | None = None
        self._threads = OwnedThreads("the debug adapter's connection")
        self._sequence = itertools.count(1)
        self._pending: dict[int, tuple[PendingResponse, dict[str, Any]]] = {}
        self._lock = threading.Lock()  # the pending table and the state
        self._write_lock = threading.Lock()  # one message at a time on the socket
        self._closed = False  # by close()
        self._ended = False  # the adapter closed the connection

    @property
    def reader(self) -> threading.Thread | None:
        """The reader thread (None before :meth:`connect`)."""
        return self._reader

    def connect(self, host: str, port: int, timeout: float = 10.0) -> None:
        """Connect to the adapter at ``host:port`` and start reading."""
        sock = socket.create_connection((host, port), timeout=timeout)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = sock
        # Internal: never traced by the debugger it serves.
        self._reader = self._threads.start(self._read, sock, name=self._name)

    def send(self, command: str, arguments: dict[str, Any] | None = None) -> PendingResponse:
        """Send a request; the response arrives in the returned :class:`PendingResponse`."""
        pending = PendingResponse(command)
        with self._lock:
            sock = self._socket
            if self._closed or self._ended or sock is None:
                pending.resolve(failure(command, "the debugger is not connected"))
                return pending
            seq = next(self._sequence)
            message: dict[str, Any] = {"type": "request", "seq": seq, "command": command}
            if arguments is not None:
                message["arguments"] = arguments
            self._pending[seq] = (pending, message)
        # Not under the table's lock: the reader needs it to take responses, and a
        # full socket buffer empties only as the adapter's own writes are read.
        try:
            with self._write_lock:
                sock.sendall(encode(message))
        except OSError as error:
            with self._lock:
                self._pending.pop(seq, None)
            pending.resolve(failure(command, f"the debugger's connection failed: {error}"))
        return pending

    def request(
        self, command: str, arguments: dict[str, Any] | None = None, timeout: float = 30.0
    ) -> dict[str, Any]:
        """Send a request and wait for its response (a failed one after ``timeout`` s)."""
        return self.send(command, arguments).wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Close the connection; requests still waiting fail; the reader is joined."""
        with self._lock:
            self._closed = True
            sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed by the other side
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        reader = self._reader
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout)
        self._fail_pending("the debugger's connection closed")

    # ------------------------------------------------------------ the reader thread

    def _read(self, sock: socket.socket) -> None:
        framer = DapFramer()
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                for message in framer.feed(data):
                    self._dispatch(message)
        except (OSError, DapError) as error:
            if not self._closed:
                log.warning("the connection to debugpy broke: %s", error)
        finally:
            self._fail_pending("the debugger's connection closed", ended=True)

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "response":
            with self._lock:
                waiting = self._pending.pop(message.get("request_seq", -1), None)
            if waiting is None:
                return
            pending, request = waiting
            if self._on_response is not None:
                self._call(self._on_response, request, message)
            pending.resolve(message)
            return
        if kind == "event":
            self._call(self._on_event, message)

    @staticmethod
    def _call(handler: Callable[..., None], *messages: dict[str, Any]) -> None:
        try:
            handler(*messages)
        except Exception:
            log.exception("a message from the debugger could not be handled")

    def _fail_pending(self, reason: str, *, ended: bool = False) -> None:
        with self._lock:
            self._ended = self._ended or ended
            pending, self._pending = [waiting for waiting, _ in self._pending.values()], {}
        for waiting in pending:
            waiting.resolve(failure(waiting.command, reason))
