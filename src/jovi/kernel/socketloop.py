"""The kernel's I/O loop on plain ZeroMQ sockets: one ``zmq.Poller``, no asyncio.

:class:`SocketLoop` serves a :class:`~jovi.kernel.server.KernelServer` on the
sockets of :func:`~jovi.transport.zmq.kernelsockets.bind_kernel_sockets`.  Each turn
it waits in ``zmq.Poller.poll`` (without the GIL) for a message, a wake-up or the
next timer, reads what arrived, runs the callbacks that are due, then sends
everything queued:

* control is read before shell, and at most :data:`BATCH` messages per socket per
  turn, so a client flooding the shell cannot starve an interrupt;
* each turn sends every queued reply, then at most :data:`SEND_BUDGET` messages or
  bytes of output, and goes back to reading: a flood of output cannot starve the
  control channel either;
* other threads wake the loop through a pipe, once per burst (the server only wakes
  a writer that is asleep); in the first milliseconds of the executors' work their
  messages do not wake it: it looks for them when that time is up, and the end of the
  work wakes it, so a quick request hands the GIL to the loop once, not per message;
* sends never block.  An XPUB IOPub socket is set not to drop (``XPUB_NODROP``):
  when a subscriber cannot take more, the message waits in the kernel's outbox and
  the send is tried again a little later, so the producers of output slow down to
  the reader's pace (:class:`~jovi.kernel.outbox.Outbox`).  A subscriber that takes
  nothing for :data:`STALL_TIMEOUT_S` is taken for frozen: from then on IOPub drops
  what a full subscriber cannot take (as ipykernel's PUB socket always does), so one
  frozen client cannot freeze the kernel or the other clients.  ROUTER sockets drop
  replies to peers that are gone.

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

from jovi.kernel import wakes
from jovi.kernel.outbox import size_of
from jovi.transport.zmq.binding import apply_subscription, receive_frames, send_frames
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.server import ChannelName, KernelServer
    from jovi.transport.zmq.kernelsockets import KernelZmqSockets

__all__ = ["BATCH", "IOPUB_HWM", "SEND_BUDGET", "STALL_TIMEOUT_S", "SocketLoop"]

log = get_logger("jovi.kernel")

BATCH: Final = 64
"""Messages read from one socket in one turn of the loop, at most."""

SEND_BUDGET: Final = (256, 4 * 1024 * 1024)
"""Ordered messages, and bytes, sent in one turn of the loop at most."""

IOPUB_HWM: Final = 256
"""Messages ZeroMQ holds for one IOPub subscriber; beyond, output waits in the outbox."""

STALL_TIMEOUT_S: Final = 10.0
"""Seconds IOPub may take nothing before a full subscriber loses what it cannot take."""

_RETRY_MS: Final = (1, 2, 5, 10, 20)  # waits before trying a refused IOPub send again


class SocketLoop:
    """Serves ``server`` on ``sockets`` from the thread that calls :meth:`run`.

    Args:
        server: The kernel's server.
        sockets: Its bound sockets (from a plain ZeroMQ context).
        welcome: Read subscriptions on IOPub (an XPUB socket) to welcome subscribers.
        stall_timeout: Seconds IOPub may take nothing before what a stuck subscriber
            cannot take is dropped.
        clock: The time in seconds for timers (the stream flusher's) and stalls; tests
            pass their own.
    """

    def __init__(
        self,
        server: KernelServer,
        sockets: KernelZmqSockets[zmq.Socket[Any]],
        *,
        welcome: bool = False,
        stall_timeout: float = STALL_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server = server
        self._clock = clock
        self.sockets = sockets
        self._welcome = welcome
        self._nodrop = welcome  # only XPUB sockets can refuse instead of dropping
        self._stall_timeout = stall_timeout
        self._stalled_since: float | None = None  # IOPub refused a send, and when
        self._retries = 0
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._from_signals: list[Callable[[], None]] = []
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
            heapq.heappush(self._timers, (self._clock() + delay, next(self._order), callback))
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

    def call_from_signal_handler(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the loop soon; safe in a signal handler (takes no lock).

        A signal handler runs between two bytecodes of the main thread, which may hold
        any lock at that moment: taking one there can deadlock.
        """
        self._from_signals.append(callback)  # list.append is atomic
        if not self._closed:
            with contextlib.suppress(OSError):
                os.write(self._wake_write, b"\0")

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
        if self._nodrop:
            sockets.iopub.setsockopt(zmq.SNDHWM, IOPUB_HWM)
            sockets.iopub.setsockopt(zmq.XPUB_NODROP, 1)
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
        wakes.take_part()
        try:
            while True:
                wakes.send_deferred()
                ready = dict(poller.poll(timeout))
                if self._wake_read in ready:
                    self._drain_wake_pipe()
                while self._from_signals:
                    self._run(self._from_signals.pop(0))
                for socket, name in readable.items():  # control first
                    if socket in ready:
                        self._read(socket, name)
                self._run_due_timers()
                more = self._send_queued()
                if self._stopping and not more:
                    wakes.send_deferred()
                    return
                timeout = self._timeout_ms(more)
        finally:
            with self._lock:
                self._closed = True
                os.close(self._wake_read)
                os.close(self._wake_write)

    def _timeout_ms(self, more: bool) -> int | None:
        """How long the next poll may wait: not at all when output is ready to go,
        a short while when IOPub refused it or the executors work, else until the next
        timer."""
        if more and self._stalled_since is None:
            return 0
        wait: int | None = None
        if more:
            wait = _RETRY_MS[min(self._retries, len(_RETRY_MS) - 1)]
        work_poll = self.server.work_poll_seconds()
        if work_poll is not None:
            poll = max(1, int(work_poll * 1000) + 1)
            wait = poll if wait is None else min(wait, poll)
        with self._lock:
            if self._timers:
                due = max(0, int((self._timers[0][0] - self._clock()) * 1000) + 1)
                wait = due if wait is None else min(wait, due)
        return wait

    @staticmethod
    def _run(callback: Callable[[], None]) -> None:
        try:
            callback()
        except Exception:
            log.exception("a callback on the kernel's I/O thread failed")

    def _run_due_timers(self) -> None:
        now = self._clock()
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
                frames = receive_frames(socket)
            except zmq.ZMQError as error:
                log.warning("cannot receive from the %s socket: %s", name, error)
                return
            if frames is None:
                return
            if name == "iopub":
                apply_subscription(socket, frames)  # the welcome is sent before anything else
            self.server.receive(name, frames)

    def _send_queued(self) -> bool:
        """Send every reply and a budget of output; whether output is left to send."""
        server, targets = self.server, self._targets
        outbox = server.outbox
        server.writer_woken()
        for name, frames in outbox.take_replies():
            self._send(targets[name], name, frames)
        messages, size = SEND_BUDGET
        while messages > 0 and size > 0:
            item = outbox.take_ordered()
            if item is None:
                return False
            name, frames = item
            if not self._send(targets[name], name, frames):
                outbox.give_back(item)
                return True
            messages -= 1
            size -= size_of(frames)
        return outbox.has_ordered()

    def _send(self, socket: zmq.Socket[Any], name: ChannelName, frames: list[Any]) -> bool:
        """Send one message; False when IOPub refused it for now (it must be tried again)."""
        try:
            send_frames(socket, frames)
        except zmq.Again:
            if name == "iopub" and self._nodrop:
                return self._refused_by_iopub()
            log.warning("a message for the %s channel was dropped: its peer is full", name)
        except zmq.ZMQError as error:
            log.warning("a message could not be sent on %s: %s", name, error)
        else:
            if name == "iopub":
                self._sent_on_iopub()
        return True

    def _refused_by_iopub(self) -> bool:
        """IOPub's subscriber is full: wait for it a while, then stop waiting for anyone."""
        now = self._clock()
        if self._stalled_since is None:
            self._stalled_since = now
        self._retries += 1
        if self._stopping or now - self._stalled_since >= self._stall_timeout:
            if not self._stopping:
                log.warning(
                    "a client took no output for %.0f s; from now on a client that cannot "
                    "take output loses it (others still get everything)",
                    self._stall_timeout,
                )
            # One pipe full forever would hold every message for every client: from now
            # on ZeroMQ drops what a full subscriber cannot take, as a PUB socket does.
            self.sockets.iopub.setsockopt(zmq.XPUB_NODROP, 0)
            self._nodrop = False
            self._stalled_since = None
        return False

    def _sent_on_iopub(self) -> None:
        self._stalled_since = None
        self._retries = 0
