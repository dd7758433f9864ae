"""The built-in magics of the engine, grouped by subject."""

from __future__ import annotations

from jovi.shell.magics.basic import BasicMagics
from jovi.shell.magics.config import ConfigMagics
from jovi.shell.magics.display import DisplayMagics
from jovi.shell.magics.extension import ExtensionMagics
from jovi.shell.magics.history import HistoryMagics
from jovi.shell.magics.introspection import IntrospectionMagics

__all__ = [
    "BUILTIN_MAGICS",
    "BasicMagics",
    "ConfigMagics",
    "DisplayMagics",
    "ExtensionMagics",
    "HistoryMagics",
    "IntrospectionMagics",
]

BUILTIN_MAGICS = (
    BasicMagics,
    ConfigMagics,
    DisplayMagics,
    ExtensionMagics,
    HistoryMagics,
    IntrospectionMagics,
)
