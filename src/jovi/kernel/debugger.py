"""The kernel's debugger, as the kernel holds it: cheap at start-up, loaded on first use.

A kernel whose Python has debugpy (the extra ``debug``) has a :class:`Debugger` from
its start, because two things cannot wait for the first debug request:
``kernel_info`` says there is a debugger, and every cell is compiled under the name a
frontend computes for it (:mod:`~jovi.kernel.debugcells`), so that a breakpoint set
later in a function defined earlier stops it.  Everything else, the DAP relay to
debugpy and the requests the kernel answers itself, is the
:class:`~jovi.kernel.debugsession.DebugSession` that the first debug request loads.
Without debugpy the kernel has no debugger (:func:`new_debugger` gives None).
"""

from __future__ import annotations

import importlib.util
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.debugcells import CellFiles
    from jovi.kernel.debugsession import DebugSession
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["Debugger", "debugpy_available", "new_debugger"]


def debugpy_available() -> bool:
    """Whether debugpy can be imported (without importing it)."""
    return importlib.util.find_spec("debugpy") is not None


def new_debugger(publish: Callable[[dict[str, Any]], None]) -> Debugger | None:
    """The kernel's debugger, publishing its events with ``publish``; None without debugpy."""
    return Debugger(publish) if debugpy_available() else None


class Debugger:
    """What the kernel holds when it can debug (see the module's docstring).

    Args:
        publish: Publishes a DAP event as a ``debug_event`` (any thread).
        cells: Where cells are written as files (by default a directory per process).
    """

    def __init__(
        self, publish: Callable[[dict[str, Any]], None], cells: CellFiles | None = None
    ) -> None:
        self._publish = publish
        self._cells = cells
        self.shell: InteractiveShell | None = None
        self._session: DebugSession | None = None
        self._lock = threading.Lock()

    @property
    def cells(self) -> CellFiles:
        """Where cells are written as files, and how they are named."""
        if self._cells is None:
            from jovi.kernel.debugcells import CellFiles  # noqa: PLC0415 - after kernel_info

            self._cells = CellFiles()
        return self._cells

    def attach_shell(self, shell: InteractiveShell) -> None:
        """Debug ``shell``'s cells: it names them as frontends expect, from now on."""
        self.shell = shell
        shell.cell_namer = self.cells.name_cell
        shell.events.register("pre_execute", self._before_cell)
        session = self._session
        if session is not None:
            session.shell = shell

    def _before_cell(self) -> None:
        session = self._session
        if session is not None:
            session.before_cell()

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """The DAP response to ``request`` (the first one loads the session)."""
        return self._the_session().handle(request)

    def _the_session(self) -> DebugSession:
        with self._lock:
            if self._session is None:
                from jovi.kernel.debugsession import DebugSession  # noqa: PLC0415 - start-up cost

                self._session = DebugSession(self._publish, self.cells, self.shell)
            return self._session

    def close(self) -> None:
        """End the debug session, if any, and remove the cell files (the kernel ends)."""
        session = self._session
        if session is not None:
            session.close()
        if self._cells is not None:
            self._cells.remove()
