"""qtconsole's ``QtInProcessKernelManager``: a jovi kernel in the application's process.

The kernel is jovi's own, whole: its I/O thread serves ZeroMQ sockets bound on the
loopback interface with a fresh key, and its main executor runs user code on the
thread that starts it, the application's GUI thread, stepped by Qt's event loop
(:class:`~jovi.inprocess.qtloop.QtLoopStepper`).  So a cell reaches the application's
objects (``manager.kernel.shell.push({"app": app})``) and may touch its widgets, and the
console is an ordinary client of the kernel: ``manager.client()`` is a
:class:`~jovi.client.BlockingKernelClient` on those sockets.

As in qtconsole, a cell blocks the application while it runs (an interrupt reaches
it only when it lets Qt process events); the kernel cannot be restarted (its namespace is the application's) and ``input()`` is not available (the
console that would answer it waits on the same thread).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from jovi.errors import JoviError
from jovi.shell.cells import cell_number
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from types import FrameType

    from jovi.client.blocking import BlockingKernelClient
    from jovi.config import Config
    from jovi.inprocess.qtloop import QtLoopStepper
    from jovi.kernel.iothread import IOThread
    from jovi.kernel.kernel import Kernel
    from jovi.protocol.connection import ConnectionInfo

__all__ = ["InProcessKernelError", "QtInProcessKernelManager"]

log = get_logger("jovi.inprocess")

JOIN_TIMEOUT_S = 10.0


class InProcessKernelError(JoviError):
    """What an in-process kernel cannot do (restart, input, a second start)."""


class QtInProcessKernelManager:
    """Starts and stops a jovi kernel in this process, for consoles embedded in a Qt app.

    Args:
        config: Configuration for the kernel and its shell.
    """

    def __init__(self, config: Config | None = None) -> None:
        self._config = config
        self.kernel: Kernel | None = None
        """The kernel (``kernel.shell`` is its shell) once :meth:`start_kernel` ran."""
        self.connection_info: ConnectionInfo | None = None
        self._io: IOThread | None = None
        self._stepper: QtLoopStepper | None = None
        self._clients: list[BlockingKernelClient] = []

    @property
    def has_kernel(self) -> bool:
        """Whether a kernel was started and not shut down."""
        return self.kernel is not None

    def start_kernel(self, *, show_banner: bool = True, **options: Any) -> None:
        """Start the kernel on this thread (the GUI thread; a ``QApplication`` exists).

        ``show_banner`` is accepted for qtconsole's examples (the banner is the
        console's to show); other options are the kernel's configuration options.
        """
        if self.kernel is not None:
            raise InProcessKernelError("this manager's kernel is already started")
        from jovi.config import ConfigStack  # noqa: PLC0415 - start-up cost
        from jovi.inprocess.qtloop import QtLoopStepper  # noqa: PLC0415 - start-up cost
        from jovi.kernel.iothread import IOThread  # noqa: PLC0415 - start-up cost
        from jovi.kernel.kernel import Kernel  # noqa: PLC0415 - start-up cost
        from jovi.kernel.zmqshell import ZMQInteractiveShell  # noqa: PLC0415 - start-up cost
        from jovi.protocol import ConnectionInfo, Session  # noqa: PLC0415 - start-up cost

        io = IOThread(ConnectionInfo.new(transport="tcp", ip="127.0.0.1"))
        info = io.bind()
        stack = ConfigStack.of(self._config)
        kernel = Kernel(
            session=Session.from_connection_info(info),
            connection_info=info,
            interrupt=lambda: _interrupt_cell(kernel),
            config=stack,
            **options,
        )
        io.start(kernel.server, stall_timeout=kernel.iopub_stall_timeout)
        shell = ZMQInteractiveShell(config=stack)
        kernel.attach_shell(shell)
        self.kernel, self.connection_info, self._io = kernel, info, io
        self._stepper = QtLoopStepper(kernel)
        self._stepper.finished.connect(self._kernel_finished)

    def client(self, **options: Any) -> BlockingKernelClient:
        """A client of the kernel (``start_channels()`` connects it); its cells may not
        ask for input unless ``allow_stdin=True`` is given (a console on this thread
        could not answer)."""
        from jovi.client.blocking import BlockingKernelClient  # noqa: PLC0415 - start-up cost

        if self.connection_info is None:
            raise InProcessKernelError("start the kernel before asking for a client")
        options.setdefault("allow_stdin", False)
        client = BlockingKernelClient(self.connection_info, **options)
        self._clients.append(client)
        return client

    def is_alive(self) -> bool:
        """Whether the kernel serves."""
        return self._stepper is not None and self._stepper.running

    def interrupt(self) -> None:
        """Raise ``KeyboardInterrupt`` in the running cell (nothing when none runs); from
        the GUI thread this can happen only while the cell lets Qt process events."""
        if self.kernel is not None:
            _interrupt_cell(self.kernel)

    def interrupt_kernel(self) -> None:
        """qtconsole's name for :meth:`interrupt`."""
        self.interrupt()

    def restart(self, *, now: bool = False, **options: Any) -> None:
        """An in-process kernel cannot restart: its namespace is the application's."""
        raise InProcessKernelError("an in-process kernel cannot be restarted")

    restart_kernel = restart

    def shutdown(self, *, now: bool = False, restart: bool = False) -> None:
        """Stop the kernel: the main executor stops after the running cell, the shell
        closes, the I/O thread ends."""
        kernel, stepper = self.kernel, self._stepper
        if kernel is None or stepper is None:
            return
        if stepper.running:
            kernel.stop_without_request("the application shut it down")
            stepper.step()  # the executor sees the stop at once (this is its thread)
        self._kernel_finished()

    def shutdown_kernel(self, *, now: bool = False, restart: bool = False) -> None:
        """qtconsole's name for :meth:`shutdown`."""
        self.shutdown(now=now, restart=restart)

    def _kernel_finished(self) -> None:
        """The main executor finished (a shutdown from here or from a client)."""
        if self._io is not None:
            self._io.join(JOIN_TIMEOUT_S)
            self._io = None
        self.kernel = None
        self._stepper = None


def _interrupt_cell(kernel: Kernel) -> None:
    """``KeyboardInterrupt`` in the running cell of ``kernel``, if one runs (a signal would
    interrupt the application, not the cell)."""
    if kernel.main.running is None:
        return
    if not kernel.main.owns_current_thread():
        import _thread  # noqa: PLC0415 - rarely used

        _thread.interrupt_main()  # the GUI thread runs the cell: it raises there
        return
    # Called on the GUI thread inside the cell (the cell let Qt process events, and this
    # is a slot): raising here would end the slot, not the cell, so the cell's own frames
    # raise at their next line, once Qt hands back to them.
    cells = []
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if cell_number(frame.f_code.co_filename) is not None:
            cells.append(frame)
        frame = frame.f_back
    if not cells:
        return

    def raise_in_cell(frame: FrameType, event: str, arg: object) -> object:
        sys.settrace(None)
        for cell in cells:
            cell.f_trace = None
        raise KeyboardInterrupt

    for cell in cells:
        cell.f_trace = raise_in_cell
    sys.settrace(_no_new_frames)  # tracing on, so that the cells' f_trace are called


def _no_new_frames(frame: FrameType, event: str, arg: object) -> None:
    return None
