"""The built-in magics of the engine, grouped by subject.

A shell offers them through :data:`jovi.shell.magics.groups.BUILTIN_GROUPS` and imports
each group on first use; the classes are also importable from here, on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.shell.magics.groups import BUILTIN_GROUPS
from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.shell.magics.aliases import AliasMagics
    from jovi.shell.magics.basic import BasicMagics
    from jovi.shell.magics.capture import CaptureMagics
    from jovi.shell.magics.code import CodeMagics
    from jovi.shell.magics.codewrap import CodeWrapMagics
    from jovi.shell.magics.config import ConfigMagics
    from jovi.shell.magics.debugging import DebuggingMagics
    from jovi.shell.magics.directories import DirectoryMagics
    from jovi.shell.magics.display import DisplayMagics
    from jovi.shell.magics.execution import ExecutionMagics
    from jovi.shell.magics.extension import ExtensionMagics
    from jovi.shell.magics.files import FileMagics
    from jovi.shell.magics.history import HistoryMagics
    from jovi.shell.magics.introspection import IntrospectionMagics
    from jovi.shell.magics.logging import LoggingMagics
    from jovi.shell.magics.namespace import NamespaceMagics
    from jovi.shell.magics.notebook import NotebookMagics
    from jovi.shell.magics.oscommands import ShellCommandMagics
    from jovi.shell.magics.packaging import PackagingMagics
    from jovi.shell.magics.paste import PasteMagics
    from jovi.shell.magics.profile import ProfileMagics
    from jovi.shell.magics.pylab import PylabMagics
    from jovi.shell.magics.script import ScriptMagics

__all__ = [
    "AliasMagics",
    "BasicMagics",
    "CaptureMagics",
    "CodeMagics",
    "CodeWrapMagics",
    "ConfigMagics",
    "DebuggingMagics",
    "DirectoryMagics",
    "DisplayMagics",
    "ExecutionMagics",
    "ExtensionMagics",
    "FileMagics",
    "HistoryMagics",
    "IntrospectionMagics",
    "LoggingMagics",
    "NamespaceMagics",
    "NotebookMagics",
    "PackagingMagics",
    "PasteMagics",
    "ProfileMagics",
    "PylabMagics",
    "ScriptMagics",
    "ShellCommandMagics",
]


__getattr__, __dir__ = lazy_exports(
    __name__, {group.class_name: group.module for group in BUILTIN_GROUPS}, globals()
)
