"""``jovi kernel``: run jovi's Jupyter kernel.

``jovi kernel -f FILE`` is how a kernelspec starts it: FILE holds the ports and key
(written by the client, or by the kernel when FILE does not exist yet).  ``jovi
kernel`` alone writes ``kernel-<pid>.json`` in the Jupyter runtime directory and says
how to connect to it; the file is removed when the kernel exits.

Start-up is ordered for speed: the sockets are bound first (clients connect and
queue requests while the kernel imports the rest of itself), the I/O thread then
answers ``kernel_info`` while the shell is still being built on the main thread, and
requests that need the shell wait in the queue until it is ready.

SIGTERM shuts the kernel down as a shutdown request would (running code is
interrupted, the grace period applies), so the files it wrote are removed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_OK, JoviApp, working_directory_first_on_path
from jovi.config import Alias, Bool, Enum, Flag, Int, List, Str

if TYPE_CHECKING:
    from jovi.kernel import Kernel
    from jovi.kernel.iothread import IOThread
    from jovi.kernel.replay import RestartGuard
    from jovi.kernel.zmqshell import ZMQInteractiveShell
    from jovi.protocol import ConnectionInfo
    from jovi.transport.zmq.curve import CurveKeys

__all__ = ["KernelApp"]


class KernelApp(JoviApp):
    """``jovi kernel``: a Jupyter kernel running jovi's shell."""

    command: ClassVar[str] = "jovi kernel"
    summary: ClassVar[str] = "run a Jupyter kernel for Python (for notebooks and consoles)."
    usage: ClassVar[tuple[str, ...]] = ("[-f CONNECTION_FILE] [options]",)
    description: ClassVar[str] = (
        "Without -f, the kernel writes kernel-<pid>.json in the Jupyter runtime\n"
        "directory and prints how to connect a console to it."
    )
    config_name: ClassVar[str | None] = "kernel"
    # ipykernel's application: IPython's config reads ``IPKernelApp.connection_file``.
    config_aliases = ("IPKernelApp",)
    creates_profile: ClassVar[bool] = True
    watches_heartbeat: ClassVar[bool] = False
    """Whether the heartbeat keeps when it last beat (an engine watches its controller)."""
    io_thread: IOThread | None = None
    """The thread serving the kernel's sockets (set by :meth:`start`)."""
    # Launchers may append arguments meant for themselves (`jupyter run --kernel=jovi
    # script.py` adds the script's name); like ipykernel, the kernel ignores them.
    max_positionals: ClassVar[int | None] = None

    connection_file = Str(
        "", help="The connection file (ports and key); written by the kernel if it does not exist."
    )
    ip = Str("127.0.0.1", help="The address to listen on (loopback by default).")
    transport = Enum(("tcp", "ipc"), "tcp", help="The ZeroMQ transport: tcp or ipc.")
    shell_port = Int(0, min=0, max=65535, help="The shell port (0: chosen by the system).")
    iopub_port = Int(0, min=0, max=65535, help="The IOPub port (0: chosen by the system).")
    stdin_port = Int(0, min=0, max=65535, help="The stdin port (0: chosen by the system).")
    control_port = Int(0, min=0, max=65535, help="The control port (0: chosen by the system).")
    hb_port = Int(0, min=0, max=65535, help="The heartbeat port (0: chosen by the system).")
    iopub_welcome = Bool(
        True,
        help="Welcome each IOPub subscriber with iopub_welcome (protocol 5.5, an XPUB socket).",
    )
    extensions = List(str, help="Extensions to load at start-up.")
    exec_lines = List(str, help="Lines of code run at start-up, after the startup files.")
    matplotlib = Str(
        "", help="Set up matplotlib at start-up: inline or agg (figures are inline by default)."
    )

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("f", "KernelApp.connection_file", "The connection file to use.", "FILE"),
        Alias("ip", "KernelApp.ip", "The address to listen on.", "ADDRESS"),
        Alias("transport", "KernelApp.transport", "tcp or ipc.", "TRANSPORT"),
        Alias("matplotlib", "KernelApp.matplotlib", "Set up matplotlib: inline or agg.", "BACKEND"),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "no-capture-fd",
            {"Kernel": {"capture_fd_output": False}},
            "Do not capture output written to file descriptors 1 and 2.",
        ),
    )

    def start(self) -> int:
        from jovi.kernel.iothread import IOThread

        working_directory_first_on_path()

        # Installed before the connection file exists: a SIGTERM from the moment a
        # client can know the kernel shuts it down cleanly, never kills it outright.
        sigterm = _SigtermShutdown()
        info, path, existed = self._connection()
        if not info.key:
            print(
                "jovi kernel: warning: the connection file has no key, so messages are not "
                "signed: anyone who can reach the kernel's ports can run code in it.",
                file=sys.stderr,
                flush=True,
            )
        io_thread = self.io_thread = IOThread(
            info,
            iopub="xpub" if self.iopub_welcome else "pub",
            curve=self._curve_keys(),
            watched_heartbeat=self.watches_heartbeat,
        )
        requested = info
        info = io_thread.bind()
        if not existed or not requested.all_ports_chosen:
            from jovi.client.connection_file import write_connection_file

            write_connection_file(path, info)
        # Clients may connect from here on; their first requests wait in the sockets
        # while the kernel imports and builds the rest of itself.
        from jovi.protocol import Session, Status

        kernel = self._kernel_class()(
            session=Session.from_connection_info(info),
            connection_info=info,
            connection_file=str(path),
            config=self.config,
        )
        kernel.server.publish(Status(execution_state="starting"), None)
        wrote = not existed
        guard = _restart_guard(path, info) if existed else None
        kernel.server.restart_guard = guard

        def exit_if_stuck() -> None:
            if not kernel.main_done:  # a forced shutdown while user code still runs
                if wrote:
                    _remove(path)
                os._exit(0)

        io_thread.start(
            kernel.server, on_stopped=exit_if_stuck, stall_timeout=kernel.iopub_stall_timeout
        )
        kernel.gate.install()
        sigterm.attach(kernel)
        if not self.connection_file:
            _announce(path)
        self._serving(kernel)
        shell = self._shell()
        try:
            self._serve(kernel, shell)
        finally:
            kernel.redirect.stop()
            kernel.gate.uninstall()
            sigterm.uninstall()
            io_thread.join(10)
            if kernel.server.refused:
                print(
                    f"jovi kernel: {kernel.server.refused} invalid message(s) were dropped "
                    f"({kernel.server.refusal_log.summary()})",
                    file=sys.stderr,
                )
            if wrote:
                _remove(path)
            if guard is not None:
                if kernel.restarting:
                    guard.file.close()  # the restarted kernel reads it
                else:
                    guard.file.remove()
        return EXIT_OK

    def _serving(self, kernel: Kernel) -> None:
        """Called once the kernel's sockets answer, before its shell is built (an engine
        registers with its controller here)."""

    def _curve_keys(self) -> CurveKeys | None:
        """Curve server keys for the kernel's sockets (called after :meth:`_connection`;
        a parallel engine of a cluster with Curve on has them)."""
        return None

    def _kernel_class(self) -> type[Kernel]:
        """The class of the kernel served (an engine serves a subclass)."""
        from jovi.kernel.kernel import Kernel

        return Kernel

    def _connection(self) -> tuple[ConnectionInfo, Path, bool]:
        """The connection info, the file it comes from or goes to, whether it exists."""
        from jovi.client.connection_file import read_connection_file
        from jovi.protocol import ConnectionInfo
        from jovi.utils.paths import jupyter_runtime_dir

        if self.connection_file:
            path = Path(self.connection_file).expanduser()
            if not path.exists() and path.parent == Path():
                path = jupyter_runtime_dir() / path  # a bare name lives in the runtime dir
            if path.exists():
                return read_connection_file(path), path.resolve(), True
        else:
            path = jupyter_runtime_dir() / f"kernel-{os.getpid()}.json"
        info = ConnectionInfo.new(
            transport=self.transport,
            ip=self.ip,
            shell_port=self.shell_port,
            iopub_port=self.iopub_port,
            stdin_port=self.stdin_port,
            control_port=self.control_port,
            hb_port=self.hb_port,
        )
        return info, path.absolute(), False

    def _shell(self) -> ZMQInteractiveShell:
        from jovi.kernel.inline import BACKEND
        from jovi.kernel.zmqshell import ZMQInteractiveShell

        # Figures made with pyplot appear inline without %matplotlib (as in ipykernel).
        os.environ.setdefault("MPLBACKEND", BACKEND)
        assert self.profile_dir is not None
        shell = ZMQInteractiveShell(config=self.config, profile_dir=self.profile_dir.location)
        ZMQInteractiveShell.register_instance(shell)
        return shell

    def _serve(self, kernel: Kernel, shell: ZMQInteractiveShell) -> None:
        from jovi.display import host
        from jovi.kernel import ipykernel_standin, ipython_compat
        from jovi.kernel.comms import register_with_comm_package
        from jovi.kernel.lifetime import ParentWatch

        kernel.attach_shell(shell)
        ipython_compat.install(shell)
        ipykernel_standin.install()
        kernel.redirect.start(capture_fds=kernel.capture_fd_output)
        host.set_host(shell)
        register_with_comm_package(kernel.comm_manager)
        parent = _parent_pid()
        if parent is not None:
            kernel.parent_watch = ParentWatch(
                parent, lambda: kernel.stop_without_request("its parent process ended")
            )
            kernel.parent_watch.start()
        self._run_startup(shell)
        try:
            kernel.run()
        finally:
            shell.close()

    def _run_startup(self, shell: ZMQInteractiveShell) -> None:
        """Extensions, startup files, exec_lines, matplotlib: errors become one line each."""
        assert self.profile_dir is not None
        steps: list[tuple[str, str]] = []
        if self.matplotlib:
            steps.append((f"--matplotlib {self.matplotlib}", f"%matplotlib {self.matplotlib}"))
        steps += [
            (f"loading the extension {name}", f"%load_ext {name}") for name in self.extensions
        ]
        startup_dir = self.profile_dir.startup_dir
        if startup_dir.is_dir():
            for path in sorted(startup_dir.glob("*.py")) + sorted(startup_dir.glob("*.ipy")):
                with contextlib.suppress(OSError):
                    steps.append((f"the start-up file {path.name}", path.read_text("utf-8")))
        steps += [(f"exec_lines entry {line!r}", line) for line in self.exec_lines]
        for what, code in steps:
            result = shell.run_cell(code, store_history=False, silent=True)
            if not result.success:
                error = result.error_before_exec or result.error_in_exec
                print(f"jovi: {what} failed: {type(error).__name__}: {error}", file=sys.stderr)


def _parent_pid() -> int | None:
    value = os.environ.get("JPY_PARENT_PID", "")
    try:
        pid = int(value)
    except ValueError:
        return None
    return pid if pid > 1 else None


def _announce(path: Path) -> None:
    print(
        f"jovi kernel {os.getpid()} is running; its connection file is {path}\n"
        "Connect a console to it with:\n"
        f"    jovi console --existing {path.name}\n"
        f"    (or: jupyter console --existing {path.name})\n"
        f"Stop it from a client (exit, shutdown) or with: kill {os.getpid()}",
        flush=True,
    )


class _SigtermShutdown:
    """SIGTERM shuts the kernel down as a shutdown request would, whenever it comes.

    The handler only notes the signal and asks the I/O thread's loop to act (it takes
    no lock, so it cannot wait on the thread it interrupted).  A signal that comes
    before the kernel exists, or before its loop runs, is acted on when the loop starts.
    """

    def __init__(self) -> None:
        self._received = False
        self._acted = False  # read and written on the I/O thread only
        self._kernel: Kernel | None = None
        self._previous = signal.signal(signal.SIGTERM, self._handle)

    def attach(self, kernel: Kernel) -> None:
        """Act through ``kernel`` from now on, and on a signal already received; also
        when the interrupt gate's watch sees a SIGTERM (another thread may have taken
        it, and the main thread, which runs this handler, may sleep for long)."""
        self._kernel = kernel
        kernel.gate.on_terminate = self._seen_by_watch
        kernel.server.call_soon(self._act)  # made when the loop runs, if not yet

    def _seen_by_watch(self) -> None:
        self._received = True
        kernel = self._kernel
        if kernel is not None:
            kernel.server.call_soon(self._act)

    def uninstall(self) -> None:
        signal.signal(signal.SIGTERM, self._previous)

    def _handle(self, signum: int, frame: object) -> None:
        self._received = True  # first: the loop may be starting this very moment
        kernel = self._kernel
        if kernel is not None:
            kernel.server.call_from_signal_handler(self._act)

    def _act(self) -> None:
        """Shut down, interrupting running code (on the I/O thread, at most once)."""
        from jovi.kernel.lifetime import interrupt_main_thread

        kernel = self._kernel
        if not self._received or self._acted or kernel is None:
            return
        self._acted = True
        kernel.stop_without_request("it was sent SIGTERM")
        if kernel.lifecycle.main_running:
            interrupt_main_thread()


def _restart_guard(path: Path, info: ConnectionInfo) -> RestartGuard:
    """Replay protection across restarts, kept beside the connection file."""
    from jovi.kernel.replay import ReplayFile, RestartGuard

    return RestartGuard(ReplayFile(path.with_name(path.name + ".replay"), info.key.encode()))


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
