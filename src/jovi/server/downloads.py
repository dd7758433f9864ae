"""Headers of answers that carry a user's file rather than JSON: downloads, caching,
and the sandbox that keeps a served page away from the server.

A file served as it is (an HTML or SVG file from ``/files``, a notebook converted to
HTML by ``/nbconvert``) may hold scripts.  :data:`SANDBOXED` makes the browser run
them in an origin of their own, so they cannot call the server's API with the
user's cookie, as Jupyter Server does.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

__all__ = ["SANDBOXED", "attachment", "wants_download"]

SANDBOXED: Final = {
    "Content-Security-Policy": "frame-ancestors 'self'; sandbox allow-scripts",
    "X-Content-Type-Options": "nosniff",
}
"""Headers for a user's file: scripts in it run in a unique origin, and the browser
takes the Content-Type as given instead of guessing one."""

_NO = frozenset({"", "0", "false", "no", "off"})


def attachment(filename: str) -> str:
    """The ``Content-Disposition`` value that saves the answer as ``filename`` (RFC 6266;
    the name UTF-8 and percent-encoded, so any name survives)."""
    return f"attachment; filename*=UTF-8''{quote(filename, safe='')}"


def wants_download(value: str | None) -> bool:
    """Whether a ``download`` query argument asks for a download (``1``, ``true``...)."""
    return value is not None and value.strip().lower() not in _NO
