"""Atomic file writes: a file is either wholly old or wholly new, never half written.

Every file a user would mind losing (notebooks, configuration, history exports,
connection files, keys, the task database) is written through :func:`atomic_write`
or :func:`open_atomic`: the data goes to a temporary file in the same directory, is
flushed and fsynced, gets its final permissions, and is then renamed over the target.
A crash at any point leaves the previous file intact.

Writing through a symbolic link replaces the file the link points to (in that
file's directory) and keeps the link.  Temporary files are named
``.<name>.<host>-<pid>.<random>.tmp``; one left behind by a process that was
killed mid-write is removed by the next write in its directory
(:func:`remove_stale_temporaries`, which readers of notebooks call too).

Usage::

    atomic_write(path, text)                   # keep the old file's mode, or 0o666 & ~umask
    atomic_write(key_path, secret, mode=0o600)  # secrets are never readable by others
    with open_atomic(path) as f:                # streaming text writes
        json.dump(data, f)
"""

from __future__ import annotations

import contextlib
import os
import re
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["atomic_write", "open_atomic", "open_atomic_binary", "remove_stale_temporaries"]

StrPath = str | os.PathLike[str]

_TEMPORARY = re.compile(r"^\..+\.(?P<host>[0-9a-f]{4})-(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.tmp$")
# A temporary file of another machine (a shared directory) or of a live process that
# is this old was abandoned too: no write takes a day.
_ABANDONED_AFTER = 24 * 3600.0
# Directories that held no temporary file of ours, with their modification time then.
_clean: dict[str, int] = {}


def _host_tag() -> str:
    # Four hex digits of the machine's name: temporary files in a directory shared
    # between machines are only judged by the machine that wrote them.
    node = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    return f"{zlib.crc32(node.encode()) & 0xFFFF:04x}"


def _running(pid: int) -> bool:
    from jovi.utils.processes import pid_running  # noqa: PLC0415 - only when a file is stale

    return pid_running(pid)


def remove_stale_temporaries(directory: StrPath) -> list[Path]:
    """Remove the temporary files jovi's atomic writes left in ``directory`` when their
    process died before renaming them; returns the files removed.

    A file is stale when its writer (named in the file name) is no longer running on
    this machine, or when it is more than a day old.  Files in progress in live
    processes, and every file not named as jovi names its temporary files, are left.
    """
    removed: list[Path] = []
    key = os.fspath(directory)
    try:
        modified = os.stat(directory).st_mtime_ns  # noqa: PTH116 - str or PathLike
        if _clean.get(key) == modified:
            # It held no temporary file when last looked at, and no file has been
            # created (or renamed, or removed) in it since.
            return removed
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    host, me = _host_tag(), os.getpid()
    candidates = 0
    for entry in entries:
        match = _TEMPORARY.match(entry.name) if entry.name.startswith(".") else None
        if match is None:
            continue
        candidates += 1
        pid = int(match["pid"])
        try:
            age = time.time() - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        dead = match["host"] == host and pid != me and not _running(pid)
        if dead or age > _ABANDONED_AFTER:
            stale = Path(entry.path)
            with contextlib.suppress(OSError):
                stale.unlink()
                removed.append(stale)
    if not candidates:
        _clean[key] = modified
    return removed


def _current_umask() -> int:
    # os.umask can only be read by setting it; restore it at once.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _final_mode(target: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_current_umask()


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not every platform or file system allows it.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _replace_on_success(target: Path, permissions: int | None) -> Iterator[tuple[int, Path]]:
    """Yield a descriptor of a new temporary file next to ``target``; rename it over
    ``target`` if the block succeeds, remove it if the block raises."""
    if target.is_symlink():
        # Replace what the link points to, not the link.
        target = Path(os.path.realpath(target))
    final_mode = _final_mode(target, permissions)
    remove_stale_temporaries(target.parent)
    # mkstemp creates the file with mode 0o600, so a secret is never exposed, even briefly.
    import tempfile  # noqa: PLC0415 - it imports shutil, bz2, lzma: only when writing

    prefix = f".{target.name}.{_host_tag()}-{os.getpid()}."
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        yield fd, tmp
        tmp.chmod(final_mode)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_directory(target.parent)


@contextlib.contextmanager
def open_atomic(
    path: StrPath,
    *,
    permissions: int | None = None,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> Iterator[TextIO]:
    """Open the text file ``path`` for writing; the new content replaces the old atomically.

    Args:
        path: The file to write.  Its directory must exist.
        permissions: Mode bits of the new file, e.g. ``0o600`` for secrets.  By default
            an existing file keeps its mode and a new one gets ``0o666 & ~umask``.
        encoding: Text encoding (UTF-8 unless said otherwise).
        newline: Passed to :func:`open`.

    The file is only replaced when the ``with`` block ends without an exception;
    otherwise the temporary file is removed and the old content stays.
    """
    with (
        _replace_on_success(Path(path), permissions) as (fd, _tmp),
        os.fdopen(fd, "w", encoding=encoding, newline=newline) as stream,
    ):
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


@contextlib.contextmanager
def open_atomic_binary(path: StrPath, *, permissions: int | None = None) -> Iterator[BinaryIO]:
    """The binary twin of :func:`open_atomic`."""
    with (
        _replace_on_success(Path(path), permissions) as (fd, _tmp),
        os.fdopen(fd, "wb") as stream,
    ):
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


def atomic_write(
    path: StrPath,
    data: str | bytes,
    *,
    permissions: int | None = None,
    encoding: str = "utf-8",
) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`open_atomic` for the options)."""
    if isinstance(data, bytes):
        with open_atomic_binary(path, permissions=permissions) as binary:
            binary.write(data)
    else:
        with open_atomic(path, permissions=permissions, encoding=encoding, newline="") as text:
            text.write(data)
