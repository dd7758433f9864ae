"""Times in contents models: ISO 8601 in UTC, as Jupyter Server writes them.

``iso_utc(st_mtime)`` gives ``"2026-12-06T18:42:29.123456Z"`` (no fraction when it is
zero, as Python's ``isoformat`` does); :func:`parse_iso` reads that form back, and
the shorter ones browsers write (``"...29.123Z"``, ``"+00:00"``).
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["iso_utc", "parse_iso"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def iso_utc(timestamp: float) -> str:
    """``timestamp`` (seconds since the epoch) in the contents models' form."""
    try:
        moment = datetime.fromtimestamp(timestamp, tz=UTC)
    except (OverflowError, OSError, ValueError):
        moment = _EPOCH  # a file system can hold times no calendar can
    return moment.isoformat().replace("+00:00", "Z")


def parse_iso(text: str) -> datetime | None:
    """The moment ``text`` names (None when it is not an ISO 8601 time with a zone)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
