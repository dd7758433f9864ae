"""The built-in magics of the engine, grouped by subject."""

from __future__ import annotations

from jovi.shell.magics.aliases import AliasMagics
from jovi.shell.magics.basic import BasicMagics
from jovi.shell.magics.capture import CaptureMagics
from jovi.shell.magics.code import CodeMagics
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
from jovi.shell.magics.oscommands import ShellCommandMagics
from jovi.shell.magics.paste import PasteMagics
from jovi.shell.magics.profile import ProfileMagics
from jovi.shell.magics.script import ScriptMagics

__all__ = [
    "BUILTIN_MAGICS",
    "AliasMagics",
    "BasicMagics",
    "CaptureMagics",
    "CodeMagics",
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
    "PasteMagics",
    "ProfileMagics",
    "ScriptMagics",
    "ShellCommandMagics",
]

BUILTIN_MAGICS = (
    BasicMagics,
    ConfigMagics,
    DisplayMagics,
    ExtensionMagics,
    HistoryMagics,
    IntrospectionMagics,
    ExecutionMagics,
    DebuggingMagics,
    CodeMagics,
    PasteMagics,
    NamespaceMagics,
    LoggingMagics,
    AliasMagics,
    CaptureMagics,
    DirectoryMagics,
    FileMagics,
    ProfileMagics,
    ScriptMagics,
    ShellCommandMagics,
)
