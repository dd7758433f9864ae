"""Settings the browser keeps on the server: one JSON object per section, in a file.

Section ``notebook`` is the file ``<directory>/notebook.json`` (the directory is
``nbconfig`` in the Jupyter config directory, where the classic notebook kept
them).  A section name is letters, digits, ``_`` and ``-`` only, so it always
names one file in that directory.  A missing file is an empty section.

Changes are merged as Jupyter does (:func:`merge`) and written atomically, one
change at a time, so two clients changing a section at once both keep theirs.  A
file that is not a JSON object is never overwritten by a merge: the user may want
what is in it.
"""

from __future__ import annotations

import json
import re
import threading
from typing import TYPE_CHECKING, Any, Final

from jovi.errors import ServerError
from jovi.utils.atomic import atomic_write
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["FrontendConfig", "merge"]

log = get_logger("jovi.server")

_SECTION: Final = re.compile(r"[A-Za-z0-9_-]+")


def merge(target: dict[str, Any], changes: dict[str, Any]) -> None:
    """Merge ``changes`` into ``target``, in place.

    A nested object is merged into the object under the same key (it replaces any
    other value); ``null`` removes the key; any other value replaces it.  An object
    left empty by the merge is removed, as Jupyter does.
    """
    for key, value in changes.items():
        if isinstance(value, dict):
            inner = target.get(key)
            if not isinstance(inner, dict):
                inner = {}
            merge(inner, value)
            if inner:
                target[key] = inner
            else:
                target.pop(key, None)
        elif value is None:
            target.pop(key, None)
        else:
            target[key] = value


class FrontendConfig:
    """The sections kept in ``directory`` (created on the first change).

    Args:
        directory: Where the ``<section>.json`` files are.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()

    def path(self, section: str) -> Path:
        """The file of ``section``.

        Raises:
            ServerError: 404 when ``section`` is not a section name.
        """
        if not _SECTION.fullmatch(section):
            raise ServerError(404, f"There is no settings section {section!r}.")
        return self.directory / f"{section}.json"

    def get(self, section: str) -> dict[str, Any]:
        """The settings of ``section`` (``{}`` when it has none, or its file is broken:
        that is logged)."""
        try:
            return self._read(section)
        except ServerError as error:
            if error.status != 500:
                raise
            log.warning("%s", error)
            return {}

    def update(self, section: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Merge ``changes`` into ``section``, save it and return it.

        Raises:
            ServerError: 500 when the section's file is not a JSON object (it is kept).
        """
        with self._lock:
            settings = self._read(section)
            merge(settings, changes)
            self._write(section, settings)
        return settings

    def replace(self, section: str, settings: dict[str, Any]) -> None:
        """Make ``settings`` the whole of ``section``."""
        with self._lock:
            self._write(section, settings)

    def _read(self, section: str) -> dict[str, Any]:
        path = self.path(section)
        shown = f"{path.parent.name}/{path.name}"  # the client need not learn where it is
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except UnicodeDecodeError:
            raise ServerError(500, f"The settings file {shown} is not UTF-8 text.") from None
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise ServerError(500, f"The settings file {shown} cannot be read: {reason}.") from None
        if not text.strip():
            return {}
        try:
            settings = json.loads(text)
        except ValueError:
            settings = None
        if not isinstance(settings, dict):
            raise ServerError(
                500, f"The settings file {shown} is not a JSON object; fix or remove it."
            )
        return settings

    def _write(self, section: str, settings: dict[str, Any]) -> None:
        path = self.path(section)
        text = json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
