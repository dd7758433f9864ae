"""The ``Content-Type`` of a file the server sends as it is, from its name.

Known extensions give their type (``.ipynb`` is ``application/x-ipynb+json``); a
compressed file is sent as what it is, never with a ``Content-Encoding`` the
browser would undo (``data.csv.gz`` is ``application/gzip``).  A file whose name
says nothing (``Makefile``, ``notes``) is text when its first bytes are UTF-8 text,
and bytes otherwise.  Text types name their charset, UTF-8.
"""

from __future__ import annotations

import codecs
import mimetypes
from typing import Final

__all__ = ["SNIFF_BYTES", "content_type", "needs_sniffing"]

SNIFF_BYTES: Final = 8192
"""How much of a file of unknown type is read to tell text from bytes."""

_BINARY: Final = "application/octet-stream"
_KNOWN: Final = {".ipynb": "application/x-ipynb+json"}
_TEXT_APPLICATIONS: Final = frozenset(
    {"application/javascript", "application/json", "application/x-ipynb+json", "application/xml"}
)


def content_type(name: str, head: bytes | None = None, *, whole: bool = False) -> str:
    """The ``Content-Type`` for a file called ``name`` whose first bytes are ``head``
    (read them only when :func:`needs_sniffing` says so; ``whole``: they are all of it)."""
    lowered = name.lower()
    for suffix, known in _KNOWN.items():
        if lowered.endswith(suffix):
            return _with_charset(known)
    guessed, encoding = mimetypes.guess_type(name, strict=False)
    if encoding == "gzip":
        return "application/gzip"
    if encoding is not None:
        return _BINARY
    if guessed is not None:
        return _with_charset(guessed)
    if head is not None and _is_text(head, whole=whole):
        return _with_charset("text/plain")
    return _BINARY


def needs_sniffing(name: str) -> bool:
    """Whether the name alone does not tell the type (the first bytes decide)."""
    lowered = name.lower()
    if any(lowered.endswith(suffix) for suffix in _KNOWN):
        return False
    guessed, encoding = mimetypes.guess_type(name, strict=False)
    return guessed is None and encoding is None


def _with_charset(media_type: str) -> str:
    if media_type.startswith("text/") or media_type in _TEXT_APPLICATIONS:
        return f"{media_type}; charset=utf-8"
    return media_type


def _is_text(head: bytes, *, whole: bool) -> bool:
    if b"\x00" in head:
        return False
    try:
        # A sample may end inside a character; a whole file may not.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
    except UnicodeDecodeError:
        return False
    return True
