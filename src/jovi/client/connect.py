"""Finding connection files: by path, by name in the runtime dir, or the newest one.

``jovi console --existing`` with no file connects to the kernel started last: the
connection file most recently written in the Jupyter runtime dir.  A name that is
not a path is looked for in the current directory, then in the runtime dir, then as
part of a name there (``--existing 1234`` finds ``kernel-1234.json``).
"""

from __future__ import annotations

import os
from pathlib import Path

from jovi.errors import ConnectionFileError
from jovi.utils.paths import jupyter_runtime_dir

__all__ = ["find_connection_file", "latest_connection_file"]


def _kernel_files(directory: Path) -> list[Path]:
    try:
        return [
            path
            for path in directory.glob("kernel-*.json")
            if path.is_file() and not path.name.endswith("-ssh.json")
        ]
    except OSError:
        return []


def _newest(paths: list[Path]) -> Path:
    return max(paths, key=lambda path: path.stat().st_mtime)


def latest_connection_file(runtime_dir: Path | None = None) -> Path:
    """The connection file most recently written in the runtime dir.

    Raises:
        ConnectionFileError: there is none.
    """
    directory = jupyter_runtime_dir() if runtime_dir is None else runtime_dir
    found = _kernel_files(directory)
    if not found:
        raise ConnectionFileError(
            f"no kernel is running: there is no connection file in {directory}; "
            "start one with: jovi kernel"
        )
    return _newest(found)


def find_connection_file(
    name: str | os.PathLike[str] | None = None, runtime_dir: Path | None = None
) -> Path:
    """The connection file that ``name`` means (the newest one when ``name`` is None).

    Raises:
        ConnectionFileError: nothing matches.
    """
    if name is None or os.fspath(name) == "":
        return latest_connection_file(runtime_dir)
    directory = jupyter_runtime_dir() if runtime_dir is None else runtime_dir
    given = Path(name).expanduser()
    if given.is_file():
        return given.absolute()
    if given.parent == Path():
        for candidate in (directory / given.name, directory / f"{given.name}.json"):
            if candidate.is_file():
                return candidate
        text = given.name.removesuffix(".json")
        matches = [path for path in _kernel_files(directory) if text in path.name]
        if matches:
            return _newest(matches)
    raise ConnectionFileError(
        f"no connection file matches {os.fspath(name)!r} (looked in the current directory "
        f"and in {directory})",
        path=os.fspath(name),
    )
