"""IPython's configuration in jovi's words: ``ipython_config.py`` as a ``jovi_config.py``.

The IPython file is run as IPython runs it (it is Python: ``c = get_config()``,
``load_subconfig``), which records each setting with its line; each setting is then
written for the jovi class that has the option, under jovi's name for the class
(``c.TerminalIPythonApp.display_banner`` becomes ``c.TerminalJoviApp.display_banner``,
``c.InteractiveShellApp.extensions`` the same list for the terminal and for the
kernel).  Settings jovi has no option for, or whose value jovi's option refuses, or
whose value is not a literal jovi can write back (a function, a pygments token), are
kept in the file as comments and listed in :attr:`Translation.left_out`.

The result is a file the user can read and edit; the IPython file is never changed.
"""

from __future__ import annotations

import ast
import importlib
from typing import TYPE_CHECKING, NamedTuple

from jovi.cli.catalogue import CONFIGURABLE_CLASSES
from jovi.config import Configurable, classes_named

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.config import Config, Setting

__all__ = ["IPYTHON_CLASSES", "Translation", "commented_out", "translate"]

#: IPython's classes whose options jovi keeps under other classes, by IPython's name.
#: Every other IPython class name is looked up among jovi's classes and their aliases.
IPYTHON_CLASSES: dict[str, tuple[str, ...]] = {
    "TerminalIPythonApp": ("TerminalJoviApp",),
    # IPython's terminal and kernel applications share these options.
    "InteractiveShellApp": ("TerminalJoviApp", "KernelApp"),
    "IPKernelApp": ("KernelApp", "Kernel"),
    "BaseIPythonApplication": ("JoviApp",),
    "ZMQInteractiveShell": ("InteractiveShell",),
    "IPCompleter": ("Completer",),
    "HistoryAccessor": ("HistoryManager",),
}


class Translation(NamedTuple):
    """A translated configuration file."""

    text: str
    """The ``jovi_config.py`` (or ``jovi_kernel_config.py``) text."""
    settings: int
    """How many settings jovi uses."""
    left_out: list[str]
    """``Class.option`` of each setting jovi does not use."""
    extensions: list[str]
    """The extensions the configuration loads, in order."""


def _jovi_classes(name: str) -> list[type[Configurable]]:
    found: list[type[Configurable]] = []
    for target in IPYTHON_CLASSES.get(name, (name,)):
        module = CONFIGURABLE_CLASSES.get(target)
        if module is None:
            continue
        importlib.import_module(module)
        found += [cls for cls in classes_named(target) if cls not in found]
    return found


def _literal(value: object) -> str | None:
    """``repr(value)`` if it reads back as the same value, else ``None``."""
    text = repr(value)
    try:
        same = ast.literal_eval(text) == value
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return text if same else None


def _targets(section: str, option: str, value: object) -> list[str]:
    """The jovi sections that take ``section.option = value`` (canonical class names)."""
    targets: list[str] = []
    for cls in _jovi_classes(section):
        declared = cls.options().get(option)
        if declared is None:
            continue
        try:
            declared.validate(value)
        except Exception:  # noqa: BLE001, S112 - any refusal means: not for jovi
            continue
        if cls.__name__ not in targets:
            targets.append(cls.__name__)
    return targets


def _where(setting: Setting) -> str:
    line = setting.origin.line
    return f"line {line}" if line else "set"


def translate(config: Config, source: Path) -> Translation:
    """``config`` (read from IPython's ``source``) as a jovi configuration file."""
    used: list[str] = []
    left: list[str] = []
    left_lines: list[str] = []
    extensions: list[str] = []
    count = 0
    in_file_order = sorted(config.settings(), key=lambda item: item[2].origin.line or 0)
    for section, option, setting in in_file_order:
        value = setting.value
        text = _literal(value)
        targets = _targets(section, option, value) if text is not None else []
        if not targets:
            left.append(f"{section}.{option}")
            shown = text if text is not None else f"<{type(value).__name__} value>"
            left_lines.append(f"# c.{section}.{option} = {shown}  ({_where(setting)})")
            continue
        count += 1
        used.append(f"# {source.name} {_where(setting)}: c.{section}.{option}")
        used += [f"c.{target}.{option} = {text}" for target in targets]
        if option == "extensions" and isinstance(value, list):
            extensions += [name for name in value if name not in extensions]
    lines = [
        "# jovi's configuration, taken over from IPython's",
        f"#   {source}",
        "# IPython's file is left as it was: edit this one for jovi.",
        "# Every option: jovi --help-all (or jovi profile create --reset for a commented file).",
        "",
        "c = get_config()  # noqa: F821",
        "",
        *used,
    ]
    if left_lines:
        lines += [
            "",
            "# Settings of the IPython file that jovi does not use (no such option in",
            "# jovi, a value jovi's option refuses, or a value that is not a literal):",
            *left_lines,
        ]
    return Translation("\n".join(lines) + "\n", count, left, extensions)


def commented_out(source: Path, text: str, problem: str) -> str:
    """A jovi configuration file keeping an unreadable IPython file's ``text`` as comments."""
    lines = [
        "# jovi could not take over IPython's configuration",
        f"#   {source}",
        f"# ({problem}).",
        "# Its text is kept below, commented out: fix it and uncomment what jovi should use.",
        "",
        "c = get_config()  # noqa: F821",
        "",
    ]
    lines += [f"# {line}".rstrip() for line in text.splitlines()]
    return "\n".join(lines) + "\n"
