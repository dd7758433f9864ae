"""The input history the console steps through with Up and Down, and its kill ring;
plain objects without Qt."""

from __future__ import annotations

__all__ = ["InputHistory", "KillRing"]


class InputHistory:
    """Previous inputs, oldest first, and where browsing stands.

    Browsing with a prefix visits only entries that start with it (Shift-Up, or Up
    with text before the cursor); an entry equal to the current input is skipped.
    An entry edited and then left keeps its edit until the next input runs, unless
    ``lock`` (``history_lock``) is set: then browsing always shows entries as they were.
    """

    def __init__(
        self, entries: list[str] | None = None, *, limit: int = 1000, lock: bool = False
    ) -> None:
        self.limit = limit
        self.lock = lock
        self._entries: list[str] = list(entries or [])[-limit:]
        self._index = len(self._entries)
        self._draft = ""
        self._edits: dict[int, str] = {}

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
        """Browsing starts again from the newest entry; edits are forgotten."""
        self._index = len(self._entries)
        self._draft = ""
        self._edits.clear()

    def _shown(self, index: int) -> str:
        return self._edits.get(index, self._entries[index])

    def _leave(self, current: str) -> None:
        """Remember ``current`` as the edit of the entry being left."""
        if self._index == len(self._entries):
            self._draft = current
        elif not self.lock and current != self._entries[self._index]:
            self._edits[self._index] = current
        else:
            self._edits.pop(self._index, None)

    def previous(self, current: str, prefix: str = "") -> str | None:
        """The next older entry starting with ``prefix`` (None: none is left)."""
        for index in range(self._index - 1, -1, -1):
            entry = self._shown(index)
            if entry.startswith(prefix) and entry != current:
                self._leave(current)
                self._index = index
                return entry
        return None

    def next(self, current: str, prefix: str = "") -> str | None:
        """The next newer entry starting with ``prefix``; past the newest, what was
        being typed before browsing began (None: not browsing)."""
        if self._index >= len(self._entries):
            return None
        self._leave(current)
        for index in range(self._index + 1, len(self._entries)):
            entry = self._shown(index)
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
