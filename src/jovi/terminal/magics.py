"""Magics of the terminal shell: ``%gui``, ``%matplotlib``, ``%pylab``, ``%autoindent``,
``%exit``."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from jovi.errors import UsageError
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, line_magic, magics_class

if TYPE_CHECKING:
    from jovi.terminal.shell import TerminalInteractiveShell

__all__ = ["MATPLOTLIB_BACKENDS", "TerminalMagics"]

# %matplotlib name -> (matplotlib backend, the GUI event loop it needs)
MATPLOTLIB_BACKENDS: dict[str, tuple[str, str | None]] = {
    "tk": ("TkAgg", "tk"),
    "qt": ("QtAgg", "qt"),
    "gtk": ("GTK3Agg", "gtk"),
    "agg": ("agg", None),
    "inline": ("inline", None),
}


@magics_class
class TerminalMagics(Magics):
    """Event loops, plotting and the line editor."""

    shell: TerminalInteractiveShell

    @line_magic
    def gui(self, parameter_s: str = "") -> None:
        """Run a GUI toolkit's event loop while the prompt waits: ``%gui tk``, ``%gui qt``.

        With no argument (or ``none``), stop running any.  Do not start the toolkit's
        own main loop: jovi runs it whenever it waits for input.
        """
        name = parameter_s.strip().lower()
        if name in ("", "none"):
            self.shell.enable_gui(None)
            return
        self.shell.enable_gui(name)

    @line_magic
    def matplotlib(self, parameter_s: str = "") -> None:
        """Set up matplotlib for interactive use: ``%matplotlib [tk|qt|gtk|agg|auto]``.

        Windows stay responsive while the prompt waits; nothing is imported into your
        namespace.  ``%matplotlib --list`` shows the choices.  (``inline`` is for the
        kernel and rich frontends.)
        """
        choice = parameter_s.strip().lower() or "auto"
        if choice in ("-l", "--list"):
            self.shell.output.write(
                "Available matplotlib backends: " + ", ".join(["auto", *MATPLOTLIB_BACKENDS]) + "\n"
            )
            return
        backend = self._use_backend(choice)
        self.shell.output.write(f"Using matplotlib backend: {backend}\n")

    def _use_backend(self, choice: str) -> str:
        """Select matplotlib's backend (and the GUI loop it needs); return its name."""
        if importlib.util.find_spec("matplotlib") is None:
            raise UsageError("matplotlib is not installed (pip install matplotlib)")
        if choice == "auto":
            choice = next((gui for gui in ("qt", "tk", "gtk") if _importable(gui)), "agg")
        if choice == "inline":
            raise UsageError(
                "the inline backend draws into rich frontends; in the terminal use %matplotlib tk or qt"
            )
        if choice not in MATPLOTLIB_BACKENDS:
            raise UsageError(
                f"unknown backend {choice!r}; choose one of: auto, {', '.join(MATPLOTLIB_BACKENDS)}"
            )
        backend, gui = MATPLOTLIB_BACKENDS[choice]
        import matplotlib  # noqa: PLC0415 - only when asked for

        try:
            matplotlib.use(backend, force=True)
        except Exception as error:  # noqa: BLE001 - a backend that cannot load is explained
            raise UsageError(f"matplotlib cannot use {backend} here: {error}") from None
        import matplotlib.pyplot as plt  # noqa: PLC0415

        plt.ion()
        if gui is not None:
            self.shell.enable_gui(gui)
        return backend

    @magic_arguments()
    @argument(
        "--no-import-all",
        action="store_true",
        help="Do not run 'from matplotlib.pylab import *' and 'from numpy import *'.",
    )
    @argument(
        "gui",
        nargs="?",
        default="auto",
        help="The backend, as for %%matplotlib: auto, tk, qt, gtk or agg.",
    )
    @line_magic
    def pylab(self, parameter_s: str = "") -> None:
        """Set up matplotlib as %matplotlib does, and import numpy and matplotlib names.

        Adds ``numpy``, ``matplotlib``, ``pylab``, ``mlab``, ``pyplot``, ``np``, ``plt``,
        ``display``, ``figsize`` and ``getfigs``, and (unless ``--no-import-all``) every
        name of ``matplotlib.pylab`` and ``numpy``, which replaces builtins such as
        ``sum`` and ``max``: you are told which of your names were replaced.  Prefer
        ``%matplotlib`` with explicit imports.
        """
        from jovi.shell.pylab import import_pylab  # noqa: PLC0415

        args = parse_argstring(self.pylab, parameter_s)
        backend = self._use_backend(args.gui.lower())
        import_pylab(self.shell, backend, import_all=not args.no_import_all)

    @line_magic
    def autoindent(self, parameter_s: str = "") -> None:
        """Toggle automatic indentation of new lines in blocks."""
        self.shell.autoindent = not self.shell.autoindent
        self.shell.output.write(
            f"Automatic indentation is: {'ON' if self.shell.autoindent else 'OFF'}\n"
        )

    @line_magic
    def exit(self, parameter_s: str = "") -> None:
        """Leave jovi (also: exit, quit, Ctrl-D)."""
        self.shell.ask_exit()

    @line_magic
    def quit(self, parameter_s: str = "") -> None:
        """Leave jovi (also: exit, quit, Ctrl-D)."""
        self.shell.ask_exit()


def _importable(gui: str) -> bool:
    module = {"tk": "tkinter", "qt": "PySide6", "gtk": "gi"}[gui]
    return importlib.util.find_spec(module) is not None
