"""``jovi engine``: run a parallel engine (IPython's ``ipengine``).

An engine is jovi's kernel (``jovi kernel``) with the parallel requests: it binds its
sockets and writes its own connection file in the profile's ``security`` directory
(``ipengine-<cluster_id>-<pid>.json``, so ``jovi console --existing`` can attach to
it), registers with the controller named by the controller's engine connection file,
and serves until the controller shuts it down.  An engine whose controller has sent
no heartbeat for ``controller_timeout`` seconds (120) says so and shuts down
(:mod:`jovi.parallel.controllerwatch`).
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE
from jovi.cli.kernel import KernelApp
from jovi.config import Alias, Enum, Float, Str

if TYPE_CHECKING:
    from jovi.kernel import Kernel
    from jovi.kernel.zmqshell import ZMQInteractiveShell
    from jovi.parallel.controllerwatch import ControllerWatch
    from jovi.protocol import ConnectionInfo
    from jovi.transport.zmq.curve import CurveKeys


__all__ = ["EngineApp"]


class EngineApp(KernelApp):
    """``jovi engine``."""

    command: ClassVar[str] = "jovi engine"
    summary: ClassVar[str] = "run a parallel engine: a kernel that registers with a controller."
    usage: ClassVar[tuple[str, ...]] = ("[--cluster-id ID] [--file FILE] [options]",)
    description: ClassVar[str] = ""
    config_name: ClassVar[str | None] = "engine"
    watches_heartbeat: ClassVar[bool] = True
    max_positionals: ClassVar[int | None] = 0

    cluster_id = Str("", help="The cluster's id, in the names of its connection files.")
    url_file = Str(
        "", help="The controller's engine connection file (found in the profile by default)."
    )
    timeout = Float(
        60.0,
        min=0.1,
        help="Seconds to wait for the controller: for its connection file (an engine may "
        "start first) and for its answer to the registration (asked again every 3 s).",
    )
    controller_timeout = Float(
        120.0,
        min=0.0,
        help="Seconds without a heartbeat from the controller after which the engine shuts "
        "down (the controller is gone); 0: wait for ever. A controller restarted with "
        "--restore within this time takes the engine back.",
    )
    mpi = Enum(
        ("", "mpi4py"),
        "",
        help="Initialise MPI with mpi4py before serving, and register with the MPI rank "
        "(COMM_WORLD) as the engine id (the MPI launcher sets it).",
    )
    advertise = Str(
        "",
        help="Where the controller reaches this engine when not where it listens: "
        "IP:SHELL,CONTROL,IOPUB,HB (the local ends of ssh forwards; the SSH launcher sets it).",
    )

    aliases: ClassVar[tuple[Alias, ...]] = (
        *KernelApp.aliases,
        Alias("cluster-id", "EngineApp.cluster_id", "The cluster's id.", "ID"),
        Alias("file", "EngineApp.url_file", "The controller's engine connection file.", "FILE"),
        Alias("mpi", "EngineApp.mpi", "Initialise MPI; the rank is the engine id.", "mpi4py"),
        Alias("advertise", "EngineApp.advertise", "Where the controller reaches it.", "IP:PORTS"),
    )

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.engine_uuid = str(uuid.uuid4())
        self.iopub_welcome = False
        self.mpi_rank = -1
        self.advertised: tuple[str, int, int, int, int] | None = None
        self.controller_watch: ControllerWatch | None = None

    def _controller_file(self) -> Path:
        from jovi.parallel.files import connection_file

        if self.url_file:
            return Path(self.url_file).expanduser()
        assert self.profile_dir is not None
        return connection_file(self.profile_dir.security_dir, "engine", self.cluster_id)

    def _kernel_class(self) -> type[Kernel]:
        from jovi.parallel.engine import Engine
        from jovi.parallel.memory import release_large_buffers

        release_large_buffers()  # pushed data and task inputs are freed back to the system

        return Engine

    def _connection(self) -> tuple[ConnectionInfo, Path, bool]:
        from jovi.parallel.files import read_controller_file, wait_for_file
        from jovi.protocol import ConnectionInfo

        path = self._controller_file()
        if not path.exists():  # an engine started before its controller waits for it
            print(
                f"jovi engine: waiting up to {self.timeout:g} s for the controller's file {path}",
                file=sys.stderr,
                flush=True,
            )
            wait_for_file(path, self.timeout)
        controller = read_controller_file(path)
        self._controller = controller
        # Before any socket or thread of the kernel exists (these may end the process):
        self.advertised = _parse_advertise(self.advertise)
        if self.mpi:
            self.mpi_rank = _mpi_rank()
        assert self.profile_dir is not None
        middle = f"{self.cluster_id}-" if self.cluster_id else ""
        path = self.profile_dir.security_dir / f"ipengine-{middle}{os.getpid()}.json"
        self.connection_file = str(path)  # chosen here: the kernel does not announce itself
        info = ConnectionInfo(
            transport=self.transport,
            ip=self.ip,
            shell_port=self.shell_port,
            iopub_port=self.iopub_port,
            stdin_port=self.stdin_port,
            control_port=self.control_port,
            hb_port=self.hb_port,
            key=controller.key,
            signature_scheme=controller.signature_scheme,
        )
        return info, path.absolute(), False

    def _curve_keys(self) -> CurveKeys | None:
        """The cluster's Curve server keys, when the controller's file has them: the
        engine's sockets are then Curve servers the controller and clients connect to."""
        return self._controller.curve_keys(secret=True)

    def _serving(self, kernel: Kernel) -> None:
        """Register as soon as the kernel's sockets answer: requests sent before the
        shell is built wait in the kernel's queue."""
        from jovi.parallel.engine import Engine
        from jovi.parallel.registration import RegistrationError, register

        assert isinstance(kernel, Engine)
        assert kernel.connection_info is not None
        kernel.engine_uuid = self.engine_uuid
        try:
            kernel.engine_id = register(
                self._controller,
                _advertised(kernel.connection_info, self.advertised),
                self.engine_uuid,
                kernel.connection_file,
                timeout=self.timeout,
                requested_id=self.mpi_rank,
            )
        except RegistrationError as error:
            # Nothing was served: remove the kernel's file and end at once (the kernel's
            # I/O thread would otherwise keep the process until its own shutdown).
            print(f"jovi engine: {error}", file=sys.stderr, flush=True)
            Path(kernel.connection_file).unlink(missing_ok=True)
            os._exit(EXIT_FAILURE)
        self._watch_controller(kernel)

    def _watch_controller(self, kernel: Kernel) -> None:
        """Shut down when the controller's heartbeats stop for ``controller_timeout``."""
        from jovi.parallel.controllerwatch import ControllerWatch

        assert self.io_thread is not None
        heartbeat = self.io_thread.heartbeat
        heartbeat.last_beat = heartbeat.last_look = time.monotonic()  # the beats start soon
        timeout = self.controller_timeout

        def give_up(_silence: float) -> None:
            # Said on the kernel's log (its stderr is the cell's by now).
            kernel.stop_without_request(f"the controller has not been heard from for {timeout:g} s")

        # Silence is counted up to the heartbeat thread's last look, not to now: after
        # a long C call that held the GIL, the beats queued meanwhile are read first.
        self.controller_watch = ControllerWatch(
            lambda: heartbeat.last_beat, timeout, give_up, clock=lambda: heartbeat.last_look
        )
        self.controller_watch.start()

    def _serve(self, kernel: Kernel, shell: ZMQInteractiveShell) -> None:
        try:
            super()._serve(kernel, shell)
        finally:
            if self.controller_watch is not None:
                self.controller_watch.stop()


def _parse_advertise(advertise: str) -> tuple[str, int, int, int, int] | None:
    """``IP:SHELL,CONTROL,IOPUB,HB`` as a tuple (None for "").

    Raises:
        SystemExit: ``advertise`` is not in that form (said on stderr).
    """
    if not advertise:
        return None
    ip, _, ports = advertise.rpartition(":")
    try:
        shell, control, iopub, hb = (int(port) for port in ports.split(","))
    except ValueError:
        print(
            f"jovi engine: --advertise {advertise!r} is not IP:SHELL,CONTROL,IOPUB,HB",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_FAILURE) from None
    return ip, shell, control, iopub, hb


def _advertised(
    info: ConnectionInfo, advertised: tuple[str, int, int, int, int] | None
) -> ConnectionInfo:
    """``info`` with the address and ports the controller is to use."""
    if advertised is None:
        return info
    import msgspec

    ip, shell, control, iopub, hb = advertised
    return msgspec.structs.replace(
        info, ip=ip or info.ip, shell_port=shell, control_port=control, iopub_port=iopub, hb_port=hb
    )


def _mpi_rank() -> int:
    """Initialise MPI (in the main thread, before the kernel's threads start) and
    return this process's rank in COMM_WORLD.

    Raises:
        SystemExit: mpi4py is not installed (said on stderr).
    """
    try:
        from mpi4py import MPI  # type: ignore[import-not-found,unused-ignore]
    except ImportError as error:
        print(
            f"jovi engine: --mpi=mpi4py needs mpi4py (pip install 'jovi[mpi]'): {error}",
            file=sys.stderr,
            flush=True,
        )
        raise SystemExit(EXIT_FAILURE) from None
    return int(MPI.COMM_WORLD.Get_rank())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(EngineApp.launch(sys.argv[1:]))
