"""Making the PyData libraries find a notebook kernel when they run in jovi's.

jovi never imports IPython or ipykernel.  But libraries decide how to show things by
asking IPython (``IPython.get_ipython()``) and, for some, by names: tqdm.autonotebook
draws a widget progress bar only when ``ipykernel.zmqshell`` is imported; plotly picks
its notebook renderer only when the shell's class comes from ``ipykernel``.  So that
they get in jovi's kernel what they get in ipykernel, :func:`install` (called once by
the kernel at start) arranges three things, each doing nothing until user code
imports the module concerned:

* ``IPython.get_ipython()`` (``IPython.core.getipython``) returns jovi's kernel
  shell, a :class:`~jovi.kernel.zmqshell.ZMQInteractiveShell`, unless a real IPython
  shell runs in the process (the shell's bridge, :mod:`jovi.shell.ipython_shell`,
  which also lets IPython's ``Magics`` and extensions run on it);
* ``sys.modules["ipykernel.zmqshell"]`` is a small module holding jovi's
  ``ZMQInteractiveShell``, unless the real one was imported (jovi's kernel replaces
  ipykernel: nothing in it needs the real one);
* ``tqdm.autonotebook`` (behind ``tqdm.auto``) picks its widget progress bar: it looks
  for an imported IPython, which ipykernel always has and jovi's kernel has only once
  a library imports it; when it chose the console bar, the notebook one is put in its
  place (if ipywidgets can be imported, as tqdm itself requires);
* ``pdb.set_trace()`` (and so ``breakpoint()``) stops in jovi's interruptible
  debugger: Ctrl-C at its prompt ends debugging and interrupts the cell, as in
  ipykernel (plain pdb would ask for input again and again, while the frontend waits
  for the cell to end).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

from jovi.shell.ipython_shell import GETIPYTHON_MODULE, bridge_get_ipython
from jovi.utils.postimport import when_imported

if TYPE_CHECKING:
    from jovi.kernel.zmqshell import ZMQInteractiveShell

__all__ = ["ZMQSHELL_MODULE", "install"]

ZMQSHELL_MODULE = "ipykernel.zmqshell"
_MARK = "_jovi_bridged"


def install(shell: ZMQInteractiveShell) -> None:
    """Make IPython's ``get_ipython``, ``ipykernel.zmqshell`` and ``pdb`` answer for ``shell``."""
    when_imported(GETIPYTHON_MODULE, lambda module: bridge_get_ipython(module, lambda: shell))
    if ZMQSHELL_MODULE not in sys.modules:
        standin = types.ModuleType(
            ZMQSHELL_MODULE, "jovi's kernel shell, standing in for ipykernel's (see jovi docs)."
        )
        standin.ZMQInteractiveShell = type(shell)  # type: ignore[attr-defined]
        sys.modules[ZMQSHELL_MODULE] = standin
    when_imported("pdb", lambda module: _interruptible_pdb(module, shell))
    when_imported("tqdm.autonotebook", _tqdm_notebook_mode)


def _interruptible_pdb(module: types.ModuleType, shell: ZMQInteractiveShell) -> None:
    if getattr(module, _MARK, False):
        return

    def set_trace(*, header: str | None = None) -> None:
        """Stop in jovi's debugger at the caller (Ctrl-C at its prompt ends it)."""
        # Imported here: jovi's debugger imports pdb, which may be loading now.
        from jovi.shell.debugger import InterruptibleDebugger  # noqa: PLC0415 - start-up cost

        debugger = InterruptibleDebugger(shell)
        if header is not None:
            debugger.message(header)
        debugger.set_trace(sys._getframe().f_back)

    module.set_trace = set_trace  # type: ignore[attr-defined]
    setattr(module, _MARK, True)


def _tqdm_notebook_mode(module: types.ModuleType) -> None:
    std = sys.modules.get("tqdm.std")
    if std is None or getattr(module, "tqdm", None) is not getattr(std, "tqdm", None):
        return  # it chose the notebook bar itself
    try:
        from tqdm import notebook  # type: ignore[import-untyped]  # noqa: PLC0415 - optional dependency
    except Exception:  # noqa: BLE001 - no ipywidgets: the console bar is right
        return
    if getattr(notebook, "IProgress", None) is None:
        return
    module.tqdm = notebook.tqdm  # type: ignore[attr-defined]
    module.trange = notebook.trange  # type: ignore[attr-defined]
