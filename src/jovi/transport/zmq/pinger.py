"""The client side of the heartbeat: pings a kernel's echo (Jupyter messaging protocol: the heartbeat).

:class:`HeartbeatPinger` sends a ping on a REQ socket and waits for the echo; after a
missed beat it replaces the socket, whose REQ state is then stuck.  The kernel side
is :class:`~jovi.transport.zmq.heartbeat.Heartbeat`.
"""

from __future__ import annotations

import asyncio
import time

import zmq
import zmq.asyncio

__all__ = ["HeartbeatPinger"]


class HeartbeatPinger:
    """Pings a kernel's heartbeat from asyncio.

    Args:
        context: The asyncio ZeroMQ context of the client.
        url: The heartbeat's address.
    """

    def __init__(self, context: zmq.asyncio.Context, url: str) -> None:
        self._context = context
        self.url = url
        self._socket: zmq.asyncio.Socket | None = None
        self._ready = False

    def _fresh_socket(self) -> zmq.asyncio.Socket:
        if self._socket is not None:
            self._socket.close(linger=0)
        socket = self._context.socket(zmq.REQ)
        socket.linger = 0
        socket.connect(self.url)
        self._socket = socket
        return socket

    async def ping(self, time_to_dead: float = 1.0, payload: bytes = b"ping") -> float | None:
        """Send ``payload`` and wait for the echo.

        Returns:
            The round trip in seconds, or ``None`` if no echo came within ``time_to_dead``
            seconds.
        """
        # A REQ socket must get the reply to its last request before it may send again:
        # after a missed beat, or a ping cancelled half-way, it is replaced.
        socket = self._socket if self._socket is not None and self._ready else None
        if socket is None:
            socket = self._fresh_socket()
        started = time.monotonic()
        self._ready = False
        await socket.send(payload)
        try:
            async with asyncio.timeout(time_to_dead):
                echoed = await socket.recv()
        except TimeoutError:
            return None
        self._ready = True
        return time.monotonic() - started if echoed == payload else None

    async def aclose(self) -> None:
        """Close the socket."""
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None
