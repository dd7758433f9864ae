"""Suggestions from history that Up and Down go through (``NavigableAutoSuggestFromHistory``).

Like prompt_toolkit's ``AutoSuggestFromHistory``, the suggestion is the rest of the
newest history line that starts with the last line typed.  While one is shown, Up
shows the next older matching line instead and Down the newer one, the typed text
unchanged; Right (Ctrl-E, Ctrl-F) takes it.  With no suggestion shown, Up and Down
recall history as usual.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from prompt_toolkit.auto_suggest import AutoSuggest, Suggestion

if TYPE_CHECKING:
    from collections.abc import Iterator

    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.document import Document
    from prompt_toolkit.key_binding import KeyPressEvent

__all__ = ["NavigableSuggestions"]


class NavigableSuggestions(AutoSuggest):
    """History suggestions with a position among the lines that match what is typed."""

    def __init__(self) -> None:
        self._typed: str | None = None
        self._skip = 0

    @staticmethod
    def _endings(buffer: Buffer, typed: str) -> Iterator[str]:
        """The rest of each distinct history line starting with ``typed``, newest first."""
        seen: set[str] = set()
        for entry in reversed(list(buffer.history.get_strings())):
            for line in reversed(entry.splitlines()):
                if line.startswith(typed) and len(line) > len(typed) and line not in seen:
                    seen.add(line)
                    yield line[len(typed) :]

    def _pick(self, buffer: Buffer, typed: str) -> Suggestion | None:
        if not typed.strip():
            return None
        endings = list(islice(self._endings(buffer, typed), self._skip + 1))
        if not endings:
            return None
        self._skip = min(self._skip, len(endings) - 1)  # past the oldest: stay on it
        return Suggestion(endings[self._skip])

    def get_suggestion(self, buffer: Buffer, document: Document) -> Suggestion | None:
        typed = document.text.rsplit("\n", 1)[-1]
        if typed != self._typed:  # new text: start again from the newest match
            self._typed, self._skip = typed, 0
        return self._pick(buffer, typed)

    def move(self, event: KeyPressEvent, step: int) -> None:
        """Show the suggestion ``step`` places older (positive) or newer (negative)."""
        buffer = event.current_buffer
        typed = buffer.document.text.rsplit("\n", 1)[-1]
        self._typed = typed
        self._skip = max(0, self._skip + step)
        buffer.suggestion = self._pick(buffer, typed)
