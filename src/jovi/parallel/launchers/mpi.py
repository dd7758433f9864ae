"""``mpiexec -n N [mpi_args] python -m jovi engine --mpi=mpi4py``: engines as the ranks of one
MPI job.

Each engine initialises mpi4py (``--mpi=mpi4py``) and asks the controller for its rank in
``MPI.COMM_WORLD`` as its engine id, so ``rc[:].apply_sync(lambda: MPI.COMM_WORLD.rank)``
equals ``rc.ids``.  With Open MPI, more ranks than cores is allowed by default
(``oversubscribe``); running as root has to be allowed explicitly
(``c.MPILauncher.allow_run_as_root = True``), as ``mpiexec --allow-run-as-root`` does.
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING, ClassVar

from jovi.config import Bool, List
from jovi.parallel.launchers.base import Launcher, LaunchError
from jovi.parallel.launchers.local import stop_processes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.parallel.launchers.base import Launch

__all__ = [
    "MPIControllerLauncher",
    "MPIEngineSetLauncher",
    "MPILauncher",
    "mpi_command",
    "mpi_environment",
]


def mpi_command(
    mpi_cmd: Sequence[str], n: int, mpi_args: Sequence[str], program: Sequence[str]
) -> list[str]:
    """``mpiexec -n N [mpi_args] program``."""
    return [*mpi_cmd, "-n", str(n), *mpi_args, *program]


def mpi_environment(*, oversubscribe: bool, allow_run_as_root: bool) -> dict[str, str]:
    """The variables that tell Open MPI's ``mpiexec`` what its options would (other
    MPIs ignore them)."""
    env: dict[str, str] = {}
    if oversubscribe:
        env["OMPI_MCA_rmaps_base_oversubscribe"] = "1"
    if allow_run_as_root:
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    return env


class MPILauncher(Launcher):
    """One ``mpiexec`` job of ``n`` ranks."""

    kind: ClassVar[str] = "mpi"
    config_documented = True

    mpi_cmd = List(str, ["mpiexec"], help="The MPI program that starts the ranks.")
    mpi_args = List(str, help="More arguments of mpi_cmd, before the program (--hostfile F...).")
    oversubscribe = Bool(
        True, help="Allow more ranks than cores (Open MPI's --oversubscribe, by its variable)."
    )
    allow_run_as_root = Bool(
        False, help="Allow Open MPI to run as root (its --allow-run-as-root, by its variables)."
    )

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.process: subprocess.Popen[bytes] | None = None

    def program(self, launch: Launch) -> list[str]:
        """The program each rank runs."""
        return list(launch.program)

    def command(self, launch: Launch) -> list[str]:
        """The ``mpiexec`` command line."""
        return mpi_command(self.mpi_cmd, launch.n, self.mpi_args, self.program(launch))

    def start(self, launch: Launch) -> None:
        self.launch = launch
        launch.log_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **launch.env,
            **mpi_environment(
                oversubscribe=self.oversubscribe, allow_run_as_root=self.allow_run_as_root
            ),
        }
        with (launch.log_dir / f"mpi-{launch.label()}.log").open("ab") as log:
            try:
                self.process = subprocess.Popen(  # noqa: S603 - the configured MPI program
                    self.command(launch),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    start_new_session=True,
                )
            except OSError as error:
                raise LaunchError(
                    f"cannot run {self.mpi_cmd[0]!r}: {error} (is MPI installed?)"
                ) from None

    def stop(self) -> None:
        if self.process is not None:
            stop_processes([self.process])
            self.process = None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        """``mpiexec`` passes the signal on to its ranks."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signum)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


class MPIControllerLauncher(MPILauncher):
    """The controller as an MPI job of one rank."""

    config_documented = False


class MPIEngineSetLauncher(MPILauncher):
    """Engines as the ranks of an MPI job; each takes its rank as its id."""

    config_documented = False

    def program(self, launch: Launch) -> list[str]:
        return [*launch.program, "--mpi=mpi4py"]
