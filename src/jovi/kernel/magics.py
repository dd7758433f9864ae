"""Magics of the kernel: ``%connect_info``, ``%qtconsole``, ``%matplotlib`` (inline
figures), ``%edit`` (through the shell's output: an ``edit_magic`` payload), and the
terminal's aliases a frontend cannot run (``%clear``, ``%less``, ``%more``, ``%man``),
as ipykernel has them."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class

if TYPE_CHECKING:
    from jovi.kernel.kernel import Kernel

__all__ = ["MATPLOTLIB_CHOICES", "KernelMagics"]

MATPLOTLIB_CHOICES = ("inline", "agg")

CLEAR_SCREEN = "\x1b[H\x1b[2J"
"""What ``%clear`` prints: the ANSI codes that clear a terminal (the Qt console and
``jovi console`` clear; a notebook shows nothing)."""


@magics_class
class KernelMagics(Magics):
    """What only a kernel can do: tell how to connect to it, draw figures inline."""

    def __init__(self, shell: Any = None, *, kernel: Kernel | None = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        self.kernel = kernel
        self.consoles: list[subprocess.Popen[bytes]] = []
        """The Qt consoles ``%qtconsole`` opened."""

    @line_magic
    def connect_info(self, parameter_s: str = "") -> None:
        """Print this kernel's connection information and how to connect another client.

        Another client (``jovi console --existing``, ``jupyter console --existing``)
        connected to the same kernel sees the same namespace and the outputs of both.
        """
        del parameter_s
        kernel = self.kernel
        if kernel is None or kernel.connection_info is None:
            raise UsageError("this kernel was started without connection information")
        lines = [json.dumps(kernel.connection_info.to_json(), indent=2), ""]
        connection_file = kernel.connection_file
        if connection_file:
            path = Path(connection_file)
            lines += [
                "Connect another client to this kernel with:",
                f"    jovi console --existing {path.name}",
                "or, from another directory or machine, with the whole path:",
                f"    jovi console --existing {path.resolve()}",
                "(jupyter console --existing works the same way).",
            ]
        else:
            lines += [
                "Save the JSON above in a file and connect another client with:",
                "    jovi console --existing FILE",
            ]
        self.shell.output.write("\n".join(lines) + "\n")

    @line_magic
    def qtconsole(self, parameter_s: str = "") -> None:
        """Open a Qt console on this kernel: ``%qtconsole [jovi qtconsole options]``.

        The console is another client of the kernel (``jovi qtconsole --existing``):
        closing it leaves the kernel running.  Needs ``pip install jovi[qt]``.
        """
        kernel = self.kernel
        if kernel is None or not kernel.connection_file:
            raise UsageError("this kernel has no connection file for a console to use")
        command = [
            sys.executable,
            "-m",
            "jovi",
            "qtconsole",
            "--existing",
            str(Path(kernel.connection_file).resolve()),
            *shlex.split(parameter_s),
        ]
        # The console is the user's own window, not a part of this kernel: nobody waits
        # for it, and it is in a session of its own (an interrupt of the kernel's
        # process group does not reach it).  Consoles that ended are reaped here.
        self.consoles = [console for console in self.consoles if console.poll() is None]
        self.consoles.append(
            subprocess.Popen(  # noqa: S603 - this interpreter, jovi's own command
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
        )

    @line_magic
    def clear(self, parameter_s: str = "") -> None:
        """Clear the console (the frontend's screen; nothing in the namespace)."""
        del parameter_s
        self.shell.output.write(CLEAR_SCREEN)

    @line_magic
    def less(self, parameter_s: str = "") -> None:
        """Show a file in the frontend's pager: ``%less FILE`` (also ``%more``)."""
        name = parameter_s.strip()
        if not name:
            raise UsageError("%less needs a file name: %less FILE")
        path = Path(name).expanduser()
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise UsageError(f"cannot read {name}: {error.strerror or error}") from None
        self.shell.output.page({"text/plain": text})

    @line_magic
    def more(self, parameter_s: str = "") -> None:
        """Show a file in the frontend's pager: ``%more FILE`` (as ``%less``)."""
        self.less(parameter_s)

    @line_magic
    def man(self, parameter_s: str = "") -> None:
        """Show a manual page in the frontend's pager: ``%man [SECTION] NAME``."""
        words = parameter_s.split()
        if not words:
            raise UsageError("%man needs a page name: %man [SECTION] NAME")
        try:
            found = subprocess.run(  # noqa: S603 - man with the user's own words, no shell
                ["man", *words],  # noqa: S607 - man from the PATH, as on the terminal
                capture_output=True,
                text=True,
                env={**os.environ, "MANPAGER": "cat", "MANWIDTH": "80"},
                check=False,
            )
        except FileNotFoundError:
            raise UsageError("there is no man command on this machine") from None
        if found.returncode != 0 or not found.stdout:
            message = found.stderr.strip() or f"no manual entry for {' '.join(words)}"
            raise UsageError(message)
        self.shell.output.page({"text/plain": _without_overstrikes(found.stdout)})

    @line_magic
    def matplotlib(self, parameter_s: str = "") -> None:
        """Set up matplotlib in the kernel: ``%matplotlib [inline|agg]`` (default: inline).

        ``inline`` sends each figure a cell makes as an image when the cell ends
        (``%config InlineBackend.figure_format = 'svg'`` picks the format); ``agg``
        draws without showing anything.  ``%matplotlib --list`` shows the choices.
        Nothing is imported into your namespace.
        """
        choice = parameter_s.strip().lower() or "inline"
        if choice in ("-l", "--list"):
            self.shell.output.write(
                "Available matplotlib backends: " + ", ".join(MATPLOTLIB_CHOICES) + "\n"
            )
            return
        if choice == "auto":
            choice = "inline"
        if choice not in MATPLOTLIB_CHOICES:
            raise UsageError(
                f"the kernel shows figures inline; {choice!r} is not available here "
                f"(choose {' or '.join(MATPLOTLIB_CHOICES)})"
            )
        try:
            import matplotlib  # noqa: PLC0415 - only when asked for
        except ImportError:
            raise UsageError("matplotlib is not installed (pip install matplotlib)") from None
        if choice == "inline":
            from jovi.kernel.inline import activate  # noqa: PLC0415 - start-up cost

            activate(self.shell)
        else:
            matplotlib.use("agg", force=True)


_OVERSTRIKE = re.compile(".\b")


def _without_overstrikes(text: str) -> str:
    """``text`` without the backspace overstrikes man uses for bold and underline."""
    return _OVERSTRIKE.sub("", text)
