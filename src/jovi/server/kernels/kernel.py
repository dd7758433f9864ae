"""One kernel the server started: its manager, its IOPub, and the clients it feeds.

The server subscribes to a kernel's IOPub once, when it starts it, and hands every
message to each connected client (:class:`Listener`).  So IOPub is read even while
no browser is there, a new client never waits for a subscription of its own, and
fifty clients cost one subscription.  The kernel is *ready* once it has answered
``kernel_info`` and the server's subscription has seen IOPub; clients' requests
wait for that, so the first outputs of a fresh kernel are never lost.

Its state for ``/api/kernels``: ``execution_state`` from the kernel's status
messages (``starting`` until ready; ``restarting`` and ``dead`` come from the
restarter), ``last_activity`` and ``connections``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from typing import TYPE_CHECKING, Any, Final, Protocol

import zmq
import zmq.asyncio

from jovi.client.sockets import client_socket
from jovi.errors import MalformedMessage, SignatureMismatch
from jovi.protocol.signing import Signer
from jovi.server.contents.times import iso_utc
from jovi.server.kernels.frames import KernelFrames
from jovi.server.kernels.ratelimit import OUTPUT_TYPES, IopubRateLimit
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from jovi.kernels import KernelManager
    from jovi.protocol import ConnectionInfo
    from jovi.server.kernels.journal import ExecutionJournal
    from jovi.server.tasks import TaskOwner

__all__ = ["Listener", "ServerKernel"]

log = get_logger("jovi.server")

_PROBE_RESEND_S: Final = 1.0
_IOPUB_WAIT_S: Final = 0.2


class Listener(Protocol):
    """A client of the kernel: gets every IOPub message and the server's status news."""

    def deliver(self, message: KernelFrames) -> None: ...


class ServerKernel:
    """A kernel process and the server's side of its channels.

    Args:
        manager: The kernel's manager (started already).
        name: The kernel name the client asked for (``python3``, ``jovi``).
        context: The server's asyncio ZeroMQ context.
        tasks: Owns the tasks that read the kernel's sockets.
        journal: Records what clients' executions print (replays, flood limits).
        rate_limit: Jupyter Server's IOPub rate limits (off unless configured).
    """

    def __init__(
        self,
        manager: KernelManager,
        name: str,
        context: zmq.asyncio.Context,
        tasks: TaskOwner,
        journal: ExecutionJournal,
        *,
        rate_limit: IopubRateLimit | None = None,
    ) -> None:
        self.manager = manager
        self.id = manager.kernel_id
        self.name = name
        self.context = context
        self.tasks = tasks
        self.journal = journal
        self.rate_limit = rate_limit if rate_limit is not None else IopubRateLimit(0, 0, 3)
        self.execution_state = "starting"
        self.last_activity = time.time()
        self.listeners: set[Listener] = set()
        self.attached = 0
        """How many clients have a WebSocket open on it now."""
        self.ready = asyncio.Event()
        self.info: ConnectionInfo = manager.connection_info
        self.signer = Signer(self.info.key, self.info.signature_scheme)
        self._session = str(uuid.uuid4())
        self._iopub: zmq.asyncio.Socket | None = None
        self._probe_shell: zmq.asyncio.Socket | None = None
        self._probe_ids: set[str] = set()
        self._probe_task: asyncio.Task[None] | None = None
        self._iopub_seen = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop = asyncio.get_running_loop()
        self._closed = False
        self._connect()
        for event in ("died", "restarted", "failed"):
            manager.add_restart_callback(self._restarter_said(event), event)

    # ------------------------------------------------------------------ model

    def model(self) -> dict[str, Any]:
        """The kernel as ``/api/kernels`` shows it."""
        return {
            "id": self.id,
            "name": self.name,
            "last_activity": iso_utc(self.last_activity),
            "execution_state": self.execution_state,
            "connections": self.attached,
        }

    # ------------------------------------------------------------------ sockets

    def _connect(self) -> None:
        self._iopub, _ = client_socket(self.context, "sub", self.info.url("iopub"))
        self._probe_shell, _ = client_socket(
            self.context, "dealer", self.info.url("shell"), identity=self._session.encode()
        )
        self._spawn(self._read_iopub(self._iopub), "iopub")
        self._start_probe()

    def _spawn(self, coroutine: Coroutine[Any, Any, None], what: str) -> asyncio.Task[None]:
        task = self.tasks.spawn(coroutine, f"kernel {self.id[:8]} {what}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _read_iopub(self, socket: zmq.asyncio.Socket) -> None:
        while True:
            frames = await socket.recv_multipart(copy=True)
            try:
                message = KernelFrames.from_zmq("iopub", frames, self.signer)
                header = message.header()
            except (MalformedMessage, SignatureMismatch) as error:
                log.warning("kernel %s: an IOPub message was dropped: %s", self.id, error)
                continue
            self.last_activity = time.time()
            msg_type = header.get("msg_type")
            parent_id = message.parent_header().get("msg_id")
            if msg_type == "iopub_welcome" or parent_id in self._probe_ids:
                self._iopub_seen.set()
                if msg_type != "status":
                    continue
            if msg_type == "status":
                state = message.content().get("execution_state")
                if isinstance(state, str) and self.ready.is_set():
                    self.execution_state = state
                if parent_id in self._probe_ids:
                    continue  # the server's own probe: no client asked for it
            hold = msg_type in OUTPUT_TYPES and not self.rate_limit.admit(
                len(message.parts[3]), time.monotonic()
            )
            passing = self.journal.passing(
                message, str(msg_type), parent_id, self.attached > 0, hold=hold
            )
            for listener in tuple(self.listeners):
                for sent in passing:
                    listener.deliver(sent)

    def _start_probe(self) -> None:
        """Probe the kernel (again): one probe at a time reads the probe socket, or each
        could take and drop the replies the other waits for."""
        self._stop_probe()
        assert self._probe_shell is not None
        self.ready.clear()
        self._iopub_seen.clear()
        self._probe_task = self._spawn(self._probe(self._probe_shell), "probe")

    def _stop_probe(self) -> None:
        if self._probe_task is not None:
            self._probe_task.cancel()
            self._probe_task = None

    async def _probe(self, shell: zmq.asyncio.Socket) -> None:
        """``kernel_info`` until the kernel answers and its IOPub reaches the server."""
        while True:
            msg_id = str(uuid.uuid4())
            self._probe_ids.add(msg_id)
            await shell.send_multipart(
                self._request(msg_id, "kernel_info_request").to_zmq(self.signer)
            )
            replied = await _reply_within(shell, msg_id, time.monotonic() + _PROBE_RESEND_S)
            if not replied:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._iopub_seen.wait(), _IOPUB_WAIT_S)
            if self._iopub_seen.is_set():
                break
        self.execution_state = "idle"
        self.ready.set()

    def _request(self, msg_id: str, msg_type: str) -> KernelFrames:
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self._session,
            "username": "jovi-server",
            "date": iso_utc(time.time()),
            "version": "5.3",
        }
        return KernelFrames("shell", (_dump(header), b"{}", b"{}", b"{}"))

    # ------------------------------------------------------------------ life cycle

    def _restarter_said(self, event: str) -> Any:
        def on_event() -> None:  # on the restarter's thread
            with contextlib.suppress(RuntimeError):  # the loop is closed: the server stops
                self._loop.call_soon_threadsafe(self._after_restarter, event)

        return on_event

    def _after_restarter(self, event: str) -> None:
        if self._closed:
            return
        if event == "died":
            self.announce("restarting")
        elif event == "restarted":
            self.after_restart()
        else:
            self.announce("dead")

    def announce(self, state: str) -> None:
        """Tell every client the kernel's state (``restarting``, ``dead``), as an IOPub
        ``status`` message from the server."""
        self.execution_state = state
        if state in ("restarting", "dead"):
            self.ready.clear()
        header = {
            "msg_id": str(uuid.uuid4()),
            "msg_type": "status",
            "session": self._session,
            "username": "jovi-server",
            "date": iso_utc(time.time()),
            "version": "5.3",
        }
        content = {"execution_state": state}
        message = KernelFrames("iopub", (_dump(header), b"{}", b"{}", _dump(content)))
        for listener in tuple(self.listeners):
            listener.deliver(message)

    def before_restart(self) -> None:
        """A restart the client asked for begins: nothing is sent to the kernel until the
        new one is ready, and no answer of the old one can say it is."""
        self.execution_state = "restarting"  # the client asked: it shows this itself
        self.ready.clear()
        self._stop_probe()

    def after_restart(self) -> None:
        """The kernel runs again: reconnect if it moved, and wait until it is ready."""
        if self.manager.connection_info != self.info:
            self.info = self.manager.connection_info
            self.signer = Signer(self.info.key, self.info.signature_scheme)
            self._close_sockets()
            self._connect()
            for listener in tuple(self.listeners):
                reconnect = getattr(listener, "reconnect_sockets", None)
                if reconnect is not None:
                    reconnect()
        else:
            self.execution_state = "starting"
            self._start_probe()

    def _close_sockets(self) -> None:
        self._probe_task = None
        for task in tuple(self._tasks):
            task.cancel()
        for socket in (self._iopub, self._probe_shell):
            if socket is not None:
                socket.close(linger=0)
        self._iopub = self._probe_shell = None

    async def close(self) -> None:
        """Stop reading the kernel (it is shut down, or the server stops)."""
        self._closed = True
        tasks = tuple(self._tasks)
        self._close_sockets()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


async def _reply_within(shell: zmq.asyncio.Socket, msg_id: str, deadline: float) -> bool:
    """Whether the reply to ``msg_id`` comes on ``shell`` before ``deadline`` (monotonic).

    Only what is there after a poll is received (never a wait without a deadline);
    replies to earlier probes are dropped."""
    while (left := deadline - time.monotonic()) > 0:
        if not await shell.poll(int(left * 1000) + 1):
            return False
        while True:
            try:
                frames = await shell.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                break
            if _parent_id(frames) == msg_id:
                return True
    return False


def _parent_id(frames: list[bytes]) -> object:
    """The ``msg_id`` of a reply's parent (None when the frames are not a message)."""
    with contextlib.suppress(ValueError, IndexError, AttributeError):
        delimiter = frames.index(b"<IDS|MSG>")
        return json.loads(frames[delimiter + 3]).get("msg_id")
    return None


def _dump(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")
