"""An OpenSSH server for the tunnel tests: on 127.0.0.1 at a free high port, with host
and user keys made in a temporary directory, for the current user only."""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.processes import free_port

SSHD = "/usr/sbin/sshd"


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True, timeout=30
    )


class SshServer:
    """A running sshd; :attr:`server` is ``user@127.0.0.1:port``, :attr:`keyfile` the
    user's private key, :attr:`options` what ssh needs to trust it without a prompt."""

    def __init__(self, directory: Path) -> None:
        assert Path(SSHD).exists(), (
            "the tunnel tests need OpenSSH's server: apt-get install openssh-server"
        )
        assert shutil.which("ssh-keygen"), "the tunnel tests need ssh-keygen (openssh-client)"
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation dir
        self.directory = directory
        host_key, self.keyfile = directory / "host_key", directory / "user_key"
        _keygen(host_key)
        _keygen(self.keyfile)
        (directory / "authorized_keys").write_text((directory / "user_key.pub").read_text())
        self.port = free_port()
        config = directory / "sshd_config"
        config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {host_key}",
                    f"PidFile {directory / 'sshd.pid'}",
                    f"AuthorizedKeysFile {directory / 'authorized_keys'}",
                    "StrictModes no",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PubkeyAuthentication yes",
                    "PermitRootLogin prohibit-password",
                    "UsePAM no",
                    "AllowTcpForwarding yes",
                    "LogLevel ERROR",
                ]
            )
            + "\n"
        )
        self.process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 15
        while True:
            with contextlib.closing(socket.socket()) as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            if self.process.poll() is not None:
                raise AssertionError(f"sshd did not start: {self.process.stderr.read().decode()}")
            assert time.monotonic() < deadline, "sshd did not listen within 15 s"
            time.sleep(0.05)
        self.server = f"{getpass.getuser()}@127.0.0.1:{self.port}"
        self.options = [
            "-F", "/dev/null",
            "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes",
            "-o", "LogLevel=ERROR",
        ]  # fmt: skip

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        if self.process.stderr is not None:
            self.process.stderr.close()
