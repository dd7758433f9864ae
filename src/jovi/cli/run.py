"""``jovi run``: run files on a kernel (any Jupyter kernel) and show their output.

``jovi run script.py`` starts a kernel (jovi's, or ``--kernel NAME``), runs each file
in turn as one cell, and stops the kernel; ``--existing FILE`` runs on a kernel that
is already running (and leaves it running).  Without files, the code is read from
standard input.  Outputs appear as they come: streams as they are, results and
displays as their text, errors as their traceback on standard error.  An error stops
the run: the files after it are not run and the exit status is 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp, UsageError
from jovi.config import Alias, Float, Str

if TYPE_CHECKING:
    from jovi.client import BlockingKernelClient
    from jovi.kernels import KernelManager

__all__ = ["RunApp"]


class RunApp(JoviApp):
    """``jovi run``: run files on a kernel."""

    command: ClassVar[str] = "jovi run"
    summary: ClassVar[str] = "run files on a kernel and show their output."
    usage: ClassVar[tuple[str, ...]] = (
        "[--kernel NAME] [options] [FILE ...]      start a kernel, run each FILE, stop it",
        "--existing CONNECTION_FILE [FILE ...]     run on a running kernel",
    )
    description: ClassVar[str] = (
        "Without FILE the code is read from standard input.  Each file runs as one\n"
        "cell; an error stops the run with exit status 1."
    )
    config_name: ClassVar[str | None] = "run"
    max_positionals: ClassVar[int | None] = None

    kernel_name = Str("jovi", help="The kernel to start, when not running on an existing one.")
    existing = Str("", help="The connection file of a running kernel to run the files on.")
    timeout = Float(
        0.0, min=0.0, help="Seconds each file may run before jovi run gives up (0: no limit)."
    )
    startup_timeout = Float(60.0, min=0.0, help="Seconds to wait for the kernel to be ready.")

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("kernel", "RunApp.kernel_name", "The kernel to start.", "NAME"),
        Alias("existing", "RunApp.existing", "Run on this running kernel.", "FILE"),
        Alias("timeout", "RunApp.timeout", "Seconds each file may run (0: no limit).", "SECONDS"),
    )

    def start(self) -> int:
        from jovi.errors import ConnectionFileError, KernelError

        sources = self._sources()
        manager: KernelManager | None = None
        client: BlockingKernelClient | None = None
        try:
            manager, client = self._connect()
            # Input typed at the terminal can answer input(); code read from standard
            # input leaves nothing to answer with.
            allow_stdin = bool(self.positionals) and sys.stdin.isatty()
            for name, code in sources:
                reply = client.execute_interactive(
                    code, timeout=self.timeout or None, allow_stdin=allow_stdin
                )
                if reply.content.status != "ok":
                    print(f"jovi run: {name} failed; the run stops here.", file=sys.stderr)
                    return EXIT_FAILURE
        except (ConnectionFileError, KernelError) as error:
            print(f"jovi run: {error}", file=sys.stderr)
            return EXIT_FAILURE
        except KeyboardInterrupt:
            # A kernel started here is stopped below; a running one keeps its work.
            print("jovi run: interrupted.", file=sys.stderr)
            return EXIT_FAILURE
        finally:
            if client is not None:
                client.stop_channels()
            if manager is not None:
                manager.shutdown()
        return EXIT_OK

    def _sources(self) -> list[tuple[str, str]]:
        """``(name, code)`` of each file, or of standard input."""
        if not self.positionals:
            return [("standard input", sys.stdin.read())]
        sources = []
        for name in self.positionals:
            try:
                sources.append((name, Path(name).read_text(encoding="utf-8")))
            except OSError as error:
                raise UsageError(f"cannot read {name}: {error.strerror or error}") from None
            except UnicodeDecodeError:
                raise UsageError(f"cannot read {name}: it is not UTF-8 text") from None
        return sources

    def _connect(self) -> tuple[KernelManager | None, BlockingKernelClient]:
        """The kernel to run on and a ready client of it (and its manager, if started)."""
        from jovi.client import BlockingKernelClient, find_connection_file, read_connection_file
        from jovi.kernels import KernelManager

        if self.existing:
            info = read_connection_file(find_connection_file(self.existing))
            client = BlockingKernelClient(info)
            client.start_channels()
            client.wait_for_ready(self.startup_timeout)
            return None, client
        manager = KernelManager(self.kernel_name, config=self.config)
        manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(self.startup_timeout)
        except BaseException:
            client.stop_channels()
            manager.shutdown(now=True)
            raise
        return manager, client
