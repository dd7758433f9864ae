"""Channels on ZeroMQ sockets (``zmq.asyncio``), bound or connected.

Sockets are made and bound by :mod:`jovi.transport.zmq.binding` (where binding to
port 0 and the ``ipc`` "ports" are explained); a :class:`ZmqChannel` gives one of
them the :class:`~jovi.transport.base.Channel` interface.  Large frames move without
copies both ways (see :data:`~jovi.transport.zmq.binding.ZERO_COPY_THRESHOLD`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, cast

import zmq
import zmq.asyncio

from jovi.errors import ChannelClosed, TransportError
from jovi.transport.zmq.binding import (
    apply_subscription,
    bind_socket,
    new_socket,
    port_of,
    received_frames,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.transport.base import Frame
    from jovi.transport.zmq.binding import SocketKind

__all__ = ["ZmqChannel", "bind_channel", "connect_channel"]


class ZmqChannel:
    """A channel on one ``zmq.asyncio`` socket (any :data:`SocketKind`).

    Attributes:
        kind: The socket type.
        endpoint: The address bound or connected to, with the real port.
    """

    def __init__(self, socket: zmq.asyncio.Socket, kind: SocketKind, endpoint: str) -> None:
        self._socket = socket
        self.kind = kind
        self.endpoint = endpoint
        self._closed = False
        self._pending_read: asyncio.Future[list[Any]] | None = None

    @property
    def socket(self) -> zmq.asyncio.Socket:
        """The underlying socket (for options jovi does not wrap)."""
        return self._socket

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._closed

    @property
    def port(self) -> int:
        """The port of :attr:`endpoint` (for ipc, the number after the prefix)."""
        return port_of(self.endpoint)

    async def send(self, frames: Sequence[Frame]) -> None:
        """Send one multipart message (large frames without a copy).

        Raises:
            ChannelClosed: the channel was closed.
        """
        if self._closed:
            raise ChannelClosed(f"the {self.kind} channel {self.endpoint} is closed")
        try:
            await self._socket.send_multipart(frames, copy=False)
        except zmq.ZMQError as error:
            raise self._error("send on", error) from None

    async def recv(self) -> list[Frame]:
        """The next multipart message: ``bytes`` frames, memoryviews for large ones.

        Raises:
            ChannelClosed: the channel was closed, before or while waiting.
        """
        if self._closed:
            raise ChannelClosed(f"the {self.kind} channel {self.endpoint} is closed")
        try:
            parts = await self._socket.recv_multipart(copy=False)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if self.closed and (task is None or not task.cancelling()):
                # aclose() cancelled the socket's pending future, not our caller.
                raise ChannelClosed(
                    f"the {self.kind} channel {self.endpoint} was closed while receiving"
                ) from None
            raise
        except zmq.ZMQError as error:
            raise self._error("receive from", error) from None
        return self._frames(parts)

    async def recv_within(self, timeout: float) -> list[Frame] | None:  # noqa: ASYNC109 - the read must outlive the wait, which asyncio.timeout would cancel
        """The next multipart message, if one comes within ``timeout`` seconds (None:
        none came, or a concurrent caller took the one that came).

        The socket's read outlives the wait: when the time is up it stays pending, and
        the next call takes it over.  A read cancelled by its caller's timeout could
        lose a message: an event loop that is late handles the message's arrival and
        the timeout in one turn, and the read had the message when it was cancelled.

        Raises:
            ChannelClosed: the channel was closed, before or while waiting.
        """
        if self._closed:
            raise ChannelClosed(f"the {self.kind} channel {self.endpoint} is closed")
        pending = self._pending_read
        if pending is None:
            # zmq.asyncio's reads are futures (typed as awaitables), not tasks.
            pending = cast("asyncio.Future[list[Any]]", self._socket.recv_multipart(copy=False))
            self._pending_read = pending
        await asyncio.wait({pending}, timeout=max(0.0, timeout))
        if not pending.done() or self._pending_read is not pending:
            return None
        self._pending_read = None
        try:
            parts = pending.result()
        except asyncio.CancelledError:  # by aclose(): the result, not this task
            raise ChannelClosed(
                f"the {self.kind} channel {self.endpoint} was closed while receiving"
            ) from None
        except zmq.ZMQError as error:
            raise self._error("receive from", error) from None
        return self._frames(parts)

    def _frames(self, parts: list[Any]) -> list[Frame]:
        """A received message's frames (an XPUB applies a subscription it carries)."""
        frames = received_frames(parts)
        if self.kind == "xpub":
            apply_subscription(self._socket, frames)
        return frames

    def _error(self, action: str, error: zmq.ZMQError) -> TransportError:
        if self._closed or error.errno in (zmq.ENOTSOCK, zmq.ETERM):
            return ChannelClosed(f"the {self.kind} channel {self.endpoint} is closed")
        return TransportError(f"cannot {action} the {self.kind} channel {self.endpoint}: {error}")

    async def aclose(self, linger: int | None = None) -> None:
        """Close the socket; unsent messages get ``linger`` ms (default: the socket's)."""
        if not self._closed:
            self._closed = True
            if self._pending_read is not None:
                self._pending_read.cancel()
                self._pending_read = None
            self._socket.close(linger=linger)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<ZmqChannel {self.kind} {self.endpoint} {state}>"


def bind_channel(
    context: zmq.asyncio.Context,
    kind: SocketKind,
    transport: str,
    ip: str,
    port: int = 0,
) -> ZmqChannel:
    """A channel bound to ``ip`` and ``port`` (0: a free port, chosen while binding).

    Raises:
        BindError: the address cannot be bound (in use, not an address of this host).
    """
    socket, endpoint = bind_socket(context, kind, transport, ip, port)
    return ZmqChannel(socket, kind, endpoint)


def connect_channel(
    context: zmq.asyncio.Context,
    kind: SocketKind,
    url: str,
    *,
    identity: bytes | None = None,
    subscribe: Sequence[bytes] = (b"",),
) -> ZmqChannel:
    """A channel connected to ``url`` (connecting never fails; peers may come later).

    Args:
        identity: The routing identity a ROUTER peer sees (shell and stdin must share
            one, Jupyter messaging protocol: channels and sockets).
        subscribe: For ``"sub"``: the topic prefixes to receive (everything by default).
    """
    socket = new_socket(context, kind, url.split("://", 1)[-1].rsplit(":", 1)[0])
    if identity is not None:
        socket.identity = identity
    if kind == "sub":
        for prefix in subscribe:
            socket.subscribe(prefix)
    socket.connect(url)
    return ZmqChannel(socket, kind, url)
