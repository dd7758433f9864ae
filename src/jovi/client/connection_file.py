"""Reading and writing connection files (their format is :mod:`jovi.protocol.connection`).

A connection file holds the kernel's key, so it is written atomically, readable by its
owner only (0600), in a private directory (0700).
"""

from __future__ import annotations

import os
from pathlib import Path

from jovi.errors import ConnectionFileError
from jovi.protocol.connection import (
    ConnectionInfo,
    format_connection_file,
    parse_connection_file,
)
from jovi.utils.atomic import atomic_write
from jovi.utils.paths import jupyter_runtime_dir

__all__ = ["connection_file_path", "read_connection_file", "write_connection_file"]


def read_connection_file(path: str | os.PathLike[str]) -> ConnectionInfo:
    """The connection info in the file ``path``.

    Raises:
        ConnectionFileError: the file cannot be read, is not JSON, or holds
            connection info that cannot be used.
    """
    source = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConnectionFileError(f"connection file {source} does not exist", path=source) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConnectionFileError(
            f"connection file {source} cannot be read: {error}", path=source
        ) from None
    return parse_connection_file(text, source)


def write_connection_file(path: str | os.PathLike[str], info: ConnectionInfo) -> Path:
    """Write ``info`` to ``path`` atomically, readable by its owner only (0600).

    A missing directory is created, private (0700).  Returns the path written.
    """
    target = Path(path)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(target, format_connection_file(info), permissions=0o600)
    return target


def connection_file_path(kernel_id: str) -> Path:
    """Where a kernel's connection file goes: ``<runtime dir>/kernel-<kernel_id>.json``."""
    return jupyter_runtime_dir() / f"kernel-{kernel_id}.json"
