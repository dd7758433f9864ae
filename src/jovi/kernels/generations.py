"""Numbering a manager's kernel processes, so that no wait misses a death.

A restarter that is quick can notice a death and start the kernel again between two
looks of a waiting client at the process: asking "is it alive?" then says yes, about
another process.  So the manager numbers its processes instead.  The first one is
generation 0; the end of each (a death the restarter noticed, a restart, a shutdown)
is recorded once, with the sentence that tells it, and the next process is the next
generation.  A wait remembers the generation it began with and asks how that one
ended (:meth:`KernelGenerations.ending`): an end recorded in the meantime is never
lost, however soon a new process took its place.
"""

from __future__ import annotations

import threading
from typing import Final

__all__ = ["KEPT_ENDINGS", "KernelGenerations"]

KEPT_ENDINGS: Final = 64
"""How many past generations' endings are remembered word for word."""


class KernelGenerations:
    """Which of a manager's kernel processes runs now, and how the others ended.

    Thread-safe: the restarter records deaths on its thread while clients read.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current = 0
        self._running = False  # whether the process of `_current` has started and not ended
        self._endings: dict[int, str] = {}

    @property
    def current(self) -> int:
        """The generation of the process that runs now (or of the next one, when the
        last one has ended); it only grows."""
        return self._current

    @property
    def running(self) -> bool:
        """Whether the process of :attr:`current` has started and not ended."""
        return self._running

    def started(self) -> None:
        """A process was started: it belongs to :attr:`current`.

        Raises:
            RuntimeError: the previous process's end was not recorded first.
        """
        with self._lock:
            if self._running:
                raise RuntimeError(
                    f"kernel generation {self._current} has not ended; record its end first"
                )
            self._running = True

    def ended(self, notice: str) -> bool:
        """Record that the process of :attr:`current` ended, as ``notice`` tells;
        whether this was news (an end is recorded once, the first telling kept)."""
        with self._lock:
            if not self._running:
                return False
            self._running = False
            self._endings[self._current] = notice
            self._endings.pop(self._current - KEPT_ENDINGS, None)
            self._current += 1
            return True

    def ending(self, generation: int) -> str | None:
        """How the process of ``generation`` ended; None when its end is not recorded
        (it runs, or it is later than :attr:`current`)."""
        if generation >= self._current:
            return None
        told = self._endings.get(generation)
        if told is None:  # older than the endings kept
            return f"the kernel's process ended and was replaced {self._current - generation} times"
        return told
