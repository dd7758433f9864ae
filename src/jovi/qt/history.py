"""The input history the console steps through with Up and Down, and its kill ring;
plain objects without Qt."""

from __future__ import annotations

__all__ = ["InputHistory", "KillRing"]


class InputHistory:
    """Previous inputs, oldest first, and where browsing stands.

    Browsing with a prefix visits only entries that start with it (Shift-Up, or Up
    with text before the cursor); an entry equal to the current input is skipped.
    """

    def __init__(self, entries: list[str] | None = None, *, limit: int = 1000) -> None:
        self.limit = limit
        self._entries: list[str] = list(entries or [])[-limit:]
        self._index = len(self._entries)
        self._draft = ""

    @property
    def entries(self) -> list[str]:
        """The inputs, oldest first."""
        return list(self._entries)

    def load(self, entries: list[str]) -> None:
        """Put ``entries`` (older ones, from the kernel) before those added here."""
        self._entries = [*entries, *self._entries][-self.limit :]
        self.reset()

    def add(self, source: str) -> None:
        """Remember ``source`` (not twice in a row, never blank) and stop browsing."""
        if source.strip() and (not self._entries or self._entries[-1] != source):
            self._entries.append(source)
            del self._entries[: -self.limit]
        self.reset()

    def reset(self) -> None:
        """Browsing starts again from the newest entry."""
        self._index = len(self._entries)
        self._draft = ""

    def previous(self, current: str, prefix: str = "") -> str | None:
        """The next older entry starting with ``prefix`` (None: none is left)."""
        if self._index == len(self._entries):
            self._draft = current
        for index in range(self._index - 1, -1, -1):
            entry = self._entries[index]
            if entry.startswith(prefix) and entry != current:
                self._index = index
                return entry
        return None

    def next(self, current: str, prefix: str = "") -> str | None:
        """The next newer entry starting with ``prefix``; past the newest, what was
        being typed before browsing began (None: not browsing)."""
        if self._index >= len(self._entries):
            return None
        for index in range(self._index + 1, len(self._entries)):
            entry = self._entries[index]
            if entry.startswith(prefix) and entry != current:
                self._index = index
                return entry
        self._index = len(self._entries)
        return self._draft


class KillRing:
    """Text killed with Ctrl-K, Ctrl-U, Alt-D or Alt-Backspace; Ctrl-Y yanks the
    newest, Alt-Y then replaces it with older ones in turn."""

    def __init__(self, size: int = 30) -> None:
        self.size = size
        self._ring: list[str] = []
        self._at = -1

    def kill(self, text: str) -> None:
        """Keep ``text`` as the newest kill."""
        if text:
            self._ring.append(text)
            del self._ring[: -self.size]
        self._at = len(self._ring) - 1

    def yank(self) -> str:
        """The newest kill ('' when none)."""
        self._at = len(self._ring) - 1
        return self._ring[self._at] if self._ring else ""

    def rotate(self) -> str:
        """The kill before the one last yanked, going round."""
        if not self._ring:
            return ""
        self._at = (self._at - 1) % len(self._ring)
        return self._ring[self._at]
