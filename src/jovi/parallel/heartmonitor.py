"""The controller's heart monitor: heartbeats on a thread of their own.

The hub's thread relays requests, answers queries and registers engines; if it also
beat the engines' hearts, a hub busy long enough (a flood of tasks, hundreds of
engines registering at once) would read the echoes late and drop engines that are
alive.  The monitor runs on its own thread with its own sockets (a DEALER to each
engine's heartbeat): it sends a beat every ``period`` seconds, notes each echo, and
reports an engine whose echoes stopped for ``period * misses`` seconds to the hub over
an inproc pipe.  The hub tells it which engines to watch over the same pipe.

Messages on the pipe (frames): hub to monitor ``add ID ADDRESS``, ``remove ID``,
``hurry SECONDS`` (a shutdown: report an engine silent that long), ``stop``; monitor to
hub ``dead ID``.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from typing import TYPE_CHECKING, Final

import zmq

from jovi.transport.zmq.curve import make_client
from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from jovi.transport.zmq.curve import CurveKeys

__all__ = ["HeartMonitor"]

log = get_logger("jovi.parallel.heartmonitor")

BEAT: Final = b"beat"


class HeartMonitor:
    """Beats the engines' hearts on a thread; the hub polls :attr:`pipe` for deaths.

    Args:
        context: The controller's context (inproc needs the same one).
        period: Seconds between beats.
        misses: Beats missed in a row after which an engine is reported dead.
        curve: The cluster's CurveZMQ keys, when its connections are encrypted.
    """

    def __init__(
        self,
        context: zmq.Context[zmq.Socket[bytes]],
        period: float,
        misses: int,
        *,
        curve: CurveKeys | None = None,
    ) -> None:
        self.context = context
        self.curve = curve
        self.period = period
        self.dead_after = period * misses
        self._endpoint = f"inproc://heart-monitor-{uuid.uuid4().hex}"
        self.pipe: zmq.Socket[bytes] = context.socket(zmq.PAIR)
        """The hub's end: ``dead ID`` messages arrive here."""
        self.pipe.linger = 0
        self.pipe.bind(self._endpoint)
        self._threads = OwnedThreads("the controller's heart monitor")
        self._thread = self._threads.start(self._run, name="jovi-heart-monitor")

    # ------------------------------------------------------------------ the hub's side

    def add(self, engine_id: int, address: str) -> None:
        """Watch the heart of engine ``engine_id`` listening at ``address``."""
        self.pipe.send_multipart([b"add", str(engine_id).encode(), address.encode()])

    def remove(self, engine_id: int) -> None:
        """Stop watching engine ``engine_id``."""
        self.pipe.send_multipart([b"remove", str(engine_id).encode()])

    def hurry(self, gone_after: float) -> None:
        """From now on, beat every ``gone_after / 2`` seconds and report an engine
        silent for ``gone_after`` (while the engines shut down)."""
        self.pipe.send_multipart([b"hurry", repr(gone_after).encode()])

    def dead(self) -> list[int]:
        """The engines reported dead since the last call (without waiting)."""
        ids: list[int] = []
        while True:
            try:
                frames = self.pipe.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                return ids
            if frames[0] == b"dead":
                ids.append(int(frames[1]))

    def stop(self) -> None:
        """End the thread (its sockets closed) and close the pipe."""
        if self._thread.is_alive():
            self.pipe.send_multipart([b"stop"])
            self._threads.join()
        self.pipe.close(linger=0)

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        pipe: zmq.Socket[bytes] = self.context.socket(zmq.PAIR)
        pipe.linger = 0
        pipe.connect(self._endpoint)
        poller = zmq.Poller()
        poller.register(pipe, zmq.POLLIN)
        hearts: dict[int, zmq.Socket[bytes]] = {}
        engine_of: dict[zmq.Socket[bytes], int] = {}
        last: dict[int, float] = {}
        period, dead_after = self.period, self.dead_after
        next_beat = time.monotonic()

        def forget(engine_id: int) -> None:
            sock = hearts.pop(engine_id, None)
            last.pop(engine_id, None)
            if sock is not None:
                poller.unregister(sock)
                del engine_of[sock]
                sock.close(linger=0)

        try:
            while True:
                timeout_ms = max(0.0, (next_beat - time.monotonic()) * 1000)
                for sock, _ in poller.poll(int(timeout_ms)):
                    if sock is pipe:
                        frames = pipe.recv_multipart()
                        command = frames[0]
                        if command == b"stop":
                            return
                        if command == b"add":
                            engine_id = int(frames[1])
                            forget(engine_id)
                            try:
                                heart: zmq.Socket[bytes] = self.context.socket(zmq.DEALER)
                            except zmq.ZMQError as error:  # out of sockets
                                log.error("engine %d: no heart socket: %s", engine_id, error)
                                pipe.send_multipart([b"dead", frames[1]])
                                continue
                            heart.linger = 0
                            if self.curve is not None:
                                make_client(heart, self.curve)
                            heart.connect(frames[2].decode())
                            heart.send(BEAT, zmq.NOBLOCK)
                            hearts[engine_id], engine_of[heart] = heart, engine_id
                            last[engine_id] = time.monotonic()
                            poller.register(heart, zmq.POLLIN)
                        elif command == b"remove":
                            forget(int(frames[1]))
                        elif command == b"hurry":
                            dead_after = float(frames[1])
                            period = dead_after / 2
                            next_beat = time.monotonic()
                        continue
                    while True:  # echoes
                        try:
                            sock.recv_multipart(zmq.NOBLOCK)
                        except zmq.Again:
                            break
                    last[engine_of[sock]] = time.monotonic()
                now = time.monotonic()
                if now < next_beat:
                    continue
                next_beat = now + period
                for engine_id in list(hearts):
                    if now - last[engine_id] > dead_after:
                        forget(engine_id)
                        pipe.send_multipart([b"dead", str(engine_id).encode()])
                    else:
                        # zmq.Again: not connected yet, or its queue is full.
                        with contextlib.suppress(zmq.Again):
                            hearts[engine_id].send(BEAT, zmq.NOBLOCK)
        finally:
            for engine_id in list(hearts):
                forget(engine_id)
            pipe.close(linger=0)
