"""New names that do not clash: ``Untitled1.ipynb``, ``untitled2.txt``, ``a-Copy1.ipynb``.

The numbering is Jupyter's, so users find the names they know: the number goes
before the extension, which for a notebook is ``.ipynb`` and otherwise everything
from the first dot (``data-Copy1.tar.gz``); a folder is ``Untitled Folder``, then
``Untitled Folder 1``.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["copy_name", "numbered_name", "untitled_name"]

_UNTITLED = {"notebook": "Untitled", "file": "untitled", "directory": "Untitled Folder"}
_EARLIER_COPY = re.compile(r"-Copy\d*\.")


def numbered_name(name: str, insert: str, taken: Callable[[str], bool]) -> str:
    """``name``, or with ``insert`` and 1, 2... before its extension: the first not taken."""
    stem, dot, extension = name.rpartition(".")
    if extension != "ipynb":
        stem, dot, extension = name.partition(".")
    for number in itertools.count():
        candidate = f"{stem}{insert}{number}{dot}{extension}" if number else name
        if not taken(candidate):
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover - count() never ends


def untitled_name(kind: str, extension: str, taken: Callable[[str], bool]) -> str:
    """The name of a new untitled notebook, file (with ``extension``) or directory."""
    if kind == "notebook":
        extension = ".ipynb"
    elif kind == "directory":
        extension = ""
    insert = " " if kind == "directory" else ""
    return numbered_name(_UNTITLED[kind] + extension, insert, taken)


def copy_name(name: str, taken: Callable[[str], bool]) -> str:
    """The name of a copy of ``name``: ``name`` itself where it is free (another
    directory), else ``a-Copy1.ipynb``...; a copy of a copy is numbered from the
    original's name, never ``a-Copy1-Copy1``."""
    return numbered_name(_EARLIER_COPY.sub(".", name), "-Copy", taken)
