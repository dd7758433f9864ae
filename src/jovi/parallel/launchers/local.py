"""Processes on this machine, children of this one: the default launcher."""

from __future__ import annotations

import subprocess
import time
from typing import TYPE_CHECKING, ClassVar, Final

from jovi.parallel.launchers.base import READY_TIMEOUT_S, Launcher, LaunchError

if TYPE_CHECKING:
    from jovi.parallel.launchers.base import Launch

__all__ = ["LocalControllerLauncher", "LocalEngineSetLauncher", "LocalLauncher", "stop_processes"]

STOP_GRACE_S: Final = 10.0


def stop_processes(processes: list[subprocess.Popen[bytes]], grace: float = STOP_GRACE_S) -> None:
    """Wait up to ``grace`` seconds for ``processes`` to end by themselves (the hub
    shuts them down), then terminate and kill what is left."""
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class LocalLauncher(Launcher):
    """``n`` processes on this machine."""

    kind: ClassVar[str] = "local"
    local_children: ClassVar[bool] = True

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, launch: Launch) -> None:
        self.launch = launch
        controller = launch.role == "controller"
        for _ in range(launch.n):
            try:
                process = subprocess.Popen(  # noqa: S603 - jovi's own command line
                    launch.program,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE if controller else subprocess.DEVNULL,
                    env=dict(launch.env),
                )
            except OSError as error:
                raise LaunchError(f"cannot run {launch.program[0]}: {error}") from None
            self.processes.append(process)

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """The controller says ``ready`` on its output once its files exist."""
        process = self.processes[0]
        assert process.stdout is not None
        line = process.stdout.readline()
        process.stdout.close()
        if not line.startswith(b"ready"):
            process.wait(STOP_GRACE_S)
            raise LaunchError(f"jovi controller exited ({process.returncode}) before it was ready")

    def stop(self) -> None:
        stop_processes(self.processes)
        self.processes.clear()

    def running(self) -> bool:
        return any(process.poll() is None for process in self.processes)

    def signal(self, signum: int) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signum)

    @property
    def pid(self) -> int | None:
        return self.processes[0].pid if self.processes else None

    @property
    def pids(self) -> tuple[int, ...]:
        return tuple(process.pid for process in self.processes)


class LocalControllerLauncher(LocalLauncher):
    """The controller as a child process."""


class LocalEngineSetLauncher(LocalLauncher):
    """Engines as child processes."""
