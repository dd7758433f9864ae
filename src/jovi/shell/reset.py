"""Forgetting: the hard ``%reset`` of the user namespace, and flushing the input history.

A hard reset deletes every variable and the output cache (``Out``, ``_N``, ``_``),
and resets the directory history to the current directory.  The shell's own names
(``In``, ``Out``, ``get_ipython``, ``exit`` ...) come back as they were, and the
input history and the prompt number are kept, so the session goes on.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["SHELL_NAMES", "flush_input_history", "reset_namespace"]

SHELL_NAMES = frozenset({"In", "_ih", "Out", "_oh", "_dh", "get_ipython", "exit", "quit"})


def _kept(name: str) -> bool:
    return name in SHELL_NAMES or (name.startswith("__") and name.endswith("__"))


def reset_namespace(shell: InteractiveShell) -> None:
    """Delete every variable and cached output; keep the shell's own names and history."""
    namespace = shell.user_ns
    kept = {name: value for name, value in namespace.items() if _kept(name)}
    namespace.clear()
    namespace.update(kept)
    namespace.update(_=None, __=None, ___=None)
    hidden = shell.user_ns_hidden
    for name in [name for name in hidden if name not in kept]:
        del hidden[name]
    shell.hide_names("_", "__", "___")
    shell.history_manager.output_hist.clear()
    shell.history_manager.output_hist_reprs.clear()
    shell.displayhook.last = [None, None, None]
    directories = shell.history_manager.dir_hist
    directories[:] = [str(Path.cwd())]
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            delattr(sys, name)
    shell.last_execution_result = None


def flush_input_history(shell: InteractiveShell) -> None:
    """Forget the inputs of this session (``In``, ``_i``, ``_iN``); the numbering goes on."""
    manager = shell.history_manager
    count = len(manager.input_hist_parsed)
    for number in range(1, max(count, shell.execution_count) + 1):
        shell.user_ns.pop(f"_i{number}", None)
    shell.user_ns.update(_i="", _ii="", _iii="")
    manager.input_hist_parsed[:] = [""] * count
    manager.input_hist_raw[:] = [""] * count
    manager._last_inputs = ["", "", "", ""]
