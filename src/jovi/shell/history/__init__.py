"""History: the SQLite store, the range syntax, and the manager of a running shell."""

from __future__ import annotations

from jovi.shell.history.manager import HistoryManager
from jovi.shell.history.ranges import HistoryRange, is_range, parse_ranges
from jovi.shell.history.store import HistoryDatabase

__all__ = ["HistoryDatabase", "HistoryManager", "HistoryRange", "is_range", "parse_ranges"]
