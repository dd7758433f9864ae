"""Starting a kernel process from a kernelspec, over tcp or ipc.

:class:`SubprocessLauncher` does what a kernelspec asks: it chooses the ports
(:mod:`~jovi.kernels.ports`) or, for ``ipc``, socket paths unique to the kernel,
writes the connection file in the runtime dir (``kernel-<id>.json``, mode 0600),
fills in ``argv`` (``{connection_file}``, ``{resource_dir}``, ``{prefix}``), adds
the spec's ``env`` (``${VAR}`` expanded from the environment), the caller's extra
variables and ``JPY_PARENT_PID`` (so the kernel ends with us), and starts the
command in a new session in ``cwd``.  The connection file and ipc sockets are
removed when the kernel process is cleaned up.
"""

from __future__ import annotations

import os
import string
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.client.connection_file import write_connection_file
from jovi.errors import KernelLaunchError
from jovi.kernels.ports import PortReservation, reserve_ports
from jovi.kernels.process import KernelProcess
from jovi.protocol import CHANNELS, ConnectionInfo, new_kernel_id
from jovi.utils.paths import ensure_private_dir, jupyter_runtime_dir

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from jovi.protocol import KernelSpec

__all__ = ["LaunchParams", "SubprocessLauncher", "kernel_environment"]

LaunchParams = dict[str, Any]
"""Launch parameters: ``extra_arguments`` (a list), ``env`` (a mapping), ``kernel_id``."""

IPC_PATH_MAX = 107
"""Bytes of a Unix socket's path at most (Linux's ``sun_path`` less its final NUL)."""

_PYTHONS = ("python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}")


def kernel_environment(
    spec: KernelSpec, extra: Mapping[str, str] | None = None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment of a kernel: ours (or ``base``), then the spec's ``env`` with
    ``${VAR}`` references filled in from it, then ``extra``, then ``JPY_PARENT_PID``."""
    env = dict(os.environ if base is None else base)
    for name, value in spec.env.items():
        env[name] = string.Template(value).safe_substitute(env)
    env.update(extra or {})
    env["JPY_PARENT_PID"] = str(os.getpid())
    # The kernel's output must not wait in a buffer when it is piped.
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


class SubprocessLauncher:
    """Starts one kernel from ``spec`` as a process of this machine.

    Args:
        spec: The kernelspec.
        cwd: The kernel's working directory (ours by default).
        transport: ``"tcp"`` or ``"ipc"``.
        ip: For tcp, the address the kernel listens on (loopback by default).
        extra_env: Variables added to the kernel's environment.
        extra_arguments: Arguments added after the spec's ``argv``.
        kernel_id: The kernel's id (a fresh UUID by default); names its files.
        connection_file: Where to write the connection file (default:
            ``kernel-<id>.json`` in the runtime dir).
    """

    def __init__(
        self,
        spec: KernelSpec,
        *,
        cwd: str | os.PathLike[str] | None = None,
        transport: str = "tcp",
        ip: str = "127.0.0.1",
        extra_env: Mapping[str, str] | None = None,
        extra_arguments: Sequence[str] = (),
        kernel_id: str | None = None,
        connection_file: str | os.PathLike[str] | None = None,
    ) -> None:
        if transport not in ("tcp", "ipc"):
            raise ValueError(f"the transport must be 'tcp' or 'ipc', not {transport!r}")
        self.spec = spec
        self.cwd = Path(cwd) if cwd is not None else None
        self.transport = transport
        self.ip = ip
        self.extra_env = dict(extra_env or {})
        self.extra_arguments = list(extra_arguments)
        self.kernel_id = kernel_id or new_kernel_id()
        runtime = jupyter_runtime_dir()
        self.connection_file = (
            Path(connection_file) if connection_file else runtime / f"kernel-{self.kernel_id}.json"
        )

    def connection_info(
        self, key: str | None = None
    ) -> tuple[ConnectionInfo, PortReservation | None]:
        """New connection info (fresh ports; ``key``, or a fresh key) and what holds
        the ports until the kernel starts (None for ipc)."""
        ip = self.ip
        if self.transport == "ipc":
            ip = ipc_prefix(self.kernel_id)
        fields: dict[str, Any] = {
            "transport": self.transport,
            "ip": ip,
            "kernel_name": self.spec.name,
        }
        info = ConnectionInfo.new(**fields) if key is None else ConnectionInfo(key=key, **fields)
        if self.transport == "ipc":
            return info.with_ports(**dict(zip(CHANNELS, range(1, 6), strict=True))), None
        reservation = reserve_ports(self.ip)
        return info.with_ports(**dict(zip(CHANNELS, reservation.ports, strict=True))), reservation

    def command(self) -> list[str]:
        """The kernel's command line (``argv`` filled in, extra arguments added)."""
        argv = self.spec.command(self.connection_file) + self.extra_arguments
        if argv and argv[0] in _PYTHONS:
            argv[0] = sys.executable  # "python" in a spec means the Python running jovi
        return argv

    def launch(
        self, info: ConnectionInfo | None = None, *, key: str | None = None
    ) -> tuple[ConnectionInfo, KernelProcess]:
        """Write the connection file and start the kernel.

        Args:
            info: The connection info to use again (a restart on the same ports);
                new ports by default.
            key: With new ports: the key to keep (a fresh one by default).

        Raises:
            KernelLaunchError: the command cannot be run (the message says why).
        """
        reservation = None
        if info is None:
            info, reservation = self.connection_info(key)
        ensure_private_dir(self.connection_file.parent)
        write_connection_file(self.connection_file, info)
        command = self.command()
        env = kernel_environment(self.spec, self.extra_env)
        if reservation is not None:
            reservation.hand_over()
        try:
            popen = subprocess.Popen(  # noqa: S603 - the kernelspec's own command
                command,
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                close_fds=True,
            )
        except (OSError, ValueError) as error:
            if reservation is not None:
                reservation.release()
            self.connection_file.unlink(missing_ok=True)
            raise KernelLaunchError(self._failure(command, error)) from None
        # The kernel keeps its replay floors beside the connection file; they go with it.
        replay = self.connection_file.with_name(self.connection_file.name + ".replay")
        files = [self.connection_file, replay, *self._ipc_files(info)]
        return info, KernelProcess(popen, files, reservation)

    def _failure(self, command: list[str], error: Exception) -> str:
        name = self.spec.display_name or self.spec.name or "kernel"
        if isinstance(error, FileNotFoundError) and self.cwd is not None and not self.cwd.is_dir():
            return (
                f"cannot start the {name} kernel: its working directory {self.cwd} does not exist"
            )
        if isinstance(error, FileNotFoundError):
            return (
                f"cannot start the {name} kernel: the program {command[0]!r} was not found "
                f"(check 'argv' in {self._spec_file()})"
            )
        return f"cannot start the {name} kernel ({command[0]}): {error}"

    def _spec_file(self) -> str:
        if self.spec.resource_dir is None:
            return "its kernelspec"
        return os.fspath(self.spec.resource_dir / "kernel.json")

    def _ipc_files(self, info: ConnectionInfo) -> list[Path]:
        if info.transport != "ipc":
            return []
        return [Path(f"{info.ip}-{port}") for port in info.ports().values()]


def ipc_prefix(kernel_id: str) -> str:
    """Where a kernel's ipc sockets go: ``<prefix>-1`` ... ``<prefix>-5``.

    In the runtime dir, beside the connection file, unless that path is too long for
    a Unix socket; then in a private directory of the user's under the temporary
    directory (``jovi-ipc-<uid>``, mode 0700, refused if another user owns it).
    """
    name = f"kernel-{kernel_id}-ipc"
    runtime = jupyter_runtime_dir()
    if len(os.fsencode(runtime / name)) + 2 <= IPC_PATH_MAX:
        ensure_private_dir(runtime)
        return os.fspath(runtime / name)
    short = Path(tempfile.gettempdir()) / f"jovi-ipc-{os.getuid()}"
    short.mkdir(mode=0o700, exist_ok=True)
    if short.stat().st_uid != os.getuid():
        raise KernelLaunchError(
            f"cannot place the kernel's ipc sockets: {runtime} is too long a path for a "
            f"socket, and {short} belongs to another user"
        )
    ensure_private_dir(short)
    return os.fspath(short / name)
