"""Cells as files the debugger can name: the hash scheme that JupyterLab shares with the kernel.

A frontend sets a breakpoint in a cell before the cell runs, so the frontend and the
kernel must agree on the cell's file name without asking each other for every cell.
The kernel announces the scheme in ``debugInfo`` and both sides compute the name from
the cell's source:

    ``{tmpFilePrefix}{hash}{tmpFileSuffix}``

where *hash* is the decimal value of 32-bit MurmurHash2 (``hashMethod: "Murmur2"``)
of the cell's UTF-8 bytes with the announced ``hashSeed``.  ``dumpCell`` writes the
cell's source to that file, so that the debugger (and a user) can read it; the shell
compiles the cell under the same name (:meth:`CellFiles.filename` is the shell's cell
namer while the kernel has a debugger).

Nothing here does I/O except :meth:`CellFiles.dump`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

__all__ = ["HASH_METHOD", "HASH_SEED", "SUFFIX", "CellFiles", "murmur2"]

HASH_METHOD: Final = "Murmur2"
"""The name of the hash in ``debugInfo`` (JupyterLab knows this one)."""

HASH_SEED: Final = 0xC70F6907
"""The seed announced in ``debugInfo`` (the value ipykernel announces too)."""

SUFFIX: Final = ".py"
"""The file name suffix of cells."""

_M: Final = 0x5BD1E995
_MASK: Final = 0xFFFFFFFF
_REMEMBERED: Final = 256
"""How many cells' file names a :class:`CellFiles` keeps (cells are often run again)."""


def murmur2(text: str, seed: int = HASH_SEED) -> int:
    """32-bit MurmurHash2 (Austin Appleby's, little-endian blocks) of ``text`` in UTF-8."""
    data = text.encode("utf-8", "surrogatepass")
    length = len(data)
    h = (seed ^ length) & _MASK
    whole = length - length % 4
    for (block,) in _blocks(data[:whole]):
        k = (block * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = ((h * _M) & _MASK) ^ k
    tail = data[whole:]
    if tail:
        h ^= int.from_bytes(tail, "little")
        h = (h * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    h ^= h >> 15
    return h


def _blocks(data: bytes) -> list[tuple[int]]:
    import struct  # noqa: PLC0415 - loaded by the first cell, not at start-up

    return list(struct.iter_unpack("<I", data))


class CellFiles:
    """Where the cells of one kernel process live as files, and their names.

    Args:
        directory: The directory of the cell files (created by :meth:`dump`); by
            default ``ipykernel_<pid>`` in the system's temporary directory: the name
            ipykernel gives it, by which tools (line_profiler's report, for one) know a
            notebook's cells.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory
        self._prefix: str | None = None
        self._names: dict[str, str] = {}
        """The file names of the last cells named, by source (most recent last)."""

    @property
    def directory(self) -> Path:
        """The directory of the cell files (it may not exist yet)."""
        if self._directory is None:
            import tempfile  # noqa: PLC0415 - loaded by the first cell, not at start-up

            self._directory = Path(tempfile.gettempdir()) / f"ipykernel_{os.getpid()}"
        return self._directory

    @property
    def prefix(self) -> str:
        """``tmpFilePrefix``: what every cell's file name starts with."""
        if self._prefix is None:
            self._prefix = str(self.directory) + os.sep
        return self._prefix

    def filename(self, source: str) -> str:
        """The file name of a cell whose source is ``source`` (every cell is named as it
        runs: the names of the last cells are kept, the hash being pure Python)."""
        names = self._names
        name = names.pop(source, None)
        if name is None:
            name = f"{self.prefix}{murmur2(source)}{SUFFIX}"
            if len(names) >= _REMEMBERED:
                del names[next(iter(names))]
        names[source] = name
        return name

    def name_cell(self, execution_count: int, source: str) -> str:
        """The shell's cell namer: the file name of ``source`` (the count plays no part:
        a frontend knows only the source when it sets a breakpoint)."""
        del execution_count
        return self.filename(source)

    def dump(self, source: str) -> str:
        """Write ``source`` to its cell file (readable by this user only); its name."""
        path = self.filename(source)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        Path(path).write_text(source, encoding="utf-8")
        return path

    def remove(self) -> None:
        """Remove the cell files and their directory (when the kernel ends)."""
        import shutil  # noqa: PLC0415 - rare: only a kernel that dumped cells

        directory = self._directory
        if directory is not None and directory.is_dir():
            shutil.rmtree(directory, ignore_errors=True)
