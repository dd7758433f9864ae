"""The profile's small database: ``<profile>/db/``, one pickled value per file.

``%store`` keeps variables under ``autorestore/<name>``, ``%bookmark`` its bookmarks
under ``bookmarks``, ``%cd`` the directory history under ``dhist``.  Keys may contain
``/`` (sub-directories).  Every write is atomic, so a crash leaves the old value; a
value that cannot be read back raises :class:`~jovi.errors.StoredValueError`.

Usage::

    db = ProfileDB(profile_dir / "db")
    db["bookmarks"] = {"proj": "/home/me/proj"}
    db.get("bookmarks", {})
    db.keys("autorestore/*")
    del db["autorestore/x"]
"""

from __future__ import annotations

import contextlib
import fnmatch
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

from jovi.errors import StoredValueError, UsageError
from jovi.utils.atomic import atomic_write

__all__ = ["BOOKMARKS_KEY", "DHIST_KEY", "STORED_ALIASES_KEY", "ProfileDB", "as_usage_error"]

#: ``%bookmark``'s bookmarks: {name: directory}.
BOOKMARKS_KEY = "bookmarks"
#: The directory history of ``%cd`` (``_dh``), kept for the next sessions.
DHIST_KEY = "dhist"
#: Aliases kept by ``%store``: {name: command}.
STORED_ALIASES_KEY = "stored_aliases"


class ProfileDB(MutableMapping[str, Any]):
    """A mapping from keys (``"a"``, ``"autorestore/x"``) to pickled files under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        parts = [part for part in key.split("/") if part]
        if not parts or any(part in (".", "..") for part in parts):
            raise KeyError(f"invalid key {key!r}")
        return self.root.joinpath(*parts)

    def __getitem__(self, key: str) -> Any:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise KeyError(key) from None
        try:
            import pickle  # noqa: PLC0415 - only when a stored value is read

            return pickle.loads(data)  # noqa: S301 - the user's own profile, like their config file
        except Exception as error:  # noqa: BLE001 - any unpickling failure means unreadable
            raise StoredValueError(
                f"the stored value {key!r} in {self.root} cannot be read back "
                f"({type(error).__name__}: {error})"
            ) from None

    def __setitem__(self, key: str, value: Any) -> None:
        path = self._path(key)
        import pickle  # noqa: PLC0415 - start-up cost

        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
        except OSError as error:
            raise StoredValueError(
                f"cannot save {key!r} in {self.root}: {error.strerror or error}"
            ) from None

    def __delitem__(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink()
        except (FileNotFoundError, IsADirectoryError):
            raise KeyError(key) from None
        except OSError as error:
            raise StoredValueError(
                f"cannot remove {key!r} from {self.root}: {error.strerror or error}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                yield path.relative_to(self.root).as_posix()

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        with contextlib.suppress(KeyError):
            return self._path(key).is_file()
        return False

    def keys_matching(self, pattern: str) -> list[str]:
        """The keys matching a glob pattern such as ``"autorestore/*"``."""
        return [key for key in self if fnmatch.fnmatchcase(key, pattern)]


@contextlib.contextmanager
def as_usage_error() -> Iterator[None]:
    """In a magic: a value that cannot be saved or read back is one line, not a traceback."""
    try:
        yield
    except StoredValueError as error:
        raise UsageError(str(error)) from None
