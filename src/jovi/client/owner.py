"""What a client may know about the process of a kernel it did not start itself.

A client made by a kernel manager (``manager.client()``) holds that manager as its
:class:`KernelOwner`: waiting for the kernel then ends at once when the process
ends, instead of at the timeout, and interrupting uses the way the kernelspec asks
for (a signal, or a message).  ``jovi.kernels`` provides the managers; the client
only needs this much of them.

Deaths are told by generation, not by asking whether the kernel is alive: a
restarter may notice a death and start another process between two looks of a
waiting client, which would then see a live kernel and wait for an answer that will
never come.  The owner numbers its processes (:attr:`KernelOwner.generation`) and
records how each ended; a wait remembers the generation its request went to and asks
about that one (:meth:`KernelOwner.death_of`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from jovi.protocol import ConnectionInfo

__all__ = ["KernelOwner"]


class KernelOwner(Protocol):
    """The manager of a kernel process, as seen by its clients."""

    @property
    def connection_info(self) -> ConnectionInfo:
        """Where the kernel listens now (its ports may change when it restarts)."""
        ...

    def is_alive(self) -> bool:
        """Whether the kernel's process runs."""
        ...

    @property
    def generation(self) -> int:
        """Which of the kernel's processes runs now: one more after each end (a death,
        a restart); it never goes back."""
        ...

    def death_of(self, generation: int) -> str | None:
        """One sentence saying how the process of ``generation`` ended (exit code,
        signal, restart); None while it runs (for a later generation: while the
        process of now runs)."""
        ...

    def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers (starting it again with other ports if it
        ended before it ever answered)."""
        ...

    def interrupt(self) -> None:
        """Interrupt the kernel as its kernelspec asks (signal or message)."""
        ...
