"""Cells as source files: their pseudo file names and their place in ``linecache``.

Each executed cell gets a file name ``<ipython-input-N-hash>`` (IPython's: libraries
recognise cells by it, line_profiler shows their lines only then) and its source is kept in
``linecache``, so tracebacks, ``inspect.getsource`` and debuggers show the code of
functions defined in earlier cells.  Tracebacks print such a file as ``Cell In[N]``.

A shell may name its cells otherwise (``InteractiveShell.cell_namer``: the kernel's
debugger names them after a hash of their source, as its frontend does);
:func:`register_cell` then remembers the execution count of each name.
"""

from __future__ import annotations

import linecache
import re
import zlib

__all__ = ["cell_filename", "cell_label", "cell_number", "register_cell"]

_CELL_FILENAME = re.compile(r"^<ipython-input-(\d+)-[0-9a-f]+>$")

_counts: dict[str, int] = {}
"""The execution count of each cell registered under another kind of name."""


def cell_filename(execution_count: int, source: str) -> str:
    """The pseudo file name of a cell."""
    # A checksum, not a secure hash: it only tells apart cells run with the same count
    # (zlib is already loaded; hashlib would add milliseconds to the first cell).
    digest = f"{zlib.crc32(source.encode('utf-8', 'surrogatepass')):08x}"
    return f"<ipython-input-{execution_count}-{digest}>"


def cell_number(filename: str) -> int | None:
    """The execution count in a cell's file name, or ``None`` for a real file."""
    match = _CELL_FILENAME.match(filename)
    return int(match.group(1)) if match else _counts.get(filename)


def cell_label(filename: str) -> str:
    """``Cell In[N]`` for a cell, the file name otherwise."""
    number = cell_number(filename)
    return f"Cell In[{number}]" if number is not None else filename


def register_cell(filename: str, source: str, execution_count: int | None = None) -> None:
    """Keep ``source`` in ``linecache`` under ``filename`` (never evicted by checkcache),
    and the ``execution_count`` of a cell whose name does not carry it."""
    if execution_count is not None and not _CELL_FILENAME.match(filename):
        _counts[filename] = execution_count
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(source), None, lines, filename)
