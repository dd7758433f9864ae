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
from typing import ClassVar

from jovi.cli.app import EXIT_FAILURE, UsageError
from jovi.cli.kernel_console import KernelConsoleApp
from jovi.config import Flag

__all__ = ["ConsoleApp"]


class ConsoleApp(KernelConsoleApp):
    """``jovi console``: connect a terminal console to a kernel."""

    config_aliases = ("ZMQTerminalIPythonApp",)

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

    flags: ClassVar[tuple[Flag, ...]] = (
        *(f for f in KernelConsoleApp.flags if f.name not in {"confirm-exit", "no-confirm-exit"}),
        Flag(
            "confirm-exit",
            {"KernelConsoleApp": {"confirm_exit": True}, "ConsoleFrontend": {"confirm_exit": True}},
            "Ask before leaving on Ctrl-D.",
        ),
        Flag(
            "no-confirm-exit",
            {
                "KernelConsoleApp": {"confirm_exit": False},
                "ConsoleFrontend": {"confirm_exit": False},
            },
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

        self.check_positionals()
        manager = None
        tunnel = None
        ssh_file: Path | None = None
        try:
            existing = self.existing_connection()
            if existing is None:
                manager = self.start_kernel()
                info, path = manager.connection_info, Path(manager.connection_file)
            else:
                info, path = existing
                if self.sshserver:
                    info, tunnel, ssh_file = self.tunnel(info, path)
        except (ConnectionFileError, KernelError) as error:
            if manager is not None:
                manager.shutdown(now=True)
            raise UsageError(str(error)) from None
        client = AsyncKernelClient(info, manager=manager, time_to_dead=3.0)
        frontend = ConsoleFrontend(
            client, manager=manager, connection_file=str(path), config=self.config
        )
        if not self.confirm_exit:  # c.JupyterConsoleApp.confirm_exit = False, --no-confirm-exit
            frontend.confirm_exit = False
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
