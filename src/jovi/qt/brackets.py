"""Which bracket matches the one at the cursor; plain text, no Qt."""

from __future__ import annotations

from typing import Final

__all__ = ["matching_bracket"]

_PAIRS: Final = {"(": ")", "[": "]", "{": "}"}
_CLOSING: Final = {close: open_ for open_, close in _PAIRS.items()}


def matching_bracket(text: str, cursor: int) -> tuple[int, int] | None:
    """The offsets of the bracket just before (else at) ``cursor`` and of its match,
    or None when there is no bracket there or it has no match."""
    for at in (cursor - 1, cursor):
        if 0 <= at < len(text) and (text[at] in _PAIRS or text[at] in _CLOSING):
            match = _search(text, at)
            return None if match is None else (at, match)
    return None


def _search(text: str, at: int) -> int | None:
    char = text[at]
    if char in _PAIRS:
        other, step, stop = _PAIRS[char], 1, len(text)
    else:
        other, step, stop = _CLOSING[char], -1, -1
    depth = 0
    for index in range(at, stop, step):
        if text[index] == char:
            depth += 1
        elif text[index] == other:
            depth -= 1
            if depth == 0:
                return index
    return None
