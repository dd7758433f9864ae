"""The server's root directory: API paths to files, and nothing outside the root.

An API path is what clients put after ``/api/contents/``: ``/``-separated names
relative to the root (``"analysis/run.ipynb"``; ``""`` is the root itself).  The
router has already decoded it from the URL once.  :meth:`ContentsRoot.resolve`
turns it into a file system path, and refuses, as "does not exist", anything a
client must not reach:

* ``..`` or ``.`` as a name, an absolute path, a backslash or a NUL byte;
* a path that leaves the root through a symbolic link (a link inside the root to a
  file inside the root is followed, as a user who made it expects);
* hidden files and directories (a name starting with ``.``), unless allowed.

Refusals answer 404 with the same sentence as a missing file, so a client learns
nothing about what lies outside.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jovi.errors import ServerError

__all__ = ["ContentsRoot", "join_api_path", "split_api_path"]

_FORBIDDEN_CHARACTERS = ("\\", "\x00")


def split_api_path(path: str) -> tuple[str, str]:
    """``"a/b/c.ipynb"`` -> ``("a/b", "c.ipynb")``; the root's parent is ``""``."""
    path = path.strip("/")
    parent, _, name = path.rpartition("/")
    return parent, name


def join_api_path(directory: str, name: str) -> str:
    """The API path of ``name`` in ``directory``."""
    directory = directory.strip("/")
    return f"{directory}/{name}" if directory else name


class ContentsRoot:
    """Maps API paths into one directory and keeps every access inside it.

    Args:
        root: The directory the server serves (made absolute, links resolved).
        allow_hidden: Serve hidden files and directories too.
    """

    def __init__(self, root: str | os.PathLike[str], *, allow_hidden: bool = False) -> None:
        self.root = Path(os.path.realpath(root))
        self.allow_hidden = allow_hidden

    def normalize(self, path: str) -> str:
        """``path`` without leading, trailing or doubled slashes.

        Raises:
            ServerError: 404 for a name a client may not use (``..``, ``\\``, NUL).
        """
        names = [name for name in path.split("/") if name]
        for name in names:
            if name in {".", ".."} or any(c in name for c in _FORBIDDEN_CHARACTERS):
                raise _missing(path)
        return "/".join(names)

    def resolve(self, path: str, *, must_exist: bool = False) -> Path:
        """The file system path of the API path ``path``, inside the root.

        Args:
            path: The API path.
            must_exist: Refuse a path that does not exist (as a 404).

        Raises:
            ServerError: 404 when the path is refused (see the module's docstring) or,
                with ``must_exist``, missing.
        """
        api_path = self.normalize(path)
        if not self.allow_hidden and self.is_hidden(api_path):
            raise _missing(path)
        target = self.root.joinpath(*api_path.split("/")) if api_path else self.root
        real = Path(os.path.realpath(target))
        if real != self.root and not real.is_relative_to(self.root):
            raise _missing(path)  # a link out of the root
        if must_exist and not os.path.lexists(target):
            raise _missing(path)
        return target

    def is_hidden(self, api_path: str) -> bool:
        """Whether a name on ``api_path`` is hidden (starts with a dot, or is marked so)."""
        names = [name for name in api_path.split("/") if name]
        if any(name.startswith(".") for name in names):
            return True
        target = self.root.joinpath(*names) if names else self.root
        try:
            flags = getattr(os.lstat(target), "st_flags", 0)
        except OSError:
            return False
        return bool(flags & getattr(stat, "UF_HIDDEN", 0))

    def api_path(self, target: Path) -> str:
        """The API path of ``target``, a path under the root."""
        relative = target.relative_to(self.root)
        return "/".join(relative.parts)


def _missing(path: str) -> ServerError:
    return ServerError(404, f"No file or directory {path.strip('/')!r} in the server's root.")
