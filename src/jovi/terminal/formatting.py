"""``autoformatter``: complete input is reformatted when Enter runs it.

``TerminalInteractiveShell.autoformatter`` names the formatter: ``black`` or ``yapf``
(as in IPython 9), ``ruff`` (``ruff format``, run as a program), or any function
taking and returning source text, given as ``package.module.function``.  Input that
a formatter rejects (a magic, ``!ls``, a syntax error) runs unchanged; a formatter
that cannot be loaded is reported once, in one line, and the input runs unchanged.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FORMATTERS", "formatter_for"]

FORMATTERS = ("black", "yapf", "ruff")
"""The formatters known by name; any other name is a ``module.function``."""

_loaded: dict[str, Callable[[str], str] | None] = {}


def _black() -> Callable[[str], str]:
    black: Any = importlib.import_module("black")
    mode = black.Mode()
    return lambda text: str(black.format_str(text, mode=mode))


def _yapf() -> Callable[[str], str]:
    api: Any = importlib.import_module("yapf.yapflib.yapf_api")
    return lambda text: str(api.FormatCode(text)[0])


def _ruff() -> Callable[[str], str]:
    beside_python = Path(sys.executable).parent / "ruff"
    program = str(beside_python) if beside_python.exists() else shutil.which("ruff")
    if program is None:
        raise ImportError("the ruff program is not installed")

    def run(text: str) -> str:
        result = subprocess.run(  # noqa: S603 - the user's chosen formatter
            [program, "format", "--quiet", "-"],
            input=text,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return result.stdout

    return run


def _function(path: str) -> Callable[[str], str]:
    module_name, _, name = path.replace(":", ".").rpartition(".")
    if not module_name:
        raise ImportError(f"{path!r} is neither {', '.join(FORMATTERS)} nor module.function")
    function = getattr(importlib.import_module(module_name), name)
    if not callable(function):
        raise ImportError(f"{path} is not a function")
    return function  # type: ignore[no-any-return]


def _load(name: str) -> Callable[[str], str]:
    loaders = {"black": _black, "yapf": _yapf, "ruff": _ruff}
    load = loaders.get(name)
    raw = load() if load is not None else _function(name)

    def reformat(text: str) -> str:
        try:
            formatted = raw(text)
        except Exception:  # noqa: BLE001 - what the formatter rejects runs as typed
            return text
        return formatted.rstrip("\n") if isinstance(formatted, str) and formatted.strip() else text

    return reformat


def formatter_for(name: str, warn: Callable[[str], object]) -> Callable[[str], str] | None:
    """The formatter called ``name`` (None if it cannot be loaded, said once)."""
    if name not in _loaded:
        try:
            _loaded[name] = _load(name)
        except Exception as error:  # noqa: BLE001 - a missing formatter is one line
            warn(
                f"jovi: the autoformatter {name!r} cannot be used ({error}); input runs as typed.\n"
            )
            _loaded[name] = None
    return _loaded[name]
