"""One client's channels to a kernel, carried by a WebSocket.

A client (a browser tab, VS Code, a script with ``@jupyterlab/services``) opens
``/api/kernels/{id}/channels?session_id=S``.  The server gives it shell, control and
stdin sockets of its own, with ``S`` as their identity, so the kernel's replies and
input requests come back to it alone; IOPub comes from the kernel's one subscription
(:mod:`~jovi.server.kernels.kernel`).

The WebSocket is read all the time, whatever the kernel is doing: a client's message
that arrives while the kernel is not ready (starting, restarting) waits in the
connection's queue, in order, and goes once it is.  (uvicorn stops reading a socket
whose messages the application does not take, and then closes it for a late pong.)

When the WebSocket closes, the connection is kept for a while, *detached*: its
sockets stay and what arrives for it is buffered (up to :data:`OFFLINE_LIMIT`
messages).  A client that reconnects with the same session id gets the buffer first,
in order, then the live messages, as with Jupyter Server's
``buffer_offline_messages``.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from typing import TYPE_CHECKING, Final

from jovi.client.sockets import client_socket
from jovi.errors import MalformedMessage, SignatureMismatch
from jovi.server.kernels.frames import (
    V1_PROTOCOL,
    KernelFrames,
    from_default_ws,
    from_v1_ws,
    to_default_ws,
    to_v1_ws,
)
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import zmq.asyncio
    from starlette.websockets import WebSocket

    from jovi.server.kernels.kernel import ServerKernel

__all__ = ["OFFLINE_LIMIT", "ChannelsConnection"]

log = get_logger("jovi.server")

OFFLINE_LIMIT: Final = 100_000
"""Messages kept for a detached client; older ones are dropped past it."""
_OWN_CHANNELS: Final = ("shell", "control", "stdin")


class ChannelsConnection:
    """A client's sockets to one kernel, and the messages waiting to go to it.

    Args:
        kernel: The kernel.
        session_id: The client's session id (its sockets' identity).
    """

    def __init__(self, kernel: ServerKernel, session_id: str) -> None:
        self.kernel = kernel
        self.session_id = session_id
        self.outbox: collections.deque[KernelFrames] = collections.deque(maxlen=OFFLINE_LIMIT)
        self.dropped = 0
        self._wakeup = asyncio.Event()
        self._waiting: collections.deque[KernelFrames] = collections.deque()
        """The client's messages that wait for the kernel to be ready, oldest first."""
        self._waiting_added = asyncio.Event()
        self._sockets: dict[str, zmq.asyncio.Socket] = {}
        self._readers: list[asyncio.Task[None]] = []
        self._open_sockets()
        self._forwarder = kernel.tasks.spawn(
            self._forward_waiting(), f"kernel {kernel.id[:8]} waiting for {session_id[:8]}"
        )
        kernel.listeners.add(self)

    def _open_sockets(self) -> None:
        info = self.kernel.info
        for name in _OWN_CHANNELS:
            socket, _ = client_socket(
                self.kernel.context, "dealer", info.url(name), identity=self.session_id.encode()
            )
            self._sockets[name] = socket
            task = self.kernel.tasks.spawn(
                self._read(name, socket),
                f"kernel {self.kernel.id[:8]} {name} for {self.session_id[:8]}",
            )
            self._readers.append(task)

    # ------------------------------------------------------------------ kernel -> client

    def deliver(self, message: KernelFrames) -> None:
        """Queue ``message`` for the client (called on the event loop)."""
        if len(self.outbox) == self.outbox.maxlen:
            self.dropped += 1
        self.outbox.append(message)
        self._wakeup.set()

    async def _read(self, name: str, socket: zmq.asyncio.Socket) -> None:
        while True:
            frames = await socket.recv_multipart()
            try:
                message = KernelFrames.from_zmq(name, frames, self.kernel.signer)
            except (MalformedMessage, SignatureMismatch) as error:
                log.warning("kernel %s: a %s message was dropped: %s", self.kernel.id, name, error)
                continue
            self.deliver(message)

    # ------------------------------------------------------------------ the WebSocket

    async def serve(self, websocket: WebSocket, protocol: str | None) -> None:
        """Relay between ``websocket`` (accepted) and the kernel until it closes."""
        encode = to_v1_ws if protocol == V1_PROTOCOL else to_default_ws
        decode = from_v1_ws if protocol == V1_PROTOCOL else from_default_ws
        async with asyncio.TaskGroup() as group:
            writer = group.create_task(self._write(websocket, encode))
            try:
                await self._receive(websocket, decode)
            finally:
                writer.cancel()

    async def _write(self, websocket: WebSocket, encode: object) -> None:
        with contextlib.suppress(Exception):  # the client went away: its reader ends too
            await self._write_until_closed(websocket, encode)

    async def _write_until_closed(self, websocket: WebSocket, encode: object) -> None:
        self._wakeup.set()  # what waited while the client was away goes first
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self.outbox:
                message = self.outbox[0]
                frame = encode(message)  # type: ignore[operator]
                if isinstance(frame, str):
                    await websocket.send_text(frame)
                else:
                    await websocket.send_bytes(frame)
                self.outbox.popleft()  # sent: a reconnecting client does not get it again

    async def _receive(self, websocket: WebSocket, decode: object) -> None:
        from starlette.websockets import WebSocketDisconnect  # noqa: PLC0415 - start-up cost

        while True:
            try:
                event = await websocket.receive()
            except WebSocketDisconnect:
                return
            if event["type"] == "websocket.disconnect":
                return
            data = event.get("bytes") if event.get("bytes") is not None else event.get("text")
            if data is None:
                continue
            try:
                message = decode(data)  # type: ignore[operator]
            except MalformedMessage as error:
                log.warning("a client's message was dropped: %s", error)
                continue
            await self.send(message)

    async def send(self, message: KernelFrames) -> None:
        """Send a client's message to the kernel: now if it is ready and nothing waits,
        else after the messages that wait (it waits too, without holding the caller)."""
        if message.channel == "iopub":
            return  # clients do not publish
        if self._waiting or not self.kernel.ready.is_set():  # its IOPub would be lost
            self._waiting.append(message)
            self._waiting_added.set()
            return
        await self._send_now(message)

    async def _forward_waiting(self) -> None:
        while True:
            await self._waiting_added.wait()
            self._waiting_added.clear()
            while self._waiting:
                await self.kernel.ready.wait()
                await self._send_now(self._waiting[0])
                self._waiting.popleft()  # after: a message sent meanwhile queues behind it

    async def _send_now(self, message: KernelFrames) -> None:
        socket = self._sockets.get(message.channel)
        if socket is None:
            return
        if message.channel == "shell" and message.header().get("msg_type") == "execute_request":
            self.kernel.journal.started(message, self.session_id)
        await socket.send_multipart(message.to_zmq(self.kernel.signer))

    # ------------------------------------------------------------------ life cycle

    def reconnect_sockets(self) -> None:
        """The kernel moved (a restart on new ports): open the sockets again."""
        self._close_sockets()
        self._open_sockets()

    def _close_sockets(self) -> None:
        for task in self._readers:
            task.cancel()
        self._readers.clear()
        for socket in self._sockets.values():
            socket.close(linger=0)
        self._sockets.clear()

    async def close(self) -> None:
        """Forget the client: its sockets close, its buffer and waiting messages are
        dropped."""
        self.kernel.listeners.discard(self)
        readers = [*self._readers, self._forwarder]
        self._forwarder.cancel()
        self._waiting.clear()
        self._close_sockets()
        for task in readers:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
