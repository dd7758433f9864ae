"""What a client may know about the process of a kernel it did not start itself.

A client made by a kernel manager (``manager.client()``) holds that manager as its
:class:`KernelOwner`: waiting for the kernel then ends at once when the process
ends, instead of at the timeout, and interrupting uses the way the kernelspec asks
for (a signal, or a message).  ``jovi.kernels`` provides the managers; the client
only needs this much of them.
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

    def death_notice(self) -> str:
        """One sentence saying that the kernel ended and how (exit code or signal)."""
        ...

    def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers (starting it again with other ports if it
        ended before it ever answered)."""
        ...

    def interrupt(self) -> None:
        """Interrupt the kernel as its kernelspec asks (signal or message)."""
        ...
