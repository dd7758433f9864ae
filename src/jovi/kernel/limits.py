"""Bounds on what unauthenticated or misbehaving peers can make the kernel do.

A kernel listens on sockets anyone on the machine (or the network) may reach.  Signed
messages are checked before anything runs, but checking, logging and welcoming still
cost something; these bound that cost: a token bucket for IOPub welcomes, and a log
of refused messages that writes one short line per interval.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "REFUSAL_LOG_INTERVAL_S",
    "TEXT_MAX",
    "WELCOMES_PER_SECOND",
    "RefusalLog",
    "TokenBucket",
    "shorten",
]

WELCOMES_PER_SECOND: Final = 50
"""IOPub subscribers welcomed per second at most (a burst of this many is allowed):
subscriptions need no signature, so a peer could otherwise make the kernel sign and
send a welcome for each of thousands of them."""

REFUSAL_LOG_INTERVAL_S: Final = 5.0
"""Refused messages are logged once per this many seconds, with a count of the others."""

TEXT_MAX: Final = 160
"""Characters of text a peer sent that may reach the log."""


def shorten(text: str, limit: int = TEXT_MAX) -> str:
    """``text``, cut to ``limit`` characters (with ``...``) so a peer cannot flood the log."""
    return text if len(text) <= limit else text[:limit] + "..."


class TokenBucket:
    """Allows ``rate`` events per second, in bursts of at most ``rate``.

    Args:
        rate: Events per second.
        clock: The time in seconds (for tests).
    """

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._tokens = rate
        self._last = clock()

    def take(self) -> bool:
        """Whether one more event is allowed now."""
        now = self._clock()
        self._tokens = min(self.rate, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True


class RefusalLog:
    """Logs refused messages without flooding the log: one line per interval, short.

    Args:
        interval: Seconds between two logged lines.
        clock: The time in seconds (for tests).
    """

    def __init__(
        self, interval: float = REFUSAL_LOG_INTERVAL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._last = -interval
        self._quiet = 0  # refusals since the last line
        self.by_reason: dict[str, int] = {}
        """Every refusal so far, counted by the name of its error."""

    def summary(self) -> str:
        """Every refusal so far, by reason: ``"ReplayedMessage 1, SignatureMismatch 4"``."""
        return ", ".join(f"{name} {count}" for name, count in sorted(self.by_reason.items()))

    def refused(self, channel: str, error: BaseException) -> str | None:
        """The line to log for this refusal now, or None (it is counted for the next)."""
        reason = type(error).__name__
        self.by_reason[reason] = self.by_reason.get(reason, 0) + 1
        now = self._clock()
        if now - self._last < self.interval:
            self._quiet += 1
            return None
        reason = shorten(str(error))
        line = f"Invalid message on {channel} dropped ({type(error).__name__}): {reason}"
        if self._quiet:
            line += f" ({self._quiet} more dropped since the last report)"
        self._last, self._quiet = now, 0
        return line
