"""The history range syntax shared by ``%history``, ``%macro``, ``%save``, ``%edit``,
``%rerun``, ``%recall``, ``%load`` and ``%pycat``.

| range | meaning |
|---|---|
| ``4`` | line 4 of the current session |
| ``4-6`` | lines 4 to 6, inclusive |
| ``4:6`` | lines 4 and 5 (slice style) |
| ``243/1-5`` | lines 1-5 of session 243 |
| ``~2/7`` | line 7 of the session two before the current one |
| ``~1/`` | the whole previous session |
| ``~8/1-~6/5`` | from line 1 eight sessions ago to line 5 six sessions ago |

Several ranges are separated by spaces and kept in order; tokens that are not
ranges are skipped (the magics use them as names of files or variables).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["HistoryRange", "is_range", "parse_ranges"]

# Compiled on first use (``re`` keeps it): a shell that never reads a range pays nothing.
_RANGE = r"""(?x)^(?:(?P<startsess>~?\d+)/)?
    (?P<start>\d+)?
    (?:(?P<sep>[\-:])
       (?:(?P<endsess>~?\d+)/)?
       (?P<end>\d+))?$"""


class HistoryRange(NamedTuple):
    """Lines ``start`` up to (not including) ``stop`` of a session.

    ``session`` is 0 for the current session, negative for sessions before it
    (``~2`` is -2) and positive for an absolute session number; ``stop=None`` means
    to the end of the session.
    """

    session: int
    start: int
    stop: int | None


def _session(text: str | None) -> int:
    if not text:
        return 0
    return -int(text[1:]) if text.startswith("~") else int(text)


def is_range(text: str) -> bool:
    """Whether ``text`` is written in the range syntax."""
    return bool(text.strip("~/")) and re.match(_RANGE, text) is not None


def _one(token: str) -> Iterator[HistoryRange]:
    match = re.match(_RANGE, token)
    if match is None or not is_range(token):
        return
    start = int(match["start"]) if match["start"] else 1
    start_session = _session(match["startsess"])
    if match["end"] is None:
        stop = None if match["start"] is None else start + 1
        yield HistoryRange(start_session, start, stop)
        return
    end = int(match["end"])
    stop = end + 1 if match["sep"] == "-" else end
    end_session = _session(match["endsess"]) if match["endsess"] else start_session
    if end_session == start_session:
        yield HistoryRange(start_session, start, stop)
        return
    if (end_session <= 0) != (start_session <= 0) or end_session < start_session:
        raise ValueError(f"{token}: the start session must come before the end session")
    yield HistoryRange(start_session, start, None)
    for session in range(start_session + 1, end_session):
        yield HistoryRange(session, 1, None)
    yield HistoryRange(end_session, 1, stop)


def parse_ranges(text: str) -> list[HistoryRange]:
    """Every range in ``text``, in order (non-range tokens are skipped)."""
    ranges: list[HistoryRange] = []
    for token in text.split():
        ranges.extend(_one(token))
    return ranges
