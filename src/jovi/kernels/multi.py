"""Many kernels, each known by its id (what a notebook server needs).

Usage::

    kernels = MultiKernelManager(default_kernel_name="python3")
    kernel_id = kernels.start_kernel(cwd="/tmp")
    kernels.get_kernel(kernel_id).wait_for_ready()
    kernels.interrupt_kernel(kernel_id)
    kernels.shutdown_all()

Each kernel's connection file is ``kernel-<id>.json`` in the runtime dir.  Stopping
them all asks every kernel at once and then waits for them together, so stopping
twenty kernels takes about as long as stopping one.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from jovi.config import Configurable, Str
from jovi.errors import NoSuchKernel
from jovi.kernels.manager import KernelManager
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jovi.kernels.finder import KernelFinder

__all__ = ["MultiKernelManager"]


class MultiKernelManager(Configurable):
    """Starts, finds, interrupts, restarts and stops kernels by id.

    Args:
        finder: Where kernel names are looked up (jovi's providers by default).
        config: Configuration, passed on to each kernel's manager.
    """

    config_aliases = ("AsyncMultiKernelManager", "MappingKernelManager")

    default_kernel_name = Str("jovi", help="The kernel started when no name is given.")

    def __init__(self, *, finder: KernelFinder | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.finder = finder
        self._kernels: dict[str, KernelManager] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kernels)

    def __contains__(self, kernel_id: object) -> bool:
        return kernel_id in self._kernels

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._kernels))

    def list_kernel_ids(self) -> list[str]:
        """The ids of the kernels managed."""
        return list(self._kernels)

    def get_kernel(self, kernel_id: str) -> KernelManager:
        """The manager of kernel ``kernel_id``.

        Raises:
            NoSuchKernel: no kernel has that id.
        """
        try:
            return self._kernels[kernel_id]
        except KeyError:
            raise NoSuchKernel(f"no kernel has the id {kernel_id!r}") from None

    def start_kernel(
        self, kernel_name: str | None = None, kernel_id: str | None = None, **launch: Any
    ) -> str:
        """Start a kernel (return at once); its id.

        Args:
            kernel_name: Which kernel (:attr:`default_kernel_name` by default).
            kernel_id: Its id (a fresh UUID by default).
            launch: ``cwd``, ``env``, ``extra_arguments``, and options of the
                :class:`KernelManager` (``autorestart``, ``transport`` ...).

        Raises:
            ValueError: a kernel with that id exists.
        """
        if kernel_id is not None and kernel_id in self._kernels:
            raise ValueError(f"a kernel with the id {kernel_id!r} is already running")
        manager_options = {
            key: launch.pop(key) for key in list(launch) if key in KernelManager.options()
        }
        manager = KernelManager(
            kernel_name or self.default_kernel_name,
            finder=self.finder,
            kernel_id=kernel_id,
            config=self.config,
            **manager_options,
        )
        manager.start_kernel(**launch)
        with self._lock:
            self._kernels[manager.kernel_id] = manager
        return manager.kernel_id

    def wait_for_ready(self, kernel_id: str, timeout: float | None = 60.0) -> None:
        """Wait until kernel ``kernel_id`` answers."""
        self.get_kernel(kernel_id).wait_for_ready(timeout)

    def is_alive(self, kernel_id: str) -> bool:
        """Whether kernel ``kernel_id``'s process runs."""
        return self.get_kernel(kernel_id).is_alive()

    def interrupt_kernel(self, kernel_id: str) -> None:
        """Interrupt kernel ``kernel_id``."""
        self.get_kernel(kernel_id).interrupt()

    def signal_kernel(self, kernel_id: str, signum: int) -> None:
        """Send ``signum`` to kernel ``kernel_id``'s process group."""
        self.get_kernel(kernel_id).signal(signum)

    def restart_kernel(self, kernel_id: str, now: bool = False, newports: bool = False) -> None:
        """Restart kernel ``kernel_id``."""
        self.get_kernel(kernel_id).restart(now=now, newports=newports)

    def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:
        """Stop kernel ``kernel_id`` and forget it (unless ``restart``)."""
        manager = self.get_kernel(kernel_id)
        manager.shutdown(now=now, restart=restart)
        if not restart:
            with self._lock:
                self._kernels.pop(kernel_id, None)

    def shutdown_all(self, now: bool = False) -> None:
        """Stop every kernel: all are asked first, then waited for together."""
        with self._lock:
            managers = list(self._kernels.values())
            self._kernels.clear()
        for manager in managers:
            manager.stop_restarter()
        if not now:
            for manager in managers:
                if manager.is_alive():
                    manager._interrupt_quietly()
                    manager._request_shutdown_quietly(restart=False)
            shutdowns = OwnedThreads("the shutdown of every kernel")
            for manager in managers:
                shutdowns.start(manager.finish_shutdown, name=f"jovi-shutdown-{manager.kernel_id}")
            shutdowns.join()
        for manager in managers:
            manager.shutdown(now=True)
