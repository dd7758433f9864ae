"""The kernels the server runs, by id: start, list, interrupt, restart, shut down.

Starting and stopping a process blocks (it waits for ports, for the process to
end), so :class:`ServerKernels` does it on worker threads and keeps the event loop
free.  Each kernel is started with the restarter on: a kernel that dies is started
again, and its clients are told (``restarting``; ``dead`` when it cannot be).
Kernels are started in the directory of the path they are for, inside the root.
The server shuts every kernel it started down when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Final

import zmq.asyncio
from starlette.concurrency import run_in_threadpool

from jovi.errors import KernelError, KernelSpecError, NoSuchKernel, ServerError
from jovi.server.kernels.channels import ChannelsConnection
from jovi.server.kernels.journal import ExecutionJournal, OutputLimits
from jovi.server.kernels.kernel import ServerKernel
from jovi.server.kernels.ratelimit import IopubRateLimit
from jovi.server.replies import location
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from jovi.kernels import KernelManager
    from jovi.server.contents.root import ContentsRoot
    from jovi.server.tasks import TaskOwner

__all__ = ["DETACHED_KEPT", "ServerKernels"]

log = get_logger("jovi.server")

DETACHED_KEPT: Final = 16
"""Closed clients whose messages are kept for their return (the oldest go first)."""
_READY_TIMEOUT_S: Final = 60.0


class ServerKernels:
    """The server's kernels.

    Args:
        root: The server's root (kernels start in a directory under it).
        tasks: Owns the tasks that read the kernels' sockets.
        default_name: The kernel started when a client names none.
        limits: How much output of one execution reaches clients.
        base_url: The server's base URL (in the links of flood notices).
        rates: Jupyter Server's IOPub rate limits: messages/s, bytes/s, window (s).
    """

    def __init__(
        self,
        root: ContentsRoot,
        tasks: TaskOwner,
        default_name: str = "jovi",
        *,
        limits: OutputLimits | None = None,
        base_url: str = "/",
        rates: tuple[float, float, float] = (0.0, 0.0, 3.0),
    ) -> None:
        self.root = root
        self.tasks = tasks
        self.limits = limits if limits is not None else OutputLimits()
        self.base_url = base_url
        self.rates = rates
        self._spill_root: Path | None = None
        self.default_name = default_name
        self.kernels: dict[str, ServerKernel] = {}
        self.detached: dict[tuple[str, str], ChannelsConnection] = {}
        self._context: zmq.asyncio.Context | None = None

    @property
    def spill_root(self) -> Path:
        """A private directory for the server's spill files, removed when it stops."""
        if self._spill_root is None:
            self._spill_root = Path(tempfile.mkdtemp(prefix="jovi-server-spill-"))
        return self._spill_root

    @property
    def context(self) -> zmq.asyncio.Context:
        if self._context is None:
            self._context = zmq.asyncio.Context()
        return self._context

    # ------------------------------------------------------------------ queries

    def get(self, kernel_id: str) -> ServerKernel:
        """The kernel ``kernel_id``.

        Raises:
            ServerError: 404, no such kernel.
        """
        kernel = self.kernels.get(kernel_id)
        if kernel is None:
            raise ServerError(404, f"No kernel with the id {kernel_id!r}.")
        return kernel

    def models(self) -> list[dict[str, object]]:
        return [kernel.model() for kernel in self.kernels.values()]

    # ------------------------------------------------------------------ life cycle

    async def start(self, name: str | None = None, path: str = "") -> ServerKernel:
        """Start the kernel ``name`` (the default one if None) for ``path``.

        Raises:
            ServerError: 404 no kernel of that name; 500 it cannot be started.
        """
        name = name or self.default_name
        cwd = self._working_directory(path)
        manager = await run_in_threadpool(self._start_manager, name, cwd)
        kernel_id = manager.kernel_id
        journal = ExecutionJournal(
            self.spill_root / kernel_id,
            self.limits,
            lambda msg_id: location(
                self.base_url, "api/kernels", kernel_id, "executions", msg_id, "spill"
            ),
        )
        kernel = ServerKernel(
            manager, name, self.context, self.tasks, journal, rate_limit=IopubRateLimit(*self.rates)
        )
        self.kernels[kernel.id] = kernel
        log.info("Kernel started: %s (%s) in %s", kernel.id, name, cwd)
        return kernel

    def _working_directory(self, path: str) -> Path:
        try:
            target = self.root.resolve(path) if path else self.root.root
        except ServerError:
            return self.root.root
        if target.is_dir():
            return target
        return target.parent if target.parent.is_dir() else self.root.root

    @staticmethod
    def _start_manager(name: str, cwd: Path) -> KernelManager:
        from jovi.kernels import KernelManager  # noqa: PLC0415 - only when a kernel starts

        manager = KernelManager(name, cwd=cwd, autorestart=True)
        try:
            manager.start_kernel()
        except (NoSuchKernel, KernelSpecError) as error:
            raise ServerError(404, f"No kernel named {name!r} can be started: {error}") from None
        except KernelError as error:
            raise ServerError(500, f"The kernel {name!r} could not be started: {error}") from None
        return manager

    @staticmethod
    async def wait_ready(kernel: ServerKernel) -> bool:
        """Until the kernel is ready, or a minute has passed; whether it is."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(kernel.ready.wait(), _READY_TIMEOUT_S)
        return kernel.ready.is_set()

    async def interrupt(self, kernel_id: str) -> None:
        kernel = self.get(kernel_id)
        await run_in_threadpool(kernel.manager.interrupt)

    async def restart(self, kernel_id: str) -> ServerKernel:
        """Restart the kernel; answers once it is ready again.

        Clients are not sent a ``restarting`` status: as with Jupyter Server, that
        message means a restart nobody asked for (JupyterLab shows "autorestarting").

        Raises:
            ServerError: 500, it could not be started again, or it has not answered
                for a minute since (what clients sent meanwhile waits for it still).
        """
        kernel = self.get(kernel_id)
        kernel.before_restart()
        try:
            await run_in_threadpool(kernel.manager.restart)
        except (KernelError, RuntimeError) as error:
            kernel.announce("dead")
            raise ServerError(500, f"The kernel could not be restarted: {error}") from None
        kernel.after_restart()
        if not await self.wait_ready(kernel):
            raise ServerError(
                500,
                f"The kernel was started again but has not answered for {_READY_TIMEOUT_S:.0f} s.",
            )
        return kernel

    async def shutdown(self, kernel_id: str) -> None:
        """Shut the kernel down and forget it (its clients' sockets close)."""
        kernel = self.get(kernel_id)
        del self.kernels[kernel_id]
        for key in [key for key in self.detached if key[0] == kernel_id]:
            await self.detached.pop(key).close()
        for listener in tuple(kernel.listeners):
            if isinstance(listener, ChannelsConnection):
                await listener.close()
        await kernel.close()
        await run_in_threadpool(_stop, kernel.manager)
        log.info("Kernel shut down: %s", kernel_id)

    async def shutdown_all(self) -> None:
        for kernel_id in list(self.kernels):
            await self.shutdown(kernel_id)
        if self._context is not None:
            self._context.term()
            self._context = None
        if self._spill_root is not None:
            shutil.rmtree(self._spill_root, ignore_errors=True)
            self._spill_root = None

    # ------------------------------------------------------------------ clients

    def connect(self, kernel: ServerKernel, session_id: str) -> ChannelsConnection:
        """The client's connection: the one it left (with what it missed), or a new one,
        which first gets what the kernel's running and unattended executions printed."""
        kept = self.detached.pop((kernel.id, session_id), None)
        if kept is not None:
            return kept
        connection = ChannelsConnection(kernel, session_id)
        for message in kernel.journal.replay():  # in this same step: nothing twice, no gap
            connection.deliver(message)
        return connection

    async def detach(self, connection: ChannelsConnection) -> None:
        """Keep a closed client's connection, buffering, for its return."""
        key = (connection.kernel.id, connection.session_id)
        if connection.kernel.id not in self.kernels:
            await connection.close()
            return
        self.detached[key] = connection
        while len(self.detached) > DETACHED_KEPT:
            oldest = next(iter(self.detached))
            await self.detached.pop(oldest).close()


def _stop(manager: KernelManager) -> None:
    manager.stop_restarter()
    manager.shutdown()
