"""Reaching a kernel on another machine through ssh port forwarding (OpenSSH's ``ssh``).

The kernel's five ports are forwarded from local ports by one ``ssh -N`` process,
one ``-L`` each; the client then connects to this machine's loopback.  The two
set-ups of the Qt console documents both work:

* the kernel runs on the ssh host and listens on its loopback: ``--ssh worker``
  with the kernel's own connection file (its ``ip``, 127.0.0.1, is seen from the
  ssh host, which is the kernel's host);
* the kernel runs on a machine the ssh host can see: ``--ssh login`` and the
  kernel's address as seen from ``login`` (the file's ``ip``, or ``--ip`` when the
  kernel listens on all interfaces, 0.0.0.0).

``server`` is passed to ssh as it is, so ``user@host`` and aliases of
``~/.ssh/config`` work; ``user@host:port`` sets the port.  ssh runs in a session of
its own (Ctrl-C in the console does not end the tunnel) until :meth:`SshTunnel.stop`.
Traffic between ssh's ends is encrypted; the forwarded ports on this machine are
open to its local users, as the kernel's were on its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING

from jovi.client.connection_file import write_connection_file
from jovi.errors import TunnelError
from jovi.kernels.ports import reserve_ports
from jovi.protocol import CHANNELS
from jovi.utils.paths import jupyter_runtime_dir

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.protocol import ConnectionInfo

__all__ = [
    "SshTunnel",
    "split_server",
    "ssh_connection_file",
    "tunnel_to_kernel",
]

_LOOPBACK = "127.0.0.1"
_ANY = ("0.0.0.0", "*", "")  # noqa: S104 - recognised, never bound


def split_server(server: str) -> tuple[str, int | None]:
    """``"user@host:2222"`` → ``("user@host", 2222)``; no port → ``None``.

    Raises:
        TunnelError: the port is not a number.
    """
    host, colon, port = server.rpartition(":")
    if not colon or "]" in port:
        return server, None
    if not port.isdigit():
        raise TunnelError(f"the ssh server {server!r} has a port that is not a number: {port!r}")
    return host, int(port)


class SshTunnel:
    """An ``ssh -N`` process forwarding local ports to ports seen from ``server``.

    Args:
        server: The ssh server: ``host``, ``user@host`` or ``user@host:port``.
        forwards: ``(local_port, remote_ip, remote_port)`` triples; ``remote_ip`` is
            an address as seen from ``server``.
        keyfile: The private key to log in with (``ssh -i``).
        options: More ``ssh`` arguments (``["-o", "StrictHostKeyChecking=no"]`` ...).
        ssh: The ssh program.
    """

    def __init__(
        self,
        server: str,
        forwards: Sequence[tuple[int, str, int]],
        *,
        keyfile: str | os.PathLike[str] | None = None,
        options: Sequence[str] = (),
        ssh: str = "ssh",
    ) -> None:
        self.server = server
        self.forwards = list(forwards)
        self.keyfile = keyfile
        self.options = list(options)
        self.ssh = ssh
        self.process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None

    def command(self) -> list[str]:
        """The ssh command line."""
        program = shutil.which(self.ssh)
        if program is None:
            raise TunnelError(
                f"cannot open an ssh tunnel: the program {self.ssh!r} was not found "
                "(install OpenSSH's client)"
            )
        host, port = split_server(self.server)
        command = [program, "-N", "-o", "ExitOnForwardFailure=yes"]
        if port is not None:
            command += ["-p", str(port)]
        if self.keyfile:
            command += ["-i", os.fspath(Path(self.keyfile).expanduser())]
        for local, remote_ip, remote in self.forwards:
            command += ["-L", f"{_LOOPBACK}:{local}:{remote_ip}:{remote}"]
        return [*command, *self.options, host]

    def start(self, timeout: float = 30.0) -> None:
        """Start ssh and wait until the local ports listen.

        Raises:
            TunnelError: ssh ended (its last message says why) or did not open the
                ports within ``timeout`` seconds.
        """
        command = self.command()
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - kept until stop()
        try:
            self.process = subprocess.Popen(  # noqa: S603 - ssh, with the user's arguments
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._errors,
                start_new_session=True,
            )
        except OSError as error:
            raise TunnelError(f"cannot run ssh: {error}") from None
        deadline = time.monotonic() + timeout
        while not all(_listening(local) for local, _, _ in self.forwards):
            if self.process.poll() is not None:
                message = self._last_error()
                self.stop()
                raise TunnelError(f"ssh could not open the tunnel through {self.server}: {message}")
            if time.monotonic() > deadline:
                self.stop()
                raise TunnelError(
                    f"ssh did not open the tunnel through {self.server} within {timeout:g} s"
                )
            time.sleep(0.05)

    def _last_error(self) -> str:
        if self._errors is None:
            return "no message"
        self._errors.seek(0)
        lines = [
            line.strip()
            for line in self._errors.read().decode("utf-8", "replace").splitlines()
            if line.strip()
        ]
        code = self.process.returncode if self.process is not None else None
        return lines[-1] if lines else f"it exited with code {code}"

    @property
    def running(self) -> bool:
        """Whether ssh runs."""
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """End ssh (the forwarded ports close)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._errors is not None:
            self._errors.close()
            self._errors = None


def _listening(port: int) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((_LOOPBACK, port)) == 0


def tunnel_to_kernel(
    info: ConnectionInfo,
    server: str,
    *,
    keyfile: str | os.PathLike[str] | None = None,
    remote_ip: str | None = None,
    options: Sequence[str] = (),
    timeout: float = 30.0,
) -> tuple[ConnectionInfo, SshTunnel]:
    """Forward the kernel of ``info`` through ``server``; the connection info to use
    here (loopback, local ports, same key) and the running tunnel.

    Args:
        info: The kernel's connection info, as written on its own machine.
        server: The ssh server (``user@host[:port]``).
        keyfile: The private key to log in with.
        remote_ip: The kernel's address as seen from ``server`` (default: the
            file's ``ip``; loopback when that is 0.0.0.0).
        options: More ssh arguments.

    Raises:
        TunnelError: the kernel uses ipc (files cannot be forwarded), or ssh failed.
    """
    if info.transport != "tcp":
        raise TunnelError(
            f"a kernel on the {info.transport} transport cannot be reached through ssh; "
            "start it with --transport tcp"
        )
    target = remote_ip or (_LOOPBACK if info.ip in _ANY else info.ip)
    reservation = reserve_ports(_LOOPBACK)
    local = dict(zip(CHANNELS, reservation.ports, strict=True))
    forwards = [(local[channel], target, info.port(channel)) for channel in CHANNELS]
    tunnel = SshTunnel(server, forwards, keyfile=keyfile, options=options)
    reservation.hand_over()
    try:
        tunnel.start(timeout)
    finally:
        reservation.release()
    import msgspec  # noqa: PLC0415 - only when a tunnel is made

    return msgspec.structs.replace(info, ip=_LOOPBACK).with_ports(**local), tunnel


def ssh_connection_file(original: str | os.PathLike[str], info: ConnectionInfo) -> Path:
    """Write ``info`` (the tunnel's end) in the runtime dir as ``<name>-ssh.json``,
    named after the kernel's connection file ``original``, for other clients to
    reuse (``--existing kernel-1234-ssh.json``); its path."""
    stem = Path(original).stem
    return write_connection_file(jupyter_runtime_dir() / f"{stem}-ssh.json", info)
