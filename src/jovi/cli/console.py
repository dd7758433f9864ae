"""``jovi console``: a terminal console for any Jupyter kernel.

``jovi console`` starts a kernel (jovi's, or ``--kernel NAME``) and talks to it;
``jovi console --existing [FILE]`` connects to a running kernel (the newest one in
the Jupyter runtime directory when FILE is left out).  ``--ssh user@host[:port]``
reaches a kernel on another machine through ssh port forwarding, and writes a
``<file>-ssh.json`` that other clients can use while the console runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, JoviApp, UsageError
from jovi.config import Alias, Bool, Flag, List, Str

if TYPE_CHECKING:
    from jovi.kernels import KernelManager, SshTunnel
    from jovi.protocol import ConnectionInfo

__all__ = ["ConsoleApp"]


class ConsoleApp(JoviApp):
    """``jovi console``: connect a terminal console to a kernel."""

    config_aliases = ("JupyterConsoleApp", "ZMQTerminalIPythonApp")

    command: ClassVar[str] = "jovi console"
    summary: ClassVar[str] = "a terminal console for any Jupyter kernel."
    usage: ClassVar[tuple[str, ...]] = (
        "[--kernel NAME] [options]             start a kernel and talk to it",
        "--existing [FILE] [options]           connect to a running kernel (the newest)",
        "--existing FILE --ssh USER@HOST[:PORT] [--sshkey KEY] [--ip ADDRESS]",
    )
    description: ClassVar[str] = (
        "Leaving stops a kernel the console started, never one it connected to.\n"
        "Ctrl-C interrupts running code; %restart or Ctrl-X Ctrl-R restarts a kernel\n"
        "the console started; %shutdown stops the kernel and leaves."
    )
    config_name: ClassVar[str | None] = "console"
    max_positionals: ClassVar[int | None] = 1

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

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("existing", "ConsoleApp.existing", "Connect to this kernel.", "FILE"),
        Alias("kernel", "ConsoleApp.kernel_name", "The kernel to start.", "NAME"),
        Alias("ssh", "ConsoleApp.sshserver", "Reach the kernel through ssh.", "USER@HOST[:PORT]"),
        Alias("sshkey", "ConsoleApp.sshkey", "The key to log in with.", "FILE"),
        Alias("ip", "ConsoleApp.ip", "The kernel's address.", "ADDRESS"),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "existing",
            {"ConsoleApp": {"use_existing": True}},
            "Connect to the newest running kernel (or FILE, given after it).",
        ),
        Flag(
            "confirm-exit",
            {"ConsoleFrontend": {"confirm_exit": True}},
            "Ask before leaving on Ctrl-D.",
        ),
        Flag(
            "no-confirm-exit",
            {"ConsoleFrontend": {"confirm_exit": False}},
            "Leave on Ctrl-D without asking.",
        ),
        Flag(
            "include-other-output",
            {"ConsoleFrontend": {"include_other_output": True}},
            "Show other clients' inputs and outputs, prefixed with [remote].",
        ),
    )

    def start(self) -> int:
        from jovi.client import AsyncKernelClient
        from jovi.errors import ConnectionFileError, KernelError
        from jovi.terminal.console.frontend import ConsoleFrontend

        if self.positionals and not (self.use_existing or self.existing):
            raise UsageError(
                f"unexpected argument {self.positionals[0]!r}; to connect to a kernel, "
                "write --existing before its connection file"
            )
        manager = None
        tunnel = None
        ssh_file: Path | None = None
        try:
            info, path, manager = self._kernel()
            if self.sshserver:
                info, tunnel, ssh_file = self._tunnel(info, path)
        except (ConnectionFileError, KernelError) as error:
            if manager is not None:
                manager.shutdown(now=True)
            raise UsageError(str(error)) from None
        client = AsyncKernelClient(info, manager=manager, time_to_dead=3.0)
        frontend = ConsoleFrontend(
            client, manager=manager, connection_file=str(path), config=self.config
        )
        try:
            return asyncio.run(frontend.run())
        except KeyboardInterrupt:  # before the prompt: while connecting
            if manager is not None:
                manager.shutdown(now=True)
            return EXIT_FAILURE
        finally:
            if tunnel is not None:
                tunnel.stop()
            if ssh_file is not None:
                with contextlib.suppress(OSError):
                    ssh_file.unlink()

    def _kernel(self) -> tuple[ConnectionInfo, Path, KernelManager | None]:
        """The kernel to talk to: an existing one, or one started now."""
        from jovi.client import find_connection_file, read_connection_file
        from jovi.kernels import KernelManager

        if self.use_existing or self.existing:
            name = self.existing or (self.positionals[0] if self.positionals else None)
            path = find_connection_file(name)
            return read_connection_file(path), path, None
        if self.sshserver:
            raise UsageError(
                "--ssh reaches a kernel running on another machine: give its connection "
                "file with --existing FILE"
            )
        manager = KernelManager(self.kernel_name, config=self.config)
        if self.ip:
            manager.ip = self.ip
        manager.start_kernel()
        return manager.connection_info, Path(manager.connection_file), manager

    def _tunnel(self, info: ConnectionInfo, path: Path) -> tuple[ConnectionInfo, SshTunnel, Path]:
        from jovi.kernels.tunnel import ssh_connection_file, tunnel_to_kernel

        local, tunnel = tunnel_to_kernel(
            info,
            self.sshserver,
            keyfile=self.sshkey or None,
            remote_ip=self.ip or None,
            options=self.ssh_options,
        )
        written = ssh_connection_file(path, local)
        print(f"To connect another client through this tunnel, use:\n    --existing {written.name}")
        return local, tunnel, written
