"""Watching a kernel's heartbeat from a client, on a thread of its own.

:class:`HeartbeatMonitor` sends a ping to the kernel's heartbeat every ``interval``
seconds and waits up to ``time_to_dead`` seconds for the echo.  When an echo does
not come, it calls ``on_dead`` (once, until the kernel beats again) and replaces its
REQ socket, whose state is stuck after a missed reply.  A kernel busy in user code
still beats: its heartbeat is answered by a thread that does not need the
interpreter (jovi's and ipykernel's alike).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import zmq

from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["HeartbeatMonitor", "ping_once"]

log = get_logger("jovi.client")

_PING = b"ping"


def _connect(context: zmq.Context[zmq.Socket[bytes]], url: str) -> zmq.Socket[bytes]:
    socket = context.socket(zmq.REQ)
    socket.linger = 0
    socket.connect(url)
    return socket


def ping_once(context: zmq.Context[zmq.Socket[bytes]], url: str, time_to_dead: float) -> bool:
    """Whether the heartbeat at ``url`` echoes a ping within ``time_to_dead`` seconds."""
    socket = _connect(context, url)
    try:
        socket.send(_PING)
        if socket.poll(int(time_to_dead * 1000)):
            return socket.recv() == _PING
        return False
    finally:
        socket.close(linger=0)


class HeartbeatMonitor:
    """Pings a kernel's heartbeat on a daemon thread and reports when it stops.

    Args:
        context: The ZeroMQ context to make sockets in.
        url: The heartbeat's address.
        on_dead: Called (on the monitor's thread) with the seconds since the last
            echo, when a ping gets no echo within ``time_to_dead``.
        time_to_dead: How long an echo may take, in seconds.
        interval: Seconds between pings.
    """

    def __init__(
        self,
        context: zmq.Context[zmq.Socket[bytes]],
        url: str,
        on_dead: Callable[[float], object] | None = None,
        *,
        time_to_dead: float = 1.0,
        interval: float = 1.0,
    ) -> None:
        self.context = context
        self.url = url
        self.time_to_dead = time_to_dead
        self.interval = interval
        self.callbacks: list[Callable[[float], object]] = [] if on_dead is None else [on_dead]
        """Called when the heartbeat stops."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._threads = OwnedThreads("the heartbeat monitor")
        self.beating = True
        """Whether the last ping was echoed (True until one is missed)."""
        self.last_beat = time.monotonic()
        self.beats = 0
        """How many echoes came."""

    def add_callback(self, on_dead: Callable[[float], object]) -> None:
        """Also call ``on_dead`` when the heartbeat stops."""
        self.callbacks.append(on_dead)

    @property
    def running(self) -> bool:
        """Whether the monitor's thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start pinging (a second call does nothing)."""
        if self.running:
            return
        self._stop.clear()
        self._thread = self._threads.start(self._run, name="jovi-heartbeat-monitor")

    def stop(self) -> None:
        """Stop pinging and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.time_to_dead + 1.0)
            self._thread = None

    def _run(self) -> None:
        socket = _connect(self.context, self.url)
        try:
            while not self._stop.is_set():
                started = time.monotonic()
                socket.send(_PING)
                if self._echoed(socket):
                    self.beating, self.last_beat = True, time.monotonic()
                    self.beats += 1
                elif self._stop.is_set():
                    break
                else:
                    socket.close(linger=0)
                    socket = _connect(self.context, self.url)
                    if self.beating:
                        self.beating = False
                        self._report(time.monotonic() - self.last_beat)
                self._stop.wait(max(0.0, self.interval - (time.monotonic() - started)))
        finally:
            socket.close(linger=0)

    def _echoed(self, socket: zmq.Socket[bytes]) -> bool:
        deadline = time.monotonic() + self.time_to_dead
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if socket.poll(int(min(left, 0.1) * 1000) + 1):
                return socket.recv() == _PING
        return False

    def _report(self, since_last: float) -> None:
        for callback in tuple(self.callbacks):
            try:
                callback(since_last)
            except Exception:
                log.exception("A heartbeat callback failed")
