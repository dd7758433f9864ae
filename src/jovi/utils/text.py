"""Small text helpers for messages written to users."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["closest_match", "did_you_mean", "quoted_list"]


def closest_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word`` (ignoring case), or ``None`` if none is close."""
    by_folded: dict[str, str] = {}
    for candidate in candidates:
        by_folded.setdefault(candidate.casefold(), candidate)
    import difflib  # noqa: PLC0415 - only when a name was mistyped

    found = difflib.get_close_matches(word.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[found[0]] if found else None


def did_you_mean(word: str, candidates: Iterable[str], *, template: str = "{}") -> str:
    """``"; did you mean X?"`` for the closest candidate, or ``""`` when there is none."""
    match = closest_match(word, candidates)
    return f"; did you mean {template.format(match)}?" if match else ""


def quoted_list(items: Iterable[object]) -> str:
    """``'a', 'b', 'c'``: the items' reprs separated by commas."""
    return ", ".join(repr(item) for item in items)
