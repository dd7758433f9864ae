"""Requests sent straight to an engine's shell, beside the controller's relay.

Data goes through the controller in two hops (client to controller, controller to
engine); a large push or a pull takes one hop instead when it goes straight to the
engine's own shell socket (the engine binds it; the controller tells clients where).
Which requests do: a call whose buffers hold :data:`DIRECT_BYTES` or more, and
pulls (their replies are the data).  Requests to one engine stay in order: while
requests sent one way are unanswered, the next ones to that engine go the same way.

A request sent straight has no record in the controller's task database and is not
counted by ``queue_status``; if its engine dies, the client fails it itself
(``EngineError``) when the controller announces the engine's end.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Any, Final

import zmq

from jovi.transport.zmq.curve import make_client

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.transport.zmq.curve import CurveKeys

__all__ = ["DIRECT_BYTES", "DirectPaths"]

DIRECT_BYTES: Final = 1 << 20
"""Calls carrying at least this many bytes of buffers go straight to the engine."""


def buffer_bytes(buffers: Sequence[Any]) -> int:
    """The bytes in ``buffers`` (the first, the pickle, included)."""
    return sum(memoryview(b).nbytes for b in buffers)


class DirectPaths:
    """Sockets straight to the engines' shells, and the path each request took.

    Args:
        context: The client's ZeroMQ context.
        poller: The client's poller (a socket made here is registered with it).
        curve: The cluster's Curve server key: the sockets are Curve clients (the
            engines' sockets are Curve servers).
    """

    def __init__(
        self,
        context: zmq.Context[zmq.Socket[bytes]],
        poller: zmq.Poller,
        curve: CurveKeys | None = None,
    ) -> None:
        self._context = context
        self._curve = curve
        self._poller = poller
        self.shells: dict[int, str] = {}
        """Each engine's shell address, as the controller gave it."""
        self.sockets: dict[int, zmq.Socket[bytes]] = {}
        self._path: dict[str, tuple[int, bool]] = {}
        self._open: collections.Counter[tuple[int, bool]] = collections.Counter()

    def choose(self, engine: int, *, prefer_direct: bool) -> bool:
        """Whether the next request to ``engine`` goes straight to it."""
        if engine not in self.shells:
            return False
        if self._open[(engine, not prefer_direct)]:
            return not prefer_direct  # the other path has requests unanswered: keep order
        return prefer_direct

    def socket(self, engine: int) -> zmq.Socket[bytes]:
        """The socket straight to ``engine`` (connected the first time)."""
        sock = self.sockets.get(engine)
        if sock is None:
            sock = self._context.socket(zmq.DEALER)
            sock.linger = 0
            if self._curve is not None:
                make_client(sock, self._curve)
            sock.connect(self.shells[engine])
            self._poller.register(sock, zmq.POLLIN)
            self.sockets[engine] = sock
        return sock

    def sent(self, msg_id: str, engine: int, *, direct: bool) -> None:
        """``msg_id`` went to ``engine``, straight or through the controller."""
        self._path[msg_id] = (engine, direct)
        self._open[(engine, direct)] += 1

    def answered(self, msg_id: str) -> None:
        """``msg_id`` is finished."""
        path = self._path.pop(msg_id, None)
        if path is not None:
            self._open[path] -= 1
            if not self._open[path]:
                del self._open[path]

    def is_direct(self, sock: zmq.Socket[bytes]) -> bool:
        """Whether ``sock`` is one of the sockets straight to an engine."""
        return any(sock is s for s in self.sockets.values())

    def engine_gone(self, engine: int) -> list[str]:
        """``engine`` ended: forget its socket; returns its requests sent straight and
        unanswered (no one else will answer them)."""
        self.shells.pop(engine, None)
        sock = self.sockets.pop(engine, None)
        if sock is not None:
            self._poller.unregister(sock)
            sock.close(linger=0)
        return [m for m, (e, direct) in self._path.items() if e == engine and direct]
