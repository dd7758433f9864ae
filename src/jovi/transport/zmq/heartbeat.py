"""The heartbeat: an echo that answers even while the kernel's Python is busy (Jupyter messaging protocol: the heartbeat).

:class:`Heartbeat` (kernel side) echoes every message on a ROUTER socket through
libzmq's proxy, running on a thread of its own with a ZeroMQ context of its own.  The
proxy is C code that does not hold the GIL while it waits or copies, so the kernel
beats while user code runs, sleeps, or is stuck in a C call that holds the GIL.
:meth:`Heartbeat.stop` ends the proxy through its control socket and joins the thread.

A heartbeat made with ``watched=True`` (a parallel engine's) also notes when it last
echoed: the proxy copies each beat to a capture socket (a PUB, which drops rather than
blocks the echo), and a second thread reads the copies and keeps
:attr:`Heartbeat.last_beat`.  An engine uses it to notice that its controller, the only
peer that sends it beats, has gone.

The client side, :class:`~jovi.transport.zmq.pinger.HeartbeatPinger`, is in its own
module: it needs asyncio, which a kernel does not import before it is ready.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from typing import TYPE_CHECKING, Self

import zmq

from jovi.errors import BindError, TransportError
from jovi.protocol.connection import address
from jovi.transport.zmq.binding import free_ipc_port, port_of
from jovi.transport.zmq.curve import make_server
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from types import TracebackType

    from jovi.transport.zmq.curve import CurveKeys

__all__ = ["Heartbeat"]

_TERMINATE = b"TERMINATE"
_WATCH_POLL_MS = 200
_names = itertools.count(1)


class Heartbeat:
    """The kernel's heartbeat echo, on its own thread.

    Args:
        transport: ``"tcp"`` or ``"ipc"``.
        ip: The address (tcp) or path prefix (ipc) to bind.
        port: The port; 0 chooses a free one while binding.
        curve: Server keys: the echo is a Curve server (a parallel engine's).
        watched: Keep :attr:`last_beat` (a thread more reads copies of the beats).

    Usage::

        with Heartbeat("tcp", "127.0.0.1") as heartbeat:
            info = info.with_ports(hb=heartbeat.port)
            ...
    """

    def __init__(
        self,
        transport: str = "tcp",
        ip: str = "127.0.0.1",
        port: int = 0,
        *,
        curve: CurveKeys | None = None,
        watched: bool = False,
    ) -> None:
        self._address = (transport, ip, port)
        self._curve = curve
        self._watched = watched
        self._watching = threading.Event()
        self.last_beat = time.monotonic()
        """When the last beat was echoed (``time.monotonic()``; the start until the
        first one), kept when ``watched``."""
        self.last_look = self.last_beat
        """When the watching thread last looked for beats: a process whose threads
        could not run (the GIL held by a long C call) has not missed any beats."""
        self._context: zmq.Context[zmq.Socket[bytes]] | None = None
        self._control: zmq.Socket[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._threads = OwnedThreads("the heartbeat")
        self.endpoint = ""

    @property
    def port(self) -> int:
        """The bound port (after :meth:`start`)."""
        return port_of(self.endpoint)

    @property
    def running(self) -> bool:
        """Whether the echo thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        """Bind and start echoing; return the bound address.

        Raises:
            BindError: the address cannot be bound.
            RuntimeError: already started.
        """
        if self._context is not None:
            raise RuntimeError("this heartbeat was already started")
        transport, ip, port = self._address
        if transport == "ipc" and port == 0:
            port = free_ipc_port(ip)
        context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
        echo = context.socket(zmq.ROUTER)
        echo.linger = 0
        if ":" in ip:
            echo.ipv6 = True
        if self._curve is not None:
            make_server(echo, self._curve)
        url = address(transport, ip, port)
        try:
            echo.bind(url)
        except zmq.ZMQError as error:
            echo.close()
            context.term()
            raise BindError(f"cannot bind the heartbeat to {url}: {error}") from None
        self.endpoint = echo.getsockopt_string(zmq.LAST_ENDPOINT)
        control_url = f"inproc://jovi-heartbeat-{os.urandom(16).hex()}"
        steer = context.socket(zmq.PAIR)
        steer.linger = 0
        steer.bind(control_url)
        control = context.socket(zmq.PAIR)
        control.linger = 0
        control.connect(control_url)
        self._context, self._control = context, control
        capture = None
        if self._watched:
            capture_url = f"inproc://jovi-heartbeat-capture-{os.urandom(16).hex()}"
            capture = context.socket(zmq.PUB)
            capture.linger = 0
            capture.bind(capture_url)
            copies = context.socket(zmq.SUB)
            copies.linger = 0
            copies.subscribe(b"")
            copies.connect(capture_url)
            self._watching.set()
            self._threads.start(self._note_beats, copies, name="jovi-heartbeat-watch")
        # The thread owns `echo`, `steer` and `capture` from here on (the start is a
        # memory barrier).
        self._thread = self._threads.start(
            _echo, echo, steer, capture, name=f"jovi-heartbeat-{next(_names)}"
        )
        return self.endpoint

    def _note_beats(self, copies: zmq.Socket[bytes]) -> None:
        """Keep :attr:`last_beat` from the proxy's copies, until :meth:`stop`."""
        try:
            while self._watching.is_set():
                copies.poll(_WATCH_POLL_MS)
                # Drained right before the look is stamped: beats that came while this
                # thread waited for the GIL count, however long that was.
                heard = False
                while copies.poll(0):
                    copies.recv_multipart()
                    heard = True
                now = time.monotonic()
                if heard:
                    self.last_beat = now
                self.last_look = now
        finally:
            copies.close()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop echoing, join the thread and release the sockets (idempotent).

        Raises:
            TransportError: the thread did not stop within ``timeout`` seconds.
        """
        if self._context is None or self._control is None or self._thread is None:
            return
        self._control.send(_TERMINATE)
        self._watching.clear()
        self._threads.join(timeout)
        if self._thread.is_alive():
            raise TransportError(f"the heartbeat thread did not stop within {timeout} s")
        self._control.close()
        self._context.term()
        self._context = self._control = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _echo(
    echo: zmq.Socket[bytes], steer: zmq.Socket[bytes], capture: zmq.Socket[bytes] | None
) -> None:
    # The same ROUTER as frontend and backend: each [identity, ...] message goes back
    # out to that identity (and a copy to `capture`).  Runs in C without the GIL until
    # TERMINATE arrives.
    try:
        zmq.proxy_steerable(echo, echo, capture, steer)
    except zmq.ContextTerminated:  # pragma: no cover - only if the context is killed
        pass
    finally:
        echo.close()
        steer.close()
        if capture is not None:
            capture.close()
