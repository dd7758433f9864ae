"""The client's ZeroMQ sockets: connected early, reconnecting quickly.

A client usually connects before its kernel listens (a manager starts both at once).
ZeroMQ then retries every ``RECONNECT_IVL``; its default, 100 ms, would add up to a
tenth of a second to every start, so clients retry every :data:`RECONNECT_MS`
(backing off to :data:`RECONNECT_MAX_MS` for a kernel that stays away).

Each channel connects on its own, so a kernel that answers on shell may not yet
know the client's stdin: an input request sent to it then would be lost.  The stdin
socket is therefore watched until its handshake with the kernel is done
(:func:`client_socket` with ``watch_handshake``), and ``wait_for_ready`` waits for
that too.
"""

from __future__ import annotations

from typing import Final, Literal, TypeVar

import zmq

__all__ = ["RECONNECT_MAX_MS", "RECONNECT_MS", "client_socket"]

RECONNECT_MS: Final = 10
RECONNECT_MAX_MS: Final = 1000

S = TypeVar("S", bound=zmq.Socket)  # type: ignore[type-arg]


def client_socket(
    context: zmq.Context[S],
    kind: Literal["dealer", "sub"],
    url: str,
    *,
    identity: bytes | None = None,
    watch_handshake: bool = False,
) -> tuple[S, S | None]:
    """A connected DEALER (with ``identity``) or SUB (to everything) socket, and, with
    ``watch_handshake``, a monitor socket that receives an event once the handshake
    with the kernel is done."""
    socket = context.socket(zmq.SUB if kind == "sub" else zmq.DEALER)
    socket.linger = 0
    socket.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
    socket.setsockopt(zmq.RECONNECT_IVL_MAX, RECONNECT_MAX_MS)
    if url.startswith("tcp://[") or url.count(":") > 2:
        socket.ipv6 = True
    if kind == "sub":
        socket.setsockopt(zmq.SUBSCRIBE, b"")
    elif identity is not None:
        socket.setsockopt(zmq.IDENTITY, identity)
    monitor = socket.get_monitor_socket(zmq.EVENT_HANDSHAKE_SUCCEEDED) if watch_handshake else None
    try:
        socket.connect(url)
    except zmq.ZMQError:
        if monitor is not None:
            socket.disable_monitor()
            monitor.close(linger=0)
        socket.close(linger=0)
        raise
    return socket, monitor
