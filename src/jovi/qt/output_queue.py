"""Output batched per turn of the event loop, so a flood costs one layout per turn.

Kernel output arrives in many small messages.  :class:`OutputQueue` keeps what comes
in one turn (stream text merged by stream, other items in order) and hands it to the
console at the next turn, in one go: a cell printing a million lines makes a few
thousand document updates, not a million, and the window keeps painting and taking
keys in between.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["OutputQueue"]


class OutputQueue(QObject):
    """Items to show, flushed together at the next turn of the event loop.

    Args:
        show_stream: Called with (stream name, text) for merged stream text.
        on_flushed: Called after each flush (to trim the document, scroll).
    """

    def __init__(
        self,
        show_stream: Callable[[str, str], None],
        on_flushed: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._show_stream = show_stream
        self._on_flushed = on_flushed
        self._items: list[tuple[str, str] | Callable[[], None]] = []
        self._scheduled = False

    def stream(self, name: str, text: str) -> None:
        """Queue stream text (merged with the stream text queued just before it)."""
        last = self._items[-1] if self._items else None
        if isinstance(last, tuple) and last[0] == name:
            self._items[-1] = (name, last[1] + text)
        else:
            self._items.append((name, text))
        self._schedule()

    def call(self, show: Callable[[], None]) -> None:
        """Queue another kind of output: ``show()`` draws it, in order."""
        self._items.append(show)
        self._schedule()

    def _schedule(self) -> None:
        if not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self.flush)

    def flush(self) -> None:
        """Show everything queued now."""
        self._scheduled = False
        items, self._items = self._items, []
        for item in items:
            if isinstance(item, tuple):
                self._show_stream(*item)
            else:
                item()
        if items:
            self._on_flushed()
