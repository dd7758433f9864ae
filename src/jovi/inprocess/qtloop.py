"""The kernel's main executor, stepped by Qt's event loop on the GUI thread.

An executor normally owns its thread and runs its asyncio loop forever
(:meth:`~jovi.kernel.executor.Executor.run`).  In an application, the GUI thread runs
Qt's loop instead, so :class:`QtLoopStepper` runs the executor's asyncio loop one turn
at a time from it: when the loop's selector is readable (the I/O thread handed over a
request, which writes to the loop's wake-up pipe) a :class:`QSocketNotifier` fires; when
callbacks are ready or a timer is due, a single-shot :class:`QTimer` does.  Each turn
runs with the kernel's streams in place of ``sys.stdout`` and ``sys.stderr``, so what
cells print goes to the console and what the application prints between them does not.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import asyncio

    from jovi.kernel.kernel import Kernel

__all__ = ["QtLoopStepper"]

log = get_logger("jovi.inprocess")


class QtLoopStepper(QObject):
    """Steps ``kernel``'s main executor from Qt's event loop, on the thread that makes it.

    Args:
        kernel: A kernel whose shell is attached; its main executor is served here.
        parent: The Qt parent.
    """

    finished = Signal()
    """The main executor stopped (shutdown) and the kernel finished serving."""

    def __init__(self, kernel: Kernel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kernel = kernel
        self._executor = kernel.main
        self._loop: asyncio.AbstractEventLoop | None = self._executor.open_loop(defer_wakes=False)
        self._stepping = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.step)
        fd = self._executor.selector_fd
        assert fd is not None, "the in-process kernel needs a selector with a descriptor"
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.step)
        self._timer.start(0)  # the executor's first callback serves what is queued

    @property
    def running(self) -> bool:
        """Whether the executor's loop is still stepped."""
        return self._loop is not None

    def step(self) -> None:
        """Run one turn of the executor's loop (not from inside a turn: a cell that
        processes Qt events does not run the loop again inside itself)."""
        loop = self._loop
        if loop is None or self._stepping:
            return
        self._stepping = True
        redirect = self._kernel.redirect
        redirect.start(capture_fds=False)
        try:
            loop.call_soon(loop.stop)
            loop.run_forever()
        except KeyboardInterrupt:
            self._executor.interrupted_between_requests()
        finally:
            redirect.stop()
            self._stepping = False
        if self._executor.stopped:
            self._finish()
        else:
            self._schedule(loop)

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        """Arm the timer for the loop's next ready callback or timer."""
        # asyncio has no public way to ask when a loop next has work.
        ready: Any = getattr(loop, "_ready", ())
        scheduled: Any = getattr(loop, "_scheduled", ())
        if ready:
            self._timer.start(0)
        elif scheduled:
            delay = max(0.0, scheduled[0].when() - loop.time())
            self._timer.start(int(delay * 1000) + 1)

    def _finish(self) -> None:
        self._notifier.setEnabled(False)
        self._timer.stop()
        self._loop = None
        with contextlib.suppress(Exception):
            self._executor.close_loop()
        self._kernel.finish_main()
        self.finished.emit()
