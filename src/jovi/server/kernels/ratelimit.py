"""Jupyter Server's IOPub rate limits, for those who set them (off by default).

``iopub_msg_rate_limit`` (messages per second) and ``iopub_data_rate_limit`` (bytes
per second), averaged over ``rate_limit_window`` seconds, bound the output a kernel
sends to clients.  Jupyter Server drops what exceeds them; jovi keeps it, like a
flood (:mod:`~jovi.server.kernels.journal`): it goes to the execution's spill file
and the cell gets one notice.  They are off by default because the per-execution
limits already keep floods out of the browser without dropping anything; a
configuration written for Jupyter Server that sets them works as it did.

:class:`IopubRateLimit` decides without I/O.
"""

from __future__ import annotations

import collections
from typing import Final

__all__ = ["OUTPUT_TYPES", "IopubRateLimit"]

OUTPUT_TYPES: Final = frozenset({"stream", "display_data", "update_display_data", "execute_result"})
"""The IOPub messages the rate limits apply to (as in Jupyter Server)."""


class IopubRateLimit:
    """Whether each output message may go to clients now.

    Args:
        messages_per_s: The highest message rate (0: no limit).
        bytes_per_s: The highest data rate (0: no limit).
        window_s: The window the rates are averaged over.
    """

    def __init__(self, messages_per_s: float, bytes_per_s: float, window_s: float) -> None:
        self.messages_per_s = messages_per_s
        self.bytes_per_s = bytes_per_s
        self.window_s = max(window_s, 0.001)
        self._sent: collections.deque[tuple[float, int]] = collections.deque()
        self._bytes = 0
        self.exceeded = False
        """Whether output is being held back now."""

    @property
    def active(self) -> bool:
        return self.messages_per_s > 0 or self.bytes_per_s > 0

    def admit(self, size: int, now: float) -> bool:
        """Whether an output message of ``size`` bytes may go to clients at ``now``."""
        if not self.active:
            return True
        sent = self._sent
        while sent and sent[0][0] <= now - self.window_s:
            self._bytes -= sent.popleft()[1]
        messages = len(sent) + 1
        data = self._bytes + size
        over = (self.messages_per_s > 0 and messages / self.window_s > self.messages_per_s) or (
            self.bytes_per_s > 0 and data / self.window_s > self.bytes_per_s
        )
        self.exceeded = over
        if over:
            return False
        sent.append((now, size))
        self._bytes += size
        return True
