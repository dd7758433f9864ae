"""Profiles: directories of configuration, start-up files and history inside jovi's directory.

Each profile is a directory ``profile_<name>/`` in jovi's directory (``$JOVI_DIR`` or
``~/.jovi``, :func:`jovi.utils.paths.jovi_dir`) holding ``jovi_config.py``,
``startup/``, ``security/`` (mode 0700), ``log/``, ``pid/`` (mode 0700), ``db/`` and
``history.sqlite``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jovi.errors import ProfileError
from jovi.utils.paths import ensure_private_dir

if TYPE_CHECKING:
    import os

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILE_PREFIX",
    "ProfileDir",
    "list_profiles",
    "validate_profile_name",
]

DEFAULT_PROFILE = "default"
PROFILE_PREFIX = "profile_"
_PROFILE_NAME = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"  # compiled on first use


def validate_profile_name(name: str) -> str:
    """Return ``name`` if it can name a profile directory; raise :class:`ProfileError` if not."""
    if not re.fullmatch(_PROFILE_NAME, name):
        raise ProfileError(
            f"{name!r} is not a valid profile name; use letters, digits, '_', '-' and '.', "
            "starting with a letter, digit or '_'."
        )
    return name


_STARTUP_README = """\
This is the startup directory of a jovi profile.

Files ending in .py or .ipy placed here are run, in the order of their names, each
time jovi starts with this profile: before exec_lines, exec_files and any code given
on the command line.  Prefix names with numbers to choose the order, e.g.

    00-imports.py
    50-helpers.ipy

An error in one file is reported in one line and start-up continues with the next.
"""


class ProfileDir(NamedTuple):
    """A profile directory: ``<jovi dir>/profile_<name>/`` or any directory given by path."""

    location: Path
    name: str

    @classmethod
    def for_name(cls, name: str, base: Path) -> ProfileDir:
        """The profile ``name`` inside jovi's directory ``base`` (not created)."""
        validate_profile_name(name)
        return cls(base / f"{PROFILE_PREFIX}{name}", name)

    @classmethod
    def for_location(cls, location: str | os.PathLike[str]) -> ProfileDir:
        """A profile given by its path; its name is the part after ``profile_``."""
        path = Path(location).expanduser().absolute()
        name = (
            path.name.removeprefix(PROFILE_PREFIX)
            if path.name.startswith(PROFILE_PREFIX)
            else path.name
        )
        return cls(path, name)

    @classmethod
    def find(cls, name: str, base: Path) -> ProfileDir:
        """The existing profile ``name``; :class:`ProfileError` if it does not exist."""
        profile = cls.for_name(name, base)
        if not profile.location.is_dir():
            raise ProfileError(
                f"profile {name!r} not found in {base}; create it with: jovi profile create {name}"
            )
        return profile

    @property
    def config_file(self) -> Path:
        return self.location / "jovi_config.py"

    @property
    def json_config_file(self) -> Path:
        return self.location / "jovi_config.json"

    @property
    def startup_dir(self) -> Path:
        return self.location / "startup"

    @property
    def security_dir(self) -> Path:
        return self.location / "security"

    @property
    def log_dir(self) -> Path:
        return self.location / "log"

    @property
    def pid_dir(self) -> Path:
        return self.location / "pid"

    @property
    def db_dir(self) -> Path:
        return self.location / "db"

    @property
    def history_file(self) -> Path:
        return self.location / "history.sqlite"

    def exists(self) -> bool:
        return self.location.is_dir()

    def ensure(self) -> ProfileDir:
        """Create the directory and its sub-directories (idempotent, race-safe).

        ``security/`` and ``pid/`` are made private (0700) even if they existed with
        looser modes.
        """
        self.location.mkdir(parents=True, exist_ok=True)
        for sub in (self.startup_dir, self.log_dir, self.db_dir):
            sub.mkdir(exist_ok=True)
        ensure_private_dir(self.security_dir)
        ensure_private_dir(self.pid_dir)
        readme = self.startup_dir / "README"
        if not readme.exists():
            from jovi.utils.atomic import atomic_write  # noqa: PLC0415 - only when a profile is made

            atomic_write(readme, _STARTUP_README)
        return self


def list_profiles(base: Path) -> list[str]:
    """Names of the profiles in jovi's directory ``base``, sorted, always with ``default``."""
    names = {DEFAULT_PROFILE}
    if base.is_dir():
        for entry in base.iterdir():
            if entry.is_dir() and entry.name.startswith(PROFILE_PREFIX):
                name = entry.name.removeprefix(PROFILE_PREFIX)
                if re.match(_PROFILE_NAME, name):
                    names.add(name)
    return sorted(names, key=lambda n: (n != DEFAULT_PROFILE, n))
