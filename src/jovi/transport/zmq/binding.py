"""Plain ZeroMQ sockets: making, binding, and reading frames (no event loop).

Binding to port 0 lets the system choose a free port at the moment of binding, and
the port is read back from the socket: there is no window in which another process
could take it (unlike picking a port first and binding it later).  With the ``ipc``
transport, "port" 0 means the first free number after the path prefix; the prefix
should be unique to the kernel (jupyter_client uses ``kernel-<id>-ipc``).

The functions take any ZeroMQ context: a plain one gives blocking sockets (the
kernel's I/O thread polls them), a ``zmq.asyncio`` one gives asyncio sockets (what
:mod:`jovi.transport.zmq.channel` wraps).  This module does not import asyncio.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar, cast

import zmq
from zmq.backend import Socket as _CoreSocket

from jovi.errors import BindError
from jovi.protocol.connection import address
from jovi.transport.zmq.curve import make_server

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.transport.base import Frame
    from jovi.transport.zmq.curve import CurveKeys

__all__ = [
    "DEFAULT_LINGER_MS",
    "ZERO_COPY_THRESHOLD",
    "SocketKind",
    "apply_subscription",
    "bind_socket",
    "free_ipc_port",
    "new_socket",
    "port_of",
    "receive_frames",
    "received_frames",
    "send_frames",
]

SocketKind = Literal["router", "dealer", "pub", "xpub", "sub", "pair", "req"]

_SOCKET_TYPES: Final[dict[str, int]] = {
    "router": zmq.ROUTER,
    "dealer": zmq.DEALER,
    "pub": zmq.PUB,
    "xpub": zmq.XPUB,
    "sub": zmq.SUB,
    "pair": zmq.PAIR,
    "req": zmq.REQ,
}

ZERO_COPY_THRESHOLD: Final = 65536
"""Frames at least this long (bytes) are received as memoryviews of ZeroMQ's own
buffer and sent without a copy; shorter ones are copied, which is cheaper for them."""

DEFAULT_LINGER_MS: Final = 1000
"""How long closing a socket waits for unsent messages (a kernel's last reply)."""

SocketT = TypeVar("SocketT", bound="zmq.Socket[Any]")


def new_socket(context: zmq.Context[SocketT], kind: SocketKind, host: str) -> SocketT:
    """A socket of ``kind`` from ``context``, set up for ``host`` (IPv6 when it has ``:``)."""
    socket = context.socket(_SOCKET_TYPES[kind])
    socket.linger = DEFAULT_LINGER_MS
    if kind == "xpub":
        # Every subscription, even one already made by another subscriber, so that
        # each new subscriber can be welcomed (iopub_welcome, protocol 5.5); and none
        # takes effect before its reader applies it (apply_subscription), so that no
        # message sent in between reaches a new subscriber ahead of its welcome.
        socket.setsockopt(zmq.XPUB_VERBOSE, 1)
        socket.setsockopt(zmq.XPUB_MANUAL, 1)
    if ":" in host:
        socket.ipv6 = True
    return socket


def apply_subscription(socket: zmq.Socket[Any], frames: Sequence[Frame]) -> None:
    """Make the (un)subscription just read from the XPUB ``socket`` take effect.

    XPUB sockets are manual (see :func:`new_socket`): a subscription message read
    from one is applied, for the peer it came from, only by this call, which must
    follow the read before anything else is read from the socket.  Other frames are
    ignored.
    """
    event = bytes(frames[0]) if frames else b""
    if event[:1] == b"\x01":
        socket.setsockopt(zmq.SUBSCRIBE, event[1:])
    elif event[:1] == b"\x00":
        socket.setsockopt(zmq.UNSUBSCRIBE, event[1:])


def free_ipc_port(prefix: str) -> int:
    """The first ipc "port" ``n`` for which ``<prefix>-<n>`` does not exist."""
    port = 1
    while Path(f"{prefix}-{port}").exists():
        port += 1
    return port


def port_of(endpoint: str) -> int:
    """The port of a ZeroMQ address (for ipc, the number after the last ``-``)."""
    if endpoint.startswith("ipc://"):
        return int(endpoint.rsplit("-", 1)[1])
    return int(endpoint.rsplit(":", 1)[1])


def bind_socket(
    context: zmq.Context[SocketT],
    kind: SocketKind,
    transport: str,
    ip: str,
    port: int = 0,
    *,
    curve: CurveKeys | None = None,
) -> tuple[SocketT, str]:
    """A socket bound to ``ip`` and ``port`` (0: a free port), and the address it got;
    a Curve server with ``curve``'s keys when given.

    Raises:
        BindError: the address cannot be bound (in use, not an address of this host).
    """
    if transport == "ipc" and port == 0:
        port = free_ipc_port(ip)
    url = address(transport, ip, port)
    socket = new_socket(context, kind, ip)
    if curve is not None:
        make_server(socket, curve)
    try:
        socket.bind(url)
    except zmq.ZMQError as error:
        socket.close(linger=0)
        raise BindError(f"cannot bind a {kind} socket to {url}: {error}") from None
    return socket, socket.getsockopt_string(zmq.LAST_ENDPOINT)


def received_frames(parts: Sequence[zmq.Frame]) -> list[Frame]:
    """Received ZeroMQ frames as ``bytes``, or memoryviews for large ones (no copy)."""
    return [part.buffer if len(part) >= ZERO_COPY_THRESHOLD else part.bytes for part in parts]


# pyzmq's send_multipart and recv_multipart spend most of their time on checks and on
# combining flag enums: about 9 us for a kernel's 7-frame message, against under 2 us
# for these loops on the socket's own (Cython) methods with plain int flags.  The
# kernel's I/O thread sends four messages for each execute_request.
_MORE: Final = int(zmq.SNDMORE) | int(zmq.NOBLOCK)
_BLOCKING_MORE: Final = int(zmq.SNDMORE)
_LAST: Final = int(zmq.NOBLOCK)
_RCVMORE: Final = int(zmq.RCVMORE)
_EVENTS: Final = int(zmq.EVENTS)
_POLLIN: Final = int(zmq.POLLIN)


def send_frames(socket: zmq.Socket[Any], frames: Sequence[Any], *, block: bool = False) -> None:
    """Send ``frames`` as one message: short ``bytes`` copied, other frames (long ones,
    memoryviews, buffers, ``zmq.Frame`` objects) without a copy.  It does not block
    unless ``block`` (a socket that queues for its peer then waits for room).

    Raises:
        zmq.Again: without ``block``, the peer takes nothing more now; nothing was sent
            (a message's frames go together or not at all).
        zmq.ZMQError: the socket cannot send.
    """
    send = _CoreSocket.send
    more, last_flags = (_BLOCKING_MORE, 0) if block else (_MORE, _LAST)
    last = len(frames) - 1
    for index, frame in enumerate(frames):
        flags = more if index < last else last_flags
        if type(frame) is bytes and len(frame) < ZERO_COPY_THRESHOLD:
            send(socket, frame, flags)
        else:
            send(socket, frame, flags, copy=False)


def receive_frames(socket: zmq.Socket[Any]) -> list[Frame] | None:
    """The next message's frames without blocking (None when none waits): ``bytes``,
    or memoryviews of ZeroMQ's buffer for long frames."""
    if not cast("int", _CoreSocket.get(socket, _EVENTS)) & _POLLIN:
        return None
    recv, get = _CoreSocket.recv, _CoreSocket.get
    frames: list[Frame] = []
    while True:
        part = recv(socket, _LAST, copy=False)
        frames.append(part.buffer if len(part) >= ZERO_COPY_THRESHOLD else part.bytes)
        if not get(socket, _RCVMORE):
            return frames
