"""Shutting down kernels left idle, as Jupyter Server's ``MappingKernelManager.cull_*``
settings do on shared servers.

Every ``interval`` seconds the server looks at its kernels: one whose last activity
(a message on IOPub) is older than ``idle_timeout`` seconds is shut down, unless it is
busy (``cull_busy`` culls those too) or a client is connected to it
(``cull_connected`` culls those too).  :class:`CullPolicy` makes the decision without
I/O or a clock of its own; :func:`cull_forever` is the server's task that applies it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import TYPE_CHECKING

from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jovi.server.kernels.registry import ServerKernels

__all__ = ["CullPolicy", "KernelActivity", "cull_forever"]

log = get_logger("jovi.server")


@dataclasses.dataclass(frozen=True, slots=True)
class KernelActivity:
    """What the policy looks at in one kernel."""

    kernel_id: str
    execution_state: str
    last_activity: float
    connections: int


@dataclasses.dataclass(frozen=True, slots=True)
class CullPolicy:
    """Which kernels are shut down for idleness.

    Attributes:
        idle_timeout: Seconds without activity after which a kernel is shut down (0: never).
        interval: Seconds between two looks.
        cull_connected: Shut down kernels a client is connected to as well.
        cull_busy: Shut down busy kernels as well.
    """

    idle_timeout: float = 0.0
    interval: float = 300.0
    cull_connected: bool = False
    cull_busy: bool = False

    @property
    def enabled(self) -> bool:
        return self.idle_timeout > 0

    def to_cull(self, kernels: Iterable[KernelActivity], now: float) -> list[KernelActivity]:
        """The kernels to shut down at ``now``."""
        if not self.enabled:
            return []
        return [
            kernel
            for kernel in kernels
            if now - kernel.last_activity > self.idle_timeout
            and (self.cull_busy or kernel.execution_state != "busy")
            and (self.cull_connected or kernel.connections == 0)
        ]


async def cull_forever(
    kernels: ServerKernels, policy: CullPolicy, clock: Callable[[], float] = time.time
) -> None:
    """Shut down the kernels ``policy`` picks, every ``policy.interval`` seconds."""
    log.info(
        "kernels idle for %.0f s are shut down (looked at every %.0f s)",
        policy.idle_timeout,
        policy.interval,
    )
    while True:
        await asyncio.sleep(policy.interval)
        activity = [
            KernelActivity(kernel_id, kernel.execution_state, kernel.last_activity, kernel.attached)
            for kernel_id, kernel in list(kernels.kernels.items())
        ]
        now = clock()
        for kernel in policy.to_cull(activity, now):
            log.warning(
                "kernel %s (%s, %d connection%s) was idle for %.0f s: it is shut down",
                kernel.kernel_id,
                kernel.execution_state,
                kernel.connections,
                "" if kernel.connections == 1 else "s",
                now - kernel.last_activity,
            )
            await kernels.shutdown(kernel.kernel_id)
