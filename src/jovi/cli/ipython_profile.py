"""Taking over a user's IPython profile: its configuration, startup files and extensions.

IPython keeps a profile in ``$IPYTHONDIR/profile_<name>`` (``~/.ipython`` by default).
:func:`import_ipython_profile` makes a jovi profile do what that one does, by writing
files into the jovi profile and never touching IPython's:

* ``ipython_config.py`` becomes ``jovi_config.py`` and ``ipython_kernel_config.py``
  ``jovi_kernel_config.py``, translated (:mod:`jovi.cli.ipython_config`): the user
  sees and edits jovi's names.  A jovi file already there is moved aside to
  ``<name>.bak`` (``.bak1``... if taken) first;
* the startup files (``startup/*.py`` and ``*.ipy``) are copied; one whose name the
  jovi profile already uses for another content is left out and listed;
* the extensions (``InteractiveShellApp.extensions`` and the like) come with the
  configuration.

A configuration file that cannot be run (a syntax error, an exception) loses nothing:
its text is kept, commented out, in the jovi file, and the report says why in one
sentence.  jovi does it on a first start (no jovi profile yet, an IPython profile of
the same name: :func:`take_over_on_first_start`) and on demand with
``jovi profile import-ipython [NAME]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jovi.errors import ConfigFileError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.config.profiles import ProfileDir

__all__ = [
    "ImportReport",
    "import_ipython_profile",
    "ipython_dir",
    "ipython_profile_dir",
    "take_over_on_first_start",
]

#: IPython's configuration files and the jovi file each becomes.
CONFIG_FILES = (
    ("ipython_config.py", "jovi_config.py"),
    ("ipython_kernel_config.py", "jovi_kernel_config.py"),
)
_STARTUP_PATTERNS = ("*.py", "*.ipy")


def ipython_dir(environ: Mapping[str, str] | None = None) -> Path:
    """IPython's directory: ``$IPYTHONDIR``, else ``~/.ipython``."""
    environ = os.environ if environ is None else environ
    explicit = environ.get("IPYTHONDIR")
    if explicit:
        return Path(explicit).expanduser()
    return Path.home() / ".ipython"


def ipython_profile_dir(name: str, environ: Mapping[str, str] | None = None) -> Path | None:
    """IPython's profile ``name``, if it exists."""
    location = ipython_dir(environ) / f"profile_{name}"
    return location if location.is_dir() else None


class ImportReport(NamedTuple):
    """What an import took over."""

    source: Path
    settings: int
    startup_files: list[str]
    extensions: list[str]
    left_out: list[str]
    """``Class.option`` of the settings jovi does not use."""
    startup_kept: list[str]
    """Startup files not copied: the jovi profile has another file of that name."""
    problems: list[str]
    """One sentence per configuration file that could not be run."""
    moved_aside: list[str]
    """jovi files moved aside (``jovi_config.py -> jovi_config.py.bak``)."""

    def is_empty(self) -> bool:
        """Whether there was nothing to take over (IPython's fresh profile, for one)."""
        return not (
            self.settings
            or self.startup_files
            or self.left_out
            or self.problems
            or self.startup_kept
        )

    def summary(self) -> str:
        """One line: what was taken over."""
        parts = [f"{self.settings} setting{'' if self.settings == 1 else 's'}"]
        count = len(self.startup_files)
        parts.append(f"{count} startup file{'' if count == 1 else 's'}")
        parts.append(
            "extensions " + ", ".join(self.extensions) if self.extensions else "no extensions"
        )
        return f"took over IPython's profile {self.source}: " + ", ".join(parts) + "."

    def notes(self) -> list[str]:
        """One line each: options left out, files kept or moved, unreadable files."""
        lines = list(self.problems)
        if self.left_out:
            lines.append(
                f"{len(self.left_out)} IPython option{'' if len(self.left_out) == 1 else 's'} "
                f"left out (no jovi equivalent, kept as comments): {', '.join(self.left_out)}."
            )
        if self.startup_kept:
            lines.append(
                "startup files not copied (the jovi profile has its own of that name): "
                + ", ".join(self.startup_kept)
                + "."
            )
        if self.moved_aside:
            lines.append("jovi's previous files moved aside: " + ", ".join(self.moved_aside) + ".")
        return lines


def _free_backup(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak{number}")
        number += 1
    return candidate


def _read_ipython_config(path: Path) -> tuple[str, object]:
    """The file's text and its settings (a Config), or its text and the problem sentence."""
    from jovi.config import load_python_config

    text = path.read_text(encoding="utf-8", errors="replace")
    base = path.parent.parent

    def profile_dir_for(name: str) -> Path:
        return base / f"profile_{name}"

    try:
        return text, load_python_config(path, profile_dir_for=profile_dir_for)
    except ConfigFileError as error:
        return text, str(error)


def _copy_startup_files(source: Path, target: Path) -> tuple[list[str], list[str]]:
    copied: list[str] = []
    kept: list[str] = []
    startup = source / "startup"
    if not startup.is_dir():
        return copied, kept
    from jovi.utils.atomic import atomic_write

    files = sorted({path for pattern in _STARTUP_PATTERNS for path in startup.glob(pattern)})
    for path in files:
        if not path.is_file():
            continue
        content = path.read_bytes()
        destination = target / path.name
        if destination.exists() and destination.read_bytes() != content:
            kept.append(path.name)
            continue
        target.mkdir(parents=True, exist_ok=True)
        atomic_write(destination, content)
        copied.append(path.name)
    return copied, kept


def import_ipython_profile(source: Path, profile: ProfileDir) -> ImportReport:
    """Make the jovi ``profile`` do what IPython's profile ``source`` does (see the module)."""
    from jovi.cli.ipython_config import commented_out, translate
    from jovi.config import Config
    from jovi.utils.atomic import atomic_write

    profile.ensure()
    settings = 0
    extensions: list[str] = []
    left_out: list[str] = []
    problems: list[str] = []
    moved: list[str] = []
    for ipython_name, jovi_name in CONFIG_FILES:
        path = source / ipython_name
        if not path.is_file():
            continue
        text, read = _read_ipython_config(path)
        if isinstance(read, Config):
            translation = translate(read, path)
            if not translation.settings and not translation.left_out:
                continue  # nothing set (IPython's generated file is all comments)
            output = translation.text
            settings += translation.settings
            left_out += translation.left_out
            extensions += [name for name in translation.extensions if name not in extensions]
        else:
            problems.append(
                f"could not use {read}; its text is kept, commented out, in {jovi_name}."
            )
            output = commented_out(path, text, str(read))
        destination = profile.location / jovi_name
        if destination.exists() and destination.read_text("utf-8", errors="replace") != output:
            backup = _free_backup(destination)
            destination.rename(backup)
            moved.append(f"{jovi_name} -> {backup.name}")
        atomic_write(destination, output)
    copied, kept = _copy_startup_files(source, profile.startup_dir)
    return ImportReport(source, settings, copied, extensions, left_out, kept, problems, moved)


def take_over_on_first_start(profile: ProfileDir, environ: Mapping[str, str]) -> None:
    """On a jovi profile's first start: take over IPython's profile of the same name, if
    there is one, and say so on standard error (one line, and one per note)."""
    source = ipython_profile_dir(profile.name, environ)
    if source is None:
        return
    try:
        report = import_ipython_profile(source, profile)
    except OSError as error:
        print(
            f"jovi: could not take over IPython's profile {source} ({error}); "
            "jovi starts without it.",
            file=sys.stderr,
        )
        return
    if report.is_empty():
        return
    print(f"jovi: {report.summary()}", file=sys.stderr)
    for note in report.notes():
        print(f"jovi: {note}", file=sys.stderr)
