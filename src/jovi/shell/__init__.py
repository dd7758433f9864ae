"""Layer 2: the interactive engine shared by the terminal shell and the kernel.

Usage::

    from jovi.shell import InteractiveShell

    sh = InteractiveShell()
    sh.run_cell("x = 1")

Each name below is imported from its module on first use: ``import jovi.shell``
alone loads none of the engine (start-up cost is a promise, see
``docs/architecture.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.shell.execution import ExecutionInfo, ExecutionResult
    from jovi.shell.interactiveshell import InteractiveShell, get_ipython
    from jovi.shell.output import ShellOutput, StreamOutput

__all__ = [
    "ExecutionInfo",
    "ExecutionResult",
    "InteractiveShell",
    "ShellOutput",
    "StreamOutput",
    "get_ipython",
]

_HOMES = {
    "ExecutionInfo": "jovi.shell.execution",
    "ExecutionResult": "jovi.shell.execution",
    "InteractiveShell": "jovi.shell.interactiveshell",
    "ShellOutput": "jovi.shell.output",
    "StreamOutput": "jovi.shell.output",
    "get_ipython": "jovi.shell.interactiveshell",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
