"""Notebook files on disk: what may be read as one, and how one is written.

* :func:`read_notebook_bytes` reads a notebook file.  A path that is not a regular
  file is refused with one sentence before anything is opened: reading a named pipe
  (FIFO) would wait forever for a writer, and a directory or a device is no notebook.
* :func:`write_notebook_text` writes one atomically (:mod:`jovi.utils.atomic`):
  through a symbolic link the file it points to is replaced and the link stays, and
  an existing file keeps its permissions.

Both first remove the temporary files that an earlier jovi write in the same
directory left behind when its process was killed (see
:func:`jovi.utils.atomic.remove_stale_temporaries`).
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from jovi.errors import NotebookReadError
from jovi.utils.atomic import atomic_write, remove_stale_temporaries

if TYPE_CHECKING:
    from jovi.utils.atomic import StrPath

__all__ = ["not_a_file_reason", "read_notebook_bytes", "write_notebook_text"]

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_a_file_reason(mode: int) -> str | None:
    """Why a path of this ``st_mode`` cannot be read as a notebook, or ``None`` (a file)."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}, not a notebook file"


def read_notebook_bytes(path: StrPath | int) -> bytes:
    """The bytes of the notebook file ``path`` (a path, or an open file descriptor).

    Raises:
        NotebookReadError: ``path`` is a directory, a FIFO, a socket or a device.
        OSError: it cannot be read (missing, no permission...).
    """
    name = f"file descriptor {path}" if isinstance(path, int) else os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then says what it is.
        fd = os.dup(path) if isinstance(path, int) else os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError:
        reason = not_a_file_reason(os.stat(path).st_mode)  # noqa: PTH116 - path or descriptor
        if reason is not None:
            raise NotebookReadError(reason, filename=name) from None
        raise
    try:
        reason = not_a_file_reason(os.fstat(fd).st_mode)
    except OSError:
        os.close(fd)
        raise
    if reason is not None:
        os.close(fd)
        raise NotebookReadError(reason, filename=name)
    with os.fdopen(fd, "rb") as stream:
        data = stream.read()
    if not isinstance(path, int):
        remove_stale_temporaries(os.path.dirname(os.path.abspath(name)) or ".")  # noqa: PTH100, PTH120
    return data


def write_notebook_text(path: StrPath, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, through symbolic links."""
    atomic_write(path, text)
