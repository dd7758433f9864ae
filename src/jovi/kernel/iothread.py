"""The I/O thread: binds a kernel's ZeroMQ sockets and serves them on an event loop.

:meth:`IOThread.start` returns once the sockets are bound (with the ports chosen,
when the connection info had zeros) or raises the binding error.  The thread is
started with SIGINT blocked, and so are the threads it starts (the heartbeat, the
kernel's worker), so Ctrl-C always reaches the main thread, where user code runs.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import TYPE_CHECKING, Literal

from jovi.kernel.lifetime import sigint_blocked
from jovi.kernel.server import KernelSockets

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.server import KernelServer
    from jovi.protocol.connection import ConnectionInfo

__all__ = ["IOThread"]

log = logging.getLogger("jovi.kernel")

_BIND_TIMEOUT_S = 30.0


class IOThread:
    """Serves ``server`` on the sockets of ``info``, on a thread of its own.

    Args:
        server: The kernel's server.
        info: Where to bind (ports of 0 are chosen while binding).
        iopub: ``"xpub"`` to welcome each IOPub subscriber (protocol 5.5), or ``"pub"``.
        on_stopped: Called on the thread once the sockets are closed.
    """

    def __init__(
        self,
        server: KernelServer,
        info: ConnectionInfo,
        *,
        iopub: Literal["pub", "xpub"] = "xpub",
        on_stopped: Callable[[], None] | None = None,
    ) -> None:
        self.server = server
        self.info = info
        self._iopub: Literal["pub", "xpub"] = iopub
        self._on_stopped = on_stopped
        self._bound = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="jovi-kernel-io", daemon=True)

    def start(self) -> ConnectionInfo:
        """Bind and start serving; return the connection info with the bound ports.

        Raises:
            BindError: a port is in use or the address is not local.
        """
        with sigint_blocked():
            self._thread.start()
        if not self._bound.wait(_BIND_TIMEOUT_S):
            raise TimeoutError("the kernel's sockets were not bound within 30 seconds")
        if self._error is not None:
            raise self._error
        return self.info

    def join(self, timeout: float | None = None) -> None:
        """Wait for the thread to end (after the server was stopped)."""
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as error:
            if not self._bound.is_set():
                self._error = error
                self._bound.set()
            else:
                log.exception("the kernel's I/O thread failed")
        finally:
            if self._on_stopped is not None:
                self._on_stopped()

    async def _serve(self) -> None:
        from jovi.transport.zmq import open_kernel_channels  # noqa: PLC0415 - imports zmq

        async with open_kernel_channels(self.info, iopub=self._iopub) as channels:
            self.info = channels.info
            self._bound.set()
            await self.server.serve(
                KernelSockets(
                    shell=channels.shell,
                    control=channels.control,
                    stdin=channels.stdin,
                    iopub=channels.iopub,
                    welcome=self._iopub == "xpub",
                )
            )
