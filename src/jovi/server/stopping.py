"""Stopping the server by Ctrl-C: asked to confirm, stopped by a second one.

A server started in a terminal should not die from a stray Ctrl-C meant for another
window: the first one asks "Shut down this server (y/[n])?", and either ``y`` or a
second Ctrl-C within :data:`CONFIRM_WINDOW_S` seconds stops it.  Without a terminal
(a service manager, a pipe) one Ctrl-C stops it.  :class:`InterruptPolicy` decides
without I/O.
"""

from __future__ import annotations

import time
from typing import Final

__all__ = ["CONFIRM_WINDOW_S", "InterruptPolicy"]

CONFIRM_WINDOW_S: Final = 5.0


class InterruptPolicy:
    """What each Ctrl-C does.

    Args:
        interactive: Someone at a terminal can answer.
    """

    def __init__(self, *, interactive: bool) -> None:
        self.interactive = interactive
        self._asked_at: float | None = None

    def on_interrupt(self, now: float | None = None) -> str:
        """``"stop"`` or ``"ask"`` for a Ctrl-C at ``now`` (monotonic seconds)."""
        now = time.monotonic() if now is None else now
        if not self.interactive:
            return "stop"
        if self._asked_at is not None and now - self._asked_at <= CONFIRM_WINDOW_S:
            return "stop"
        self._asked_at = now
        return "ask"

    def on_answer(self, answer: str, now: float | None = None) -> str:
        """``"stop"`` for a yes within the window, else ``"resume"``."""
        now = time.monotonic() if now is None else now
        asked = self._asked_at
        self._asked_at = None
        within = asked is not None and now - asked <= CONFIRM_WINDOW_S
        return "stop" if within and answer.strip().lower().startswith("y") else "resume"
