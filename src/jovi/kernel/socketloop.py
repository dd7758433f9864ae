"""The kernel's I/O loop on plain ZeroMQ sockets: one ``zmq.Poller``, no asyncio.

:class:`SocketLoop` serves a :class:`~jovi.kernel.server.KernelServer` on the
sockets of :func:`~jovi.transport.zmq.kernelsockets.bind_kernel_sockets`.  Each turn
it waits in ``zmq.Poller.poll`` (without the GIL) for a message, a wake-up or the
next timer, reads what arrived, runs the callbacks that are due, then sends
everything queued:

* control is read before shell, and at most :data:`BATCH` messages per socket per
  turn, so a client flooding the shell cannot starve an interrupt;
* other threads wake the loop through a pipe, once per burst (the server only wakes
  a writer that is asleep);
* sends never block: ROUTER and PUB sockets drop what a peer cannot take (as
  ZeroMQ's high-water marks say), and a refused send is logged.

It needs no event loop, so a kernel answers ``kernel_info`` before asyncio, about a
fifth of its start-up, would even be imported.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Final

import zmq

from jovi.transport.zmq.binding import received_frames
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.server import ChannelName, KernelServer
    from jovi.transport.zmq.kernelsockets import KernelZmqSockets

__all__ = ["BATCH", "SocketLoop"]

log = get_logger("jovi.kernel")

BATCH: Final = 64
"""Messages read from one socket in one turn of the loop, at most."""


class SocketLoop:
    """Serves ``server`` on ``sockets`` from the thread that calls :meth:`run`.

    Args:
        server: The kernel's server.
        sockets: Its bound sockets (from a plain ZeroMQ context).
        welcome: Read subscriptions on IOPub (an XPUB socket) to welcome subscribers.
    """

    def __init__(
        self,
        server: KernelServer,
        sockets: KernelZmqSockets[zmq.Socket[Any]],
        *,
        welcome: bool = False,
    ) -> None:
        self.server = server
        self.sockets = sockets
        self._welcome = welcome
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()
        self._stopping = False
        self._closed = False
        self._thread_id: int | None = None
        self._targets: dict[ChannelName, zmq.Socket[Any]] = {
            "shell": sockets.shell,
            "control": sockets.control,
            "stdin": sockets.stdin,
            "iopub": sockets.iopub,
        }
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)

    # ------------------------------------------------------------ LoopDriver

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the loop after ``delay`` seconds (from any thread)."""
        with self._lock:
            heapq.heappush(self._timers, (time.monotonic() + delay, next(self._order), callback))
        self._poke()

    def wake_writer(self) -> None:
        """Have the loop send what is queued (from any thread)."""
        self._poke()

    def stop(self) -> None:
        """Have the loop send what is queued, then return (from any thread)."""
        self._stopping = True
        self._poke()

    def on_loop_thread(self) -> bool:
        """Whether the caller runs on the loop."""
        return threading.get_ident() == self._thread_id

    def _poke(self) -> None:
        if self.on_loop_thread():
            return  # the loop sends and checks its timers before it waits again
        with self._lock:
            if self._closed:
                return  # the loop has ended (and the pipe's numbers may be reused)
            with contextlib.suppress(BlockingIOError):  # full of wake-ups already
                os.write(self._wake_write, b"\0")

    # ------------------------------------------------------------ the loop

    def run(self) -> None:
        """Serve until the server is stopped; what is queued by then is still sent."""
        self._thread_id = threading.get_ident()
        sockets = self.sockets
        readable: dict[Any, ChannelName] = {
            sockets.control: "control",
            sockets.shell: "shell",
            sockets.stdin: "stdin",
        }
        if self._welcome:
            readable[sockets.iopub] = "iopub"
        poller = zmq.Poller()
        for socket in readable:
            poller.register(socket, zmq.POLLIN)
        poller.register(self._wake_read, zmq.POLLIN)
        self.server.attach(self)
        self.server.ready.set()
        # Each turn reads before it sends, so what waits in the sockets is handled
        # first: an IOPub subscription made while the kernel was starting is welcomed
        # ahead of the messages queued meanwhile.  The first turn does not wait.
        timeout: int | None = 0
        try:
            while True:
                ready = dict(poller.poll(timeout))
                if self._wake_read in ready:
                    self._drain_wake_pipe()
                for socket, name in readable.items():  # control first
                    if socket in ready:
                        self._read(socket, name)
                self._run_due_timers()
                self._send_queued()
                if self._stopping:
                    return
                timeout = self._timeout_ms()
        finally:
            with self._lock:
                self._closed = True
                os.close(self._wake_read)
                os.close(self._wake_write)

    def _timeout_ms(self) -> int | None:
        with self._lock:
            if not self._timers:
                return None
            due = self._timers[0][0]
        return max(0, int((due - time.monotonic()) * 1000) + 1)

    def _run_due_timers(self) -> None:
        now = time.monotonic()
        while True:
            with self._lock:
                if not self._timers or self._timers[0][0] > now:
                    return
                _, _, callback = heapq.heappop(self._timers)
            try:
                callback()
            except Exception:
                log.exception("a callback on the kernel's I/O thread failed")

    def _drain_wake_pipe(self) -> None:
        with contextlib.suppress(BlockingIOError):
            while os.read(self._wake_read, 4096):
                pass

    def _read(self, socket: zmq.Socket[Any], name: ChannelName) -> None:
        for _ in range(BATCH):
            try:
                parts = socket.recv_multipart(zmq.NOBLOCK, copy=False)
            except zmq.Again:
                return
            except zmq.ZMQError as error:
                log.warning("cannot receive from the %s socket: %s", name, error)
                return
            self.server.receive(name, received_frames(parts))

    def _send_queued(self) -> None:
        targets = self._targets
        for name, frames in self.server.take_outgoing():
            try:
                targets[name].send_multipart(frames, zmq.NOBLOCK, copy=False)
            except zmq.Again:
                log.warning("a message for the %s channel was dropped: its peer is full", name)
            except zmq.ZMQError as error:
                log.warning("a message could not be sent on %s: %s", name, error)
