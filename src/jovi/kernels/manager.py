"""The kernel manager: start a kernel, know it lives, interrupt, restart and stop it.

Usage (jupyter_client's names; jupyter_kernel_mgmt's short ones work too)::

    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd="/tmp")
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=30)
    ...
    manager.interrupt_kernel()           # a signal, or a message if the spec asks
    manager.restart_kernel()             # same ports (newports=True for new ones)
    manager.shutdown_kernel()            # request, wait, SIGTERM, SIGKILL

Stopping follows jupyter_client: a stop request on the control channel, then up to
half of ``shutdown_wait_time`` for the kernel to leave, then SIGTERM to its process
group, then the other half, then SIGKILL; the connection file and ipc sockets are
removed and the ports released.  A kernel that ends before it ever answered (another
program took one of its ports in the moment before it bound them) is started again
on new ports, up to ``launch_retries`` times.

With ``autorestart``, a :class:`~jovi.kernels.restarter.KernelRestarter` watches the
kernel and starts it again when it dies.

The manager numbers its kernel processes (:attr:`KernelManager.generation`) and
records how each ended, once: a client waiting for an answer asks how the generation
it began with ended, so it learns of a death even when the restarter has already
started another process (:mod:`jovi.kernels.generations`).
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING, Any, Self

from jovi.config import Bool, Configurable, Enum, Float, Int, Str
from jovi.errors import KernelDied
from jovi.kernels.generations import KernelGenerations
from jovi.kernels.launcher import SubprocessLauncher
from jovi.kernels.process import describe_exit
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType

    from jovi.client import AsyncKernelClient, BlockingKernelClient
    from jovi.kernels.finder import KernelFinder
    from jovi.kernels.ports import PortReservation
    from jovi.kernels.process import KernelProcess
    from jovi.kernels.restarter import KernelRestarter
    from jovi.protocol import ConnectionInfo, KernelSpec

__all__ = ["KernelManager"]

log = get_logger("jovi.kernels")

_DEFAULT_READY_TIMEOUT = 60.0


class KernelManager(Configurable):
    """Starts and watches one kernel process on this machine.

    Args:
        kernel_name: The kernel to start: a kernelspec name (``python3``), or a full
            kernel type (``spec/python3``, ``pyimport/jovi``).  Default: ``jovi``.
        kernel_spec: Start this kernelspec instead of looking ``kernel_name`` up.
        finder: Where names are looked up (jovi's providers by default).
        kernel_id: The id naming the connection file (a fresh UUID by default).
        cwd: The kernel's working directory.
        env: Variables added to the kernel's environment.
        extra_arguments: Arguments added to the kernel's command.
        connection_file: Where to write the connection file (default:
            ``kernel-<id>.json`` in the runtime dir).
        config: Configuration (``c.KernelManager.shutdown_wait_time = 2`` ...).
    """

    config_aliases = ("AsyncKernelManager", "IOLoopKernelManager")

    transport = Enum(("tcp", "ipc"), "tcp", help="The ZeroMQ transport of the kernel: tcp or ipc.")
    ip = Str("127.0.0.1", help="The address the kernel listens on (loopback by default).")
    shutdown_wait_time = Float(
        5.0,
        min=0.0,
        help="Seconds a kernel gets to stop after a shutdown request (half before SIGTERM, "
        "half before SIGKILL).",
    )
    autorestart = Bool(False, help="Start the kernel again, automatically, when it dies.")
    launch_retries = Int(
        2,
        min=0,
        help="How many times a kernel that ends before it ever answered is started again "
        "on new ports.",
    )

    def __init__(
        self,
        kernel_name: str = "",
        *,
        kernel_spec: KernelSpec | None = None,
        finder: KernelFinder | None = None,
        kernel_id: str | None = None,
        cwd: str | os.PathLike[str] | None = None,
        env: dict[str, str] | None = None,
        extra_arguments: Sequence[str] = (),
        connection_file: str | os.PathLike[str] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.kernel_name = kernel_name or (kernel_spec.name if kernel_spec else "") or "jovi"
        self._spec = kernel_spec
        self._finder = finder
        self._launch_options: dict[str, Any] = {
            "kernel_id": kernel_id,
            "cwd": cwd,
            "extra_env": env,
            "extra_arguments": list(extra_arguments),
            "connection_file": connection_file,
        }
        self._launcher: SubprocessLauncher | None = None
        self._process: KernelProcess | None = None
        self._info: ConnectionInfo | None = None
        self._control: BlockingKernelClient | None = None
        self._lock = threading.RLock()
        self._probing = False
        self._generations = KernelGenerations()
        self.ready = False
        """Whether the kernel answered since it was (re)started."""
        self.ever_ready = False
        """Whether the kernel ever answered since :meth:`start_kernel`."""
        self.restarter: KernelRestarter | None = None

    # ------------------------------------------------------------------ what it manages

    @property
    def kernel_spec(self) -> KernelSpec:
        """The kernelspec started (looked up on first use).

        Raises:
            NoSuchKernel: no kernel has :attr:`kernel_name`.
        """
        if self._spec is None:
            from jovi.kernels.finder import KernelFinder  # noqa: PLC0415 - start-up cost

            finder = self._finder or KernelFinder(load_entry_points=True)
            self._spec = finder.kernel_spec(self.kernel_name)
        return self._spec

    @property
    def has_kernel(self) -> bool:
        """Whether a kernel was started (it may have died since)."""
        return self._process is not None

    @property
    def kernel_id(self) -> str:
        """The kernel's id (names its connection file)."""
        launcher = self._launcher
        if launcher is not None:
            return launcher.kernel_id
        return str(self._launch_options["kernel_id"] or "")

    @property
    def connection_info(self) -> ConnectionInfo:
        """Where the kernel listens, and its key.

        Raises:
            RuntimeError: no kernel was started.
        """
        if self._info is None:
            raise RuntimeError("no kernel was started; call start_kernel() first")
        return self._info

    @property
    def connection_file(self) -> str:
        """The path of the kernel's connection file."""
        if self._launcher is None:
            return ""
        return os.fspath(self._launcher.connection_file)

    @property
    def process(self) -> KernelProcess | None:
        """The kernel's process, once started."""
        return self._process

    @property
    def interrupt_mode(self) -> str:
        """``"signal"`` or ``"message"``, as the kernelspec says."""
        return self.kernel_spec.interrupt_mode

    # ------------------------------------------------------------------ starting

    def start_kernel(self, **launch_params: Any) -> None:
        """Start the kernel; return at once (see :meth:`wait_for_ready`).

        Args:
            launch_params: ``extra_arguments``, ``env``, ``cwd`` (override the
                constructor's).

        Raises:
            NoSuchKernel: no kernel has :attr:`kernel_name`.
            KernelSpecError: its ``kernel.json`` cannot be used.
            KernelLaunchError: its command cannot be run.
            RuntimeError: a kernel is already running.
        """
        with self._lock:
            if self._process is not None and self._process.is_alive():
                raise RuntimeError(f"the kernel {self.kernel_id} is already running")
            options = dict(self._launch_options)
            if "env" in launch_params:
                options["extra_env"] = launch_params.pop("env")
            options.update(launch_params)
            self._launcher = SubprocessLauncher(
                self.kernel_spec, transport=self.transport, ip=self.ip, **options
            )
            self._launch_options["kernel_id"] = self._launcher.kernel_id
            self._launch(None)
            self.ever_ready = False
        if self.autorestart:
            self.start_restarter()

    def _launch(self, info: ConnectionInfo | None, key: str | None = None) -> None:
        assert self._launcher is not None
        if self._process is not None:  # its end, unless someone recorded it already
            self._generations.ended(self.death_notice())
        self._info, self._process = self._launcher.launch(info, key=key)
        self._generations.started()
        self.ready = False
        if self._control is not None:
            self._control.close()
            self._control = None

    def client(self, **options: Any) -> BlockingKernelClient:
        """A blocking client of the kernel (channels not started yet)."""
        from jovi.client import BlockingKernelClient  # noqa: PLC0415 - start-up cost

        return BlockingKernelClient(self.connection_info, manager=self, **options)

    def async_client(self, **options: Any) -> AsyncKernelClient:
        """An asyncio client of the kernel (channels not started yet)."""
        from jovi.client import AsyncKernelClient  # noqa: PLC0415 - start-up cost

        return AsyncKernelClient(self.connection_info, manager=self, **options)

    def wait_for_ready(self, timeout: float | None = _DEFAULT_READY_TIMEOUT) -> None:
        """Wait until the kernel answers ``kernel_info``.

        A kernel that ends before it ever answered is started again on new ports (up
        to :attr:`launch_retries` times).

        Raises:
            KernelDied: it ended (again) before answering.
            KernelTimeout: it did not answer within ``timeout`` seconds.
        """
        if self._probing:
            return  # called back by the probe's own client
        deadline = None if timeout is None else time.monotonic() + timeout
        retries = self.launch_retries
        while True:
            if self.ready and self.is_alive():
                return
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                self._probe(left)
            except KernelDied:
                if self.ever_ready or retries <= 0 or self.transport != "tcp":
                    raise
                retries -= 1
                log.warning("%s; starting it again on new ports", self.death_notice())
                with self._lock:
                    if self._process is not None:
                        self._process.kill(0)
                    key = self._info.key if self._info is not None else None
                    self._cleanup_process(release_ports=True)
                    self._launch(None, key=key)
                continue
            with self._lock:
                self.ready = self.ever_ready = True
            return

    def _probe(self, timeout: float | None) -> None:
        from jovi.client import BlockingKernelClient  # noqa: PLC0415 - start-up cost

        probe = BlockingKernelClient(self.connection_info, manager=self)
        probe.start_channels(stdin=False, hb=False, control=False)
        self._probing = True
        try:
            probe.wait_for_ready(timeout)
        finally:
            self._probing = False
            probe.close()

    # ------------------------------------------------------------------ liveness

    def is_alive(self) -> bool:
        """Whether the kernel's process runs."""
        process = self._process
        return process is not None and process.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the kernel to end; whether it still runs."""
        process = self._process
        if process is None:
            return False
        return process.wait(timeout) is None

    def death_notice(self, process: KernelProcess | None = None) -> str:
        """One sentence: which kernel ended, and how (``process``, or the process of now)."""
        process = self._process if process is None else process
        if process is None:
            return f"the kernel {self.kernel_name!r} was not started"
        return self.notice(describe_exit(process.exit_code), process)

    def notice(self, what: str, process: KernelProcess | None = None) -> str:
        """One sentence about the kernel's process (``process``, or the process of now):
        ``the kernel 'python3' (pid 4242)`` followed by ``what`` (``"stopped answering
        its heartbeat"``)."""
        process = self._process if process is None else process
        pid = "" if process is None else f" (pid {process.pid})"
        return f"the kernel {self.kernel_name!r}{pid} {what}"

    @property
    def generation(self) -> int:
        """Which of this manager's kernel processes runs now: 0 for the first, one more
        after each end (a death, a restart, a shutdown); it never goes back."""
        return self._generations.current

    def watched(self) -> tuple[int, KernelProcess | None]:
        """The generation of now and its process (None when none runs), read together:
        a restart under way is waited for, since between its two steps the generation
        has moved on and the process has not (the restarter took the old, dead process
        for the new generation, then recorded the new one's death)."""
        with self._lock:
            running = self._generations.running
            return self._generations.current, self._process if running else None

    def record_death(self, generation: int, notice: str) -> bool:
        """Record that the process of ``generation`` died, as ``notice`` tells (the
        restarter does, before anything else): waiting clients learn of it.

        Waits for a restart or shutdown under way.  Returns whether the death was
        recorded: False when that process's end was recorded already, or it is not
        the process of now (this manager ended or replaced it on purpose).
        """
        with self._lock:
            if generation != self._generations.current:
                return False
            return self._generations.ended(notice)

    def death_of(self, generation: int) -> str | None:
        """How the process of ``generation`` ended, in one sentence; None while it runs
        (or, for a later generation, while the process of now runs)."""
        told = self._generations.ending(generation)
        if told is not None:
            return told
        # Read after the generation: a process started since belongs to a later one.
        if self.is_alive():
            return None
        return self.death_notice()

    # ------------------------------------------------------------------ signals, messages

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel's process group."""
        if self._process is not None:
            self._process.signal(signum)

    signal_kernel = signal

    def interrupt(self) -> None:
        """Interrupt the kernel: SIGINT, or an ``interrupt_request`` when its kernelspec
        says ``"interrupt_mode": "message"``."""
        if self.interrupt_mode == "message":
            from jovi.protocol import InterruptRequest  # noqa: PLC0415 - start-up cost

            self._send_control(InterruptRequest())
        elif self._process is not None:
            self._process.interrupt()

    interrupt_kernel = interrupt

    def _send_control(self, content: Any) -> None:
        with self._lock:
            if self._control is None:
                from jovi.client import BlockingKernelClient  # noqa: PLC0415 - start-up cost

                self._control = BlockingKernelClient(self.connection_info)
                self._control.start_channels(
                    shell=False, iopub=False, stdin=False, hb=False, control=True
                )
            control = self._control
            control._send("control", control.core.message(content))

    def request_shutdown(self, restart: bool = False) -> None:
        """Ask the kernel to stop (``shutdown_request`` on control); do not wait."""
        from jovi.protocol import ShutdownRequest  # noqa: PLC0415 - start-up cost

        self._send_control(ShutdownRequest(restart=restart))

    def finish_shutdown(self, waittime: float | None = None) -> None:
        """Wait for the kernel to end: half of ``waittime`` (default
        :attr:`shutdown_wait_time`), then SIGTERM, the other half, then SIGKILL."""
        process = self._process
        if process is None:
            return
        wait = self.shutdown_wait_time if waittime is None else waittime
        if process.wait(wait / 2) is not None:
            process.kill(0)  # children left in its group go too
            return
        process.terminate()
        if process.wait(wait / 2) is None:
            log.warning(
                "the kernel %r (pid %d) did not stop after SIGTERM; killing it",
                self.kernel_name,
                process.pid,
            )
        process.kill()

    # ------------------------------------------------------------------ stopping

    def shutdown(self, now: bool = False, restart: bool = False) -> None:
        """Stop the kernel and clean up after it.

        Args:
            now: Kill it at once (SIGKILL) instead of asking it to stop.
            restart: It is about to be started again (its ports stay reserved, its
                restarter keeps watching).
        """
        if not restart:
            # Before taking the lock: a restart under way on the restarter's thread
            # needs it to finish, and stopping waits for that thread.
            self.stop_restarter()
        with self._lock:
            process = self._process
            if process is None:
                return
            if process.is_alive():
                # Recorded first: waiting clients and the restarter know it is on purpose.
                self._generations.ended(
                    self.notice("was restarted" if restart else "was shut down")
                )
                if now:
                    process.kill()
                else:
                    self._interrupt_quietly()
                    self._request_shutdown_quietly(restart)
                    self.finish_shutdown()
            else:
                self._generations.ended(self.death_notice())
            self._cleanup_process(release_ports=not restart)
            self.ready = False

    shutdown_kernel = shutdown

    def _interrupt_quietly(self) -> None:
        try:
            self.interrupt()
        except Exception as error:  # noqa: BLE001 - stopping goes on regardless
            log.debug("interrupting before shutdown failed: %s", error)

    def _request_shutdown_quietly(self, restart: bool) -> None:
        try:
            self.request_shutdown(restart)
        except Exception as error:  # noqa: BLE001 - SIGTERM and SIGKILL follow anyway
            log.debug("the shutdown request could not be sent: %s", error)

    def restart(self, now: bool = False, newports: bool = False, **launch_params: Any) -> None:
        """Stop the kernel and start it again, on the same ports unless ``newports``.

        Raises:
            RuntimeError: no kernel was started.
            KernelLaunchError: its command cannot be run any more.
        """
        with self._lock:
            if self._launcher is None or self._info is None:
                raise RuntimeError("no kernel was started; call start_kernel() first")
            old_info = self._info
            self.shutdown(now=now, restart=True)
            if launch_params:
                self._launcher.extra_arguments = list(
                    launch_params.get("extra_arguments", self._launcher.extra_arguments)
                )
                self._launcher.extra_env.update(launch_params.get("env", {}))
            if newports:
                self._release_ports()
                self._launch(None, key=old_info.key)  # clients keep their key
            else:
                ports = self._reservation
                self._launch(old_info)
                if self._process is not None:
                    self._process.ports = ports

    restart_kernel = restart

    def kill(self) -> None:
        """Kill the kernel (SIGKILL to its group) and clean up."""
        self.shutdown(now=True)

    def cleanup(self) -> None:
        """Remove the kernel's files, release its ports, close the control channel."""
        with self._lock:
            self._cleanup_process(release_ports=True)

    cleanup_resources = cleanup

    @property
    def _reservation(self) -> PortReservation | None:
        return None if self._process is None else self._process.ports

    def _release_ports(self) -> None:
        reservation = self._reservation
        if reservation is not None:
            reservation.release()

    def _cleanup_process(self, *, release_ports: bool) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        process = self._process
        if process is None:
            return
        process.cleanup(for_restart=not release_ports)

    # ------------------------------------------------------------------ restarter

    def start_restarter(self) -> None:
        """Watch the kernel and start it again when it dies (:attr:`autorestart`)."""
        from jovi.kernels.restarter import KernelRestarter  # noqa: PLC0415 - start-up cost

        if self.restarter is None:
            self.restarter = KernelRestarter(self, config=self.config)
        self.restarter.start()

    def stop_restarter(self) -> None:
        """Stop watching the kernel."""
        if self.restarter is not None:
            self.restarter.stop()

    def add_restart_callback(self, callback: Callable[[], object], event: str = "restart") -> None:
        """Call ``callback()`` on a restarter event: ``died``, ``restarted`` (alias
        ``restart``) or ``failed`` (alias ``dead``)."""
        from jovi.kernels.restarter import KernelRestarter  # noqa: PLC0415 - start-up cost

        if self.restarter is None:
            self.restarter = KernelRestarter(self, config=self.config)
        self.restarter.add_callback(callback, event)

    def remove_restart_callback(
        self, callback: Callable[[], object], event: str = "restart"
    ) -> None:
        """Stop calling ``callback`` on ``event``."""
        if self.restarter is not None:
            self.restarter.remove_callback(callback, event)

    # ------------------------------------------------------------------ context manager

    def __enter__(self) -> Self:
        self.start_kernel()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown(now=exc_type is not None)

    def __repr__(self) -> str:
        state = "not started" if self._process is None else describe_exit(self._process.exit_code)
        return f"<KernelManager {self.kernel_name!r} {self.kernel_id or ''} {state}>"
