"""Deleting to the user's trash, so that a file deleted in the browser can be got back.

On Linux and the other free desktops the trash follows the freedesktop.org Trash
specification: a file on the same filesystem as the user's data directory goes to
``$XDG_DATA_HOME/Trash`` (``~/.local/share/Trash``), one on another filesystem to
``.Trash-$UID`` at the top of that filesystem.  Each trashed file is ``files/NAME``
with its ``info/NAME.trashinfo`` (where it was, and when it was deleted), so the
desktop's file manager lists it and can restore it.  On macOS it is moved to
``~/.Trash``.  A name already in the trash gets a number (``report.2.ipynb``).

:func:`move_to_trash` raises :class:`OSError` when the file cannot be trashed (no
trash can be made on its filesystem, say); the caller decides what to do then.
"""

from __future__ import annotations

import datetime
import os
import sys
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["move_to_trash", "trash_directory"]


def move_to_trash(target: Path) -> Path:
    """Move ``target`` (a file, a link or a directory) to the trash; where it went.

    Raises:
        OSError: it cannot be trashed.
    """
    source = target.absolute()
    if sys.platform == "darwin":
        folder = Path.home() / ".Trash"
        destination = folder / _free_name(folder, source.name, lambda name: folder / name)
        source.rename(destination)
        return destination
    trash, top = trash_directory(source)
    files, info = trash / "files", trash / "info"
    for folder in (trash, files, info):
        folder.mkdir(mode=0o700, parents=folder is trash, exist_ok=True)
    # Absolute in the home trash; relative to the filesystem's top in a trash there.
    recorded = str(
        source if top is None else (source.parent.resolve() / source.name).relative_to(top)
    )
    when = datetime.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")  # noqa: DTZ005 - the spec's local time
    text = f"[Trash Info]\nPath={urllib.parse.quote(recorded)}\nDeletionDate={when}\n"
    while True:
        name = _free_name(files, source.name, lambda candidate: info / f"{candidate}.trashinfo")
        try:  # the info file, made exclusively, reserves the name
            descriptor = os.open(
                info / f"{name}.trashinfo", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
            )
        except FileExistsError:
            continue  # taken meanwhile by another deletion
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
        break
    destination = files / name
    try:
        source.rename(destination)
    except OSError:
        (info / f"{name}.trashinfo").unlink(missing_ok=True)
        raise
    return destination


def trash_directory(source: Path) -> tuple[Path, Path | None]:
    """The trash a file at ``source`` goes to (freedesktop.org's rules), and the top
    of the filesystem it is at (``None`` for the home trash).

    Raises:
        OSError: the file is on another filesystem than the user's data directory
            and no trash can be used at the top of its own.
    """
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    home_trash = data_home / "Trash"
    if _device(source.parent) == _device(_existing(home_trash)):
        return home_trash, None
    top = _mount_point(source.parent)
    shared = top / ".Trash"
    uid = str(os.getuid())
    if shared.is_dir() and not shared.is_symlink() and shared.stat().st_mode & 0o1000:
        return shared / uid, top  # a sticky, shared .Trash: each user's part of it
    own = top / f".Trash-{uid}"
    if own.is_symlink() or (own.exists() and not own.is_dir()):
        raise OSError(f"{own} is not a directory: no trash on this filesystem")
    return own, top


def _free_name(folder: Path, name: str, taken_at: Callable[[str], Path]) -> str:
    """``name``, or ``stem.N.suffix`` with the first N free in ``folder`` (and for
    which ``taken_at`` names nothing that exists)."""
    stem, suffix = _split(name)
    candidate, number = name, 1
    while (
        (folder / candidate).exists()
        or (folder / candidate).is_symlink()
        or taken_at(candidate).exists()
    ):
        number += 1
        candidate = f"{stem}.{number}{suffix}"
    return candidate


def _split(name: str) -> tuple[str, str]:
    if name.startswith(".") and name.count(".") == 1:
        return name, ""
    stem, dot, suffix = name.rpartition(".")
    return (stem, dot + suffix) if dot and stem else (name, "")


def _existing(path: Path) -> Path:
    """``path``, or its nearest parent that exists."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _device(path: Path) -> int:
    return os.lstat(path).st_dev


def _mount_point(path: Path) -> Path:
    """The top of the filesystem ``path`` is on."""
    path = path.resolve()
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path
