"""A kernel process on this machine: is it alive, signal it, end it, clean up after it.

The kernel runs in a session (and process group) of its own, so a signal sent to
it reaches every process it started too (a ``%%bash`` child, a subprocess pool),
and Ctrl-C in the terminal that started it does not reach it.  Signals go to the
whole group; the group is ended with the kernel.  This is the lifecycle half of a
kernel manager, without any messaging (jupyter_kernel_mgmt's ``KernelManager``).
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time
from typing import TYPE_CHECKING

from jovi.utils.processes import pid_taken

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jovi.kernels.ports import PortReservation

__all__ = ["KernelProcess", "describe_exit"]


def describe_exit(code: int | None) -> str:
    """``"exited with code 1"``, ``"was killed by SIGKILL"``, or ``"is running"``."""
    if code is None:
        return "is running"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"was killed by {name}"
    return f"exited with code {code}"


class KernelProcess:
    """One kernel's process and the files and ports it was given.

    Args:
        popen: The process (started in a new session).
        files: Files to remove once the kernel has ended (its connection file, ipc
            sockets).
        ports: The ports reserved for it, released when it ends.
    """

    def __init__(
        self,
        popen: subprocess.Popen[bytes],
        files: Sequence[Path] = (),
        ports: PortReservation | None = None,
    ) -> None:
        self.popen = popen
        self.files = list(files)
        self.ports = ports
        self.started = time.monotonic()

    @property
    def pid(self) -> int:
        """The kernel's process id."""
        return self.popen.pid

    @property
    def exit_code(self) -> int | None:
        """The exit status (negative: the signal), or None while it runs."""
        return self.popen.poll()

    def is_alive(self) -> bool:
        """Whether the process runs."""
        return self.popen.poll() is None

    def exit_fd(self) -> int | None:
        """A file descriptor that becomes readable when the process ends (a pidfd, to
        wait on with ``select`` among others), for the caller to close; None where
        there is none (not Linux 5.3+, or the process is gone already)."""
        return _open_pidfd(self.popen.pid)

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait up to ``timeout`` seconds (None: as long as it takes) for the process to
        end; its exit status, or None if it still runs."""
        waited = (
            timeout is not None
            and self.popen.poll() is None
            and _wait_for_exit(self.popen.pid, timeout)
        )
        try:
            return self.popen.wait(0 if waited else timeout)
        except subprocess.TimeoutExpired:
            return None

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel's process group (the kernel and its children)."""
        if not self.is_alive():
            return
        if hasattr(os, "killpg"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signum)  # the kernel leads its own group
                return
        with contextlib.suppress(ProcessLookupError):
            self.popen.send_signal(signum)

    def interrupt(self) -> None:
        """Send SIGINT (as Ctrl-C would) to the kernel's group."""
        self.signal(signal.SIGINT)

    def terminate(self) -> None:
        """Ask the kernel's group to end (SIGTERM)."""
        self.signal(signal.SIGTERM)

    def kill(self, timeout: float = 5.0) -> int | None:
        """End the kernel's group at once (SIGKILL) and reap the kernel."""
        if self.is_alive():
            self.signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        elif hasattr(os, "killpg") and not pid_taken(self.popen.pid):
            # The kernel is gone; children it left in its group go with it.  (While
            # they live, the group's number is no other process's; once a process has
            # the kernel's pid again, the number is another program's group.)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.popen.pid, signal.SIGKILL)
        return self.wait(timeout)

    def cleanup(self, *, for_restart: bool = False) -> None:
        """Remove the kernel's files and release its ports (after it ended).

        ``for_restart``: the kernel starts again with the same connection file, so its
        ports stay reserved and its replay floors (``*.replay``) stay for it.
        """
        for path in self.files:
            if for_restart and path.name.endswith(".replay"):
                continue
            with contextlib.suppress(FileNotFoundError, OSError):
                path.unlink()
        if self.ports is not None and not for_restart:
            self.ports.release()

    def __repr__(self) -> str:
        return f"<KernelProcess {self.pid} {describe_exit(self.exit_code)}>"


def _wait_for_exit(pid: int, timeout: float) -> bool:
    """Sleep until process ``pid`` ends or ``timeout`` passes, woken the moment it ends.

    ``Popen.wait(timeout)`` polls with growing sleeps (up to 50 ms), which adds tens of
    milliseconds to every shutdown; a pidfd (Linux 5.3+) becomes readable when the
    process ends. Returns whether it waited (False: no pidfd here, ``Popen.wait`` must).
    """
    fd = _open_pidfd(pid)
    if fd is None:
        return False

    try:
        select.select([fd], [], [], timeout)
    finally:
        os.close(fd)
    return True


def _open_pidfd(pid: int) -> int | None:
    """A pidfd of process ``pid`` (readable once it ends), or None."""
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is None:
        return None
    try:
        fd: int = pidfd_open(pid)
    except OSError:  # gone already, or pidfds not allowed here
        return None
    return fd
