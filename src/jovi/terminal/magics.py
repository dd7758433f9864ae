"""Magics of the terminal shell: ``%gui``, ``%matplotlib``, ``%pylab``, ``%autoindent``,
``%exit``."""

from __future__ import annotations

import importlib.util
import os
import sys
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
        """Set up matplotlib for interactive use: ``%matplotlib [tk|qt|gtk|agg|inline|auto]``.

        Windows stay responsive while the prompt waits; nothing is imported into your
        namespace.  ``%matplotlib --list`` shows the choices.  Without a display
        (``$DISPLAY`` unset, on Linux), a window backend falls back to agg, which
        draws without showing: save figures with ``plt.savefig()``.  ``inline`` draws
        figures below the cell in terminals that show images (kitty, iTerm2, sixel);
        elsewhere it opens windows, or uses agg without a display.
        """
        choice = parameter_s.strip().lower() or "auto"
        if choice in ("-l", "--list"):
            self.shell.output.write(
                "Available matplotlib backends: " + ", ".join(["auto", *MATPLOTLIB_BACKENDS]) + "\n"
            )
            return
        backend, note = self._use_backend(choice)
        self.shell.output.write((note or f"Using matplotlib backend: {backend}") + "\n")

    def _use_backend(self, choice: str) -> tuple[str, str]:
        """Select matplotlib's backend (and the GUI loop it needs); its name, and the line
        that says why it is not the one asked for ('' when it is)."""
        if importlib.util.find_spec("matplotlib") is None:
            raise UsageError("matplotlib is not installed (pip install matplotlib)")
        no_images = False
        if choice == "inline":
            from jovi.terminal.console.images import detect_protocol  # noqa: PLC0415 - start-up cost

            protocol = detect_protocol()
            if protocol is not None:
                return self._use_inline(protocol), ""
            choice, no_images = "auto", True
        if choice == "auto":
            choice = next((gui for gui in ("qt", "tk", "gtk") if _importable(gui)), "agg")
        if choice not in MATPLOTLIB_BACKENDS:
            raise UsageError(
                f"unknown backend {choice!r}; choose one of: auto, {', '.join(MATPLOTLIB_BACKENDS)}"
            )
        backend, gui = MATPLOTLIB_BACKENDS[choice]
        missing = _missing_display() if gui is not None else None
        cannot_draw = "this terminal cannot show images (kitty, iTerm2 or sixel)"
        note = (
            f"jovi: {cannot_draw}: figures open in windows ({backend}) instead."
            if no_images
            else ""
        )
        if missing is not None:
            backend, gui = MATPLOTLIB_BACKENDS["agg"]
            why = f"{cannot_draw} and {missing}" if no_images else f"{missing}, so no windows"
            note = (
                f"jovi: {why}: using matplotlib's non-interactive agg backend; "
                "save figures with plt.savefig()."
            )
        self._select(backend)
        self._stop_drawing_inline()
        if gui is not None:
            self.shell.enable_gui(gui)
        return backend, note

    def _stop_drawing_inline(self) -> None:
        """After ``%matplotlib inline``, another backend's figures stay out of the terminal."""
        inline = sys.modules.get("jovi.terminal.mplinline")
        if inline is not None and inline.draw_open_figures in self.shell.events.callbacks.get(
            "post_run_cell", []
        ):
            self.shell.events.unregister("post_run_cell", inline.draw_open_figures)

    def _select(self, backend: str) -> None:
        import matplotlib  # noqa: PLC0415 - only when asked for

        try:
            matplotlib.use(backend, force=True)
        except Exception as error:  # noqa: BLE001 - a backend that cannot load is explained
            raise UsageError(f"matplotlib cannot use {backend} here: {error}") from None
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency

        plt.ion()

    def _use_inline(self, protocol: str) -> str:
        """Draw figures into the terminal after each cell, with ``protocol``."""
        from jovi.terminal import mplinline  # noqa: PLC0415 - imports matplotlib

        self._select(mplinline.BACKEND)
        mplinline.use_protocol(protocol)
        self.shell.events.register("post_run_cell", mplinline.draw_open_figures)
        return f"inline ({protocol} images)"

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
        from jovi.shell.pylab import import_pylab  # noqa: PLC0415 - start-up cost

        args = parse_argstring(self.pylab, parameter_s)
        backend, note = self._use_backend(args.gui.lower())
        if note:
            self.shell.output.write(note + "\n")
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


def _missing_display() -> str | None:
    """Why windows cannot open here (no X11 or Wayland display on Linux), or None."""

    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "there is no display ($DISPLAY is not set)"


def _importable(gui: str) -> bool:
    module = {"tk": "tkinter", "qt": "PySide6", "gtk": "gi"}[gui]
    return importlib.util.find_spec(module) is not None
