"""What every launcher is: it starts the controller or a set of engines somewhere, and
stops them.

A :class:`Launcher` is given a :class:`Launch`: the ``jovi controller`` or ``jovi
engine`` command line, how many processes, the profile directory and the cluster's
id.  Each kind of launcher (local processes, ``mpiexec``, ssh, a batch system) decides
where that command runs.  A launcher is configurable (``c.MPILauncher.mpi_args``...):
the classes of one kind share a base named after the kind, and the controller's and
the engines' classes add what differs (``MPIEngineSetLauncher``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Final, Literal

from jovi.config import Configurable
from jovi.parallel.files import connection_file

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = ["READY_TIMEOUT_S", "Launch", "LaunchError", "Launcher", "Role"]

Role = Literal["controller", "engines"]

READY_TIMEOUT_S: Final = 60.0
_POLL_S: Final = 0.02


class LaunchError(RuntimeError):
    """A launcher could not start (or stop) what it was asked to."""


@dataclass(frozen=True)
class Launch:
    """What a launcher starts.

    Attributes:
        role: ``controller`` or ``engines``.
        program: The command line of one process (``python -m jovi engine ...``).
        n: How many processes (1 for the controller).
        profile_dir: The profile directory (its ``security`` directory holds the
            connection files).
        cluster_id: The cluster's id.
        env: The environment of the processes started here.
    """

    role: Role
    program: tuple[str, ...]
    n: int
    profile_dir: Path
    cluster_id: str
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def security_dir(self) -> Path:
        """Where the connection files are."""
        return self.profile_dir / "security"

    @property
    def log_dir(self) -> Path:
        """Where output of the processes is written."""
        return self.profile_dir / "log"

    def label(self) -> str:
        """``controller-<id>`` or ``engines-<id>``: names job, log and script files."""
        return f"{'controller' if self.role == 'controller' else 'engines'}-{self.cluster_id or 'default'}"


class Launcher(Configurable):
    """Starts one controller or ``n`` engines, and stops them.

    Subclasses implement :meth:`start`, :meth:`stop` and :meth:`running`; the
    controller's launcher is ready when the controller's connection files exist
    (:meth:`wait_ready`).
    """

    config_documented = False
    #: The short name (``local``, ``mpi``...) of this kind of launcher.
    kind: ClassVar[str] = ""
    #: Whether the processes run on this machine as children of this process (they can
    #: then be told who their parent is, and end with it).
    local_children: ClassVar[bool] = False

    launch: Launch | None = None

    def start(self, launch: Launch) -> None:
        """Start what ``launch`` describes, and return (without waiting for it to be ready).

        Raises:
            LaunchError: it could not be started.
        """
        raise NotImplementedError

    def stop(self) -> None:
        """Stop what was started, and wait until it has ended (or is cancelled)."""
        raise NotImplementedError

    def running(self) -> bool:
        """Whether what was started may still run."""
        raise NotImplementedError

    def retry_failed_starts(self) -> None:
        """Start again what ended before it could be used, where this launcher knows
        why it may (the cluster calls it while it waits for the engines to register).
        Most launchers have nothing to retry."""

    def signal(self, signum: int) -> None:
        """Send ``signum`` to what was started, where the launcher can."""
        raise LaunchError(f"the {self.kind} launcher cannot send signals")

    def engine_count(self, requested: int) -> int:
        """How many engines this launcher starts when ``requested`` are asked for."""
        return requested

    @property
    def pid(self) -> int | None:
        """The process id of the (first) process started here, if one was."""
        return None

    @property
    def pids(self) -> tuple[int, ...]:
        """The process ids of the engines started here, where this machine runs them
        directly (none for launchers that start them elsewhere)."""
        return ()

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Wait until the controller's connection files exist.

        Raises:
            LaunchError: what was started ended first, or ``timeout`` passed.
        """
        assert self.launch is not None
        files = [
            connection_file(self.launch.security_dir, role, self.launch.cluster_id)
            for role in ("client", "engine")
        ]
        deadline = time.monotonic() + timeout
        while not all(path.exists() for path in files):
            if not self.running():
                raise LaunchError(f"the {self.kind} controller ended before it was ready")
            if time.monotonic() > deadline:
                raise LaunchError(f"the {self.kind} controller was not ready within {timeout:g} s")
            time.sleep(_POLL_S)


def shell_join(words: Sequence[str]) -> str:
    """``words`` as one shell command line."""
    import shlex  # noqa: PLC0415 - only for launchers that write shell

    return shlex.join(words)
