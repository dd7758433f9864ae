"""Cells as source files: their pseudo file names and their place in ``linecache``.

Each executed cell gets a file name ``<jovi-input-N-hash>`` and its source is kept in
``linecache``, so tracebacks, ``inspect.getsource`` and debuggers show the code of
functions defined in earlier cells.  Tracebacks print such a file as ``Cell In[N]``.
"""

from __future__ import annotations

import linecache
import re
import zlib

__all__ = ["cell_filename", "cell_label", "cell_number", "register_cell"]

_CELL_FILENAME = re.compile(r"^<jovi-input-(\d+)-[0-9a-f]+>$")


def cell_filename(execution_count: int, source: str) -> str:
    """The pseudo file name of a cell."""
    # A checksum, not a secure hash: it only tells apart cells run with the same count
    # (zlib is already loaded; hashlib would add milliseconds to the first cell).
    digest = f"{zlib.crc32(source.encode('utf-8', 'surrogatepass')):08x}"
    return f"<jovi-input-{execution_count}-{digest}>"


def cell_number(filename: str) -> int | None:
    """The execution count in a cell's file name, or ``None`` for a real file."""
    match = _CELL_FILENAME.match(filename)
    return int(match.group(1)) if match else None


def cell_label(filename: str) -> str:
    """``Cell In[N]`` for a cell, the file name otherwise."""
    number = cell_number(filename)
    return f"Cell In[{number}]" if number is not None else filename


def register_cell(filename: str, source: str) -> None:
    """Keep ``source`` in ``linecache`` under ``filename`` (never evicted by checkcache)."""
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(source), None, lines, filename)
