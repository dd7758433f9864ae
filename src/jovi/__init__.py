"""jovi: interactive computing for Python.

Importing ``jovi`` is cheap and imports nothing outside the standard library; the
parts (shell, kernel, clients, frontends) are imported when they are used.
"""

from __future__ import annotations

from typing import Any

from jovi._version import __version__

__all__ = ["__version__", "embed", "get_ipython", "start_jovi"]


def __getattr__(name: str) -> Any:
    """``jovi.embed``, ``jovi.start_jovi`` and ``jovi.get_ipython``, imported when first used."""
    if name == "embed":
        from jovi.terminal.embed import embed

        return embed
    if name == "start_jovi":
        from jovi.cli.terminal import start_jovi

        return start_jovi
    if name == "get_ipython":
        from jovi.shell.interactiveshell import get_ipython

        return get_ipython
    raise AttributeError(f"module 'jovi' has no attribute {name!r}")
