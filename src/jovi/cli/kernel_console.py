"""What every console of a kernel shares: which kernel (one to start, or a running one
found by its connection file), how to reach it (ssh), and whether leaving asks first.

:class:`KernelConsoleApp` is the base of ``jovi console`` and ``jovi qtconsole``; its
section is also read as ``JupyterConsoleApp``, the name both consoles' configuration
files use in Jupyter (``c.JupyterConsoleApp.existing``, ``.sshserver`` ...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import JoviApp, UsageError
from jovi.config import Alias, Bool, Flag, List, Str

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.kernels import KernelManager, SshTunnel
    from jovi.protocol import ConnectionInfo

__all__ = ["KernelConsoleApp"]


class KernelConsoleApp(JoviApp):
    """A console of one kernel: the options and steps ``jovi console`` and
    ``jovi qtconsole`` share."""

    config_aliases = ("JupyterConsoleApp",)

    existing = Str("", help="The connection file of a running kernel to connect to.")
    use_existing = Bool(
        False,
        help="Connect to a running kernel (--existing): the file given, else the newest "
        "connection file in the Jupyter runtime directory.",
    )
    kernel_name = Str("jovi", help="The kernel to start, when not connecting to one.")
    sshserver = Str("", help="Reach the kernel through ssh: user@host[:port].")
    sshkey = Str("", help="The private key to log in to the ssh server with.")
    ip = Str(
        "",
        help="The kernel's address: with --ssh, as seen from the ssh server (needed when "
        "the kernel listens on 0.0.0.0); else where a started kernel listens.",
    )
    ssh_options = List(str, help="More arguments for ssh, e.g. ['-F', '~/.ssh/other_config'].")
    confirm_exit = Bool(True, help="Ask before leaving (Ctrl-D, closing the window).")

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("existing", "KernelConsoleApp.existing", "Connect to this kernel.", "FILE"),
        Alias("kernel", "KernelConsoleApp.kernel_name", "The kernel to start.", "NAME"),
        Alias(
            "ssh", "KernelConsoleApp.sshserver", "Reach the kernel through ssh.", "USER@HOST[:PORT]"
        ),
        Alias("sshkey", "KernelConsoleApp.sshkey", "The key to log in with.", "FILE"),
        Alias("ip", "KernelConsoleApp.ip", "The kernel's address.", "ADDRESS"),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "existing",
            {"KernelConsoleApp": {"use_existing": True}},
            "Connect to the newest running kernel (or FILE, given after it).",
        ),
        Flag("confirm-exit", {"KernelConsoleApp": {"confirm_exit": True}}, "Ask before leaving."),
        Flag(
            "no-confirm-exit",
            {"KernelConsoleApp": {"confirm_exit": False}},
            "Leave without asking.",
        ),
    )

    def check_positionals(self) -> None:
        """A bare argument is a connection file only after ``--existing``.

        Raises:
            UsageError: it came without ``--existing``.
        """
        if self.positionals and not (self.use_existing or self.existing):
            raise UsageError(
                f"unexpected argument {self.positionals[0]!r}; to connect to a kernel, "
                "write --existing before its connection file"
            )

    def existing_connection(self) -> tuple[ConnectionInfo, Path] | None:
        """The running kernel asked for (``--existing [FILE]``), or None.

        Raises:
            ConnectionFileError: there is no such connection file, or it is unusable.
        """
        from jovi.client import find_connection_file, read_connection_file

        if not (self.use_existing or self.existing):
            return None
        name = self.existing or (self.positionals[0] if self.positionals else None)
        path = find_connection_file(name)
        return read_connection_file(path), path

    def start_kernel(self, extra_arguments: list[str] | None = None) -> KernelManager:
        """Start the kernel ``--kernel`` names (listening on ``--ip`` if given).

        Raises:
            UsageError: ``--ssh`` was given without a running kernel's file.
            KernelError: the kernel cannot be started.
        """
        from jovi.kernels import KernelManager

        if self.sshserver:
            raise UsageError(
                "--ssh reaches a kernel running on another machine: give its connection "
                "file with --existing FILE"
            )
        manager = KernelManager(self.kernel_name, config=self.config)
        if self.ip:
            manager.ip = self.ip
        if extra_arguments:
            manager.start_kernel(extra_arguments=extra_arguments)
        else:
            manager.start_kernel()
        return manager

    def tunnel(self, info: ConnectionInfo, path: Path) -> tuple[ConnectionInfo, SshTunnel, Path]:
        """Forward the kernel's ports through ``--ssh``; write ``<file>-ssh.json`` for
        other clients, and say so."""
        from jovi.kernels.tunnel import ssh_connection_file, tunnel_to_kernel

        local, handle = tunnel_to_kernel(
            info,
            self.sshserver,
            keyfile=self.sshkey or None,
            remote_ip=self.ip or None,
            options=self.ssh_options,
        )
        written = ssh_connection_file(path, local)
        print(f"To connect another client through this tunnel, use:\n    --existing {written.name}")
        return local, handle, written
