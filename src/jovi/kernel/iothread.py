"""The I/O thread: binds a kernel's ZeroMQ sockets and serves them (:mod:`~jovi.kernel.socketloop`).

:meth:`IOThread.bind` binds the sockets on the caller's thread (choosing the ports
the connection info leaves at zero) or raises the binding error;
:meth:`IOThread.start` serves them on a thread of its own.  Every thread this starts
(ZeroMQ's, the heartbeat, the I/O thread) has SIGINT blocked, and so do the threads
they start, so Ctrl-C always reaches the main thread, where user code runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from jovi.kernel.lifetime import sigint_blocked
from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

    import zmq

    from jovi.kernel.server import KernelServer
    from jovi.protocol.connection import ConnectionInfo
    from jovi.transport.zmq.curve import CurveKeys
    from jovi.transport.zmq.heartbeat import Heartbeat
    from jovi.transport.zmq.kernelsockets import KernelZmqSockets

__all__ = ["IOThread"]

log = get_logger("jovi.kernel")


class IOThread:
    """A kernel's ZeroMQ sockets: bound on the caller's thread, served on a thread of its own.

    Binding comes first and needs only the connection info, so a kernel binds before
    it imports most of itself: clients connect and queue their first requests while
    it does, instead of waiting to retry.  ZeroMQ sockets may change threads when the
    change is a memory barrier, as starting a thread is.

    Args:
        info: Where to bind (ports of 0 are chosen while binding).
        iopub: ``"xpub"`` to welcome each IOPub subscriber (protocol 5.5), or ``"pub"``.
        curve: Curve server keys: every socket encrypted (a parallel engine's option).
        watched_heartbeat: The heartbeat keeps when it last beat (an engine's option).
    """

    def __init__(
        self,
        info: ConnectionInfo,
        *,
        iopub: Literal["pub", "xpub"] = "xpub",
        curve: CurveKeys | None = None,
        watched_heartbeat: bool = False,
    ) -> None:
        self.info = info
        self._curve = curve
        self._watched_heartbeat = watched_heartbeat
        self._iopub: Literal["pub", "xpub"] = iopub
        self._context: zmq.Context[zmq.Socket[bytes]] | None = None
        self._sockets: KernelZmqSockets[zmq.Socket[bytes]] | None = None
        self.threads = OwnedThreads("the kernel's I/O")

    def bind(self) -> ConnectionInfo:
        """Bind the sockets and start the heartbeat; return the info with the bound ports.

        Raises:
            BindError: a port is in use or the address is not local.
        """
        if self._sockets is None:
            import zmq  # noqa: PLC0415 - a kernel imports zmq when it binds

            from jovi.transport.zmq.kernelsockets import bind_kernel_sockets  # noqa: PLC0415 - start-up cost

            # ZeroMQ's own threads start with the first socket, the heartbeat's here:
            # with SIGINT blocked, like the I/O thread, so Ctrl-C reaches the main thread.
            with sigint_blocked():
                context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
                try:
                    self._sockets = bind_kernel_sockets(
                        self.info,
                        context,
                        iopub=self._iopub,
                        curve=self._curve,
                        watched_heartbeat=self._watched_heartbeat,
                    )
                except BaseException:
                    context.term()
                    raise
            self._context = context
            self.info = self._sockets.info
        return self.info

    @property
    def heartbeat(self) -> Heartbeat:
        """The kernel's heartbeat (after :meth:`bind`)."""
        assert self._sockets is not None, "bind() first"
        return self._sockets.heartbeat

    def start(
        self,
        server: KernelServer,
        on_stopped: Callable[[], None] | None = None,
        *,
        stall_timeout: float | None = None,
    ) -> None:
        """Serve the sockets (binding them first if need be) for ``server`` until it stops.

        ``on_stopped`` is called on the thread once the sockets are closed;
        ``stall_timeout`` is the socket loop's (its default if None).  The thread is
        started with SIGINT blocked.
        """
        self.bind()
        self.threads.start(self._run, server, on_stopped, stall_timeout, name="jovi-kernel-io")

    def join(self, timeout: float | None = None) -> None:
        """Wait for the thread to end (after the server was stopped)."""
        self.threads.join(timeout)

    def _run(
        self,
        server: KernelServer,
        on_stopped: Callable[[], None] | None,
        stall_timeout: float | None,
    ) -> None:
        from jovi.kernel.socketloop import STALL_TIMEOUT_S, SocketLoop  # noqa: PLC0415 - start-up cost
        from jovi.transport.zmq.binding import DEFAULT_LINGER_MS  # noqa: PLC0415 - start-up cost

        sockets, context = self._sockets, self._context
        assert sockets is not None
        assert context is not None
        try:
            SocketLoop(
                server,
                sockets,
                welcome=self._iopub == "xpub",
                stall_timeout=STALL_TIMEOUT_S if stall_timeout is None else stall_timeout,
            ).run()
        except BaseException:
            log.exception("the kernel's I/O thread failed")
        finally:
            sockets.close(DEFAULT_LINGER_MS)
            context.term()
            if on_stopped is not None:
                on_stopped()
