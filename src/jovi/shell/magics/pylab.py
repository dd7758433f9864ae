"""``%gui``, ``%matplotlib`` and ``%pylab`` as the engine offers them.

Each asks the shell (``enable_gui``, ``enable_matplotlib``), so a frontend decides
what they do: jovi's terminal replaces these magics with its own (windows that stay
responsive at the prompt), the kernel has its own ``%matplotlib`` (inline figures)
and uses these ``%gui`` and ``%pylab``.  The engine alone draws off screen.
"""

from __future__ import annotations

from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, line_magic, magics_class

__all__ = ["PylabMagics"]


@magics_class
class PylabMagics(Magics):
    """Event loops and plotting, as far as the shell running them allows."""

    @line_magic
    def gui(self, parameter_s: str = "") -> None:
        """Run a GUI toolkit's event loop while the shell waits for input: ``%gui qt``.

        With no argument (or ``none``), stop running any.  Which toolkits work depends
        on the frontend: jovi's terminal runs tk, qt and gtk; an engine embedded in
        your own program waits for no input and runs none.
        """
        name = parameter_s.strip().lower()
        self.shell.enable_gui(None if name in ("", "none") else name)

    @line_magic
    def matplotlib(self, parameter_s: str = "") -> None:
        """Set up matplotlib for interactive use: ``%matplotlib [BACKEND]``.

        Nothing is imported into your namespace.  Here figures are drawn off screen
        (agg by default, or another backend named: svg, pdf...); jovi's terminal opens
        windows and the kernel shows figures inline.  ``%matplotlib --list`` shows the
        choices.
        """
        from jovi.shell.pylab import OFF_SCREEN_BACKENDS  # noqa: PLC0415 - start-up cost

        choice = parameter_s.strip()
        if choice in ("-l", "--list"):
            self.shell.output.write(
                "Available matplotlib backends: " + ", ".join(OFF_SCREEN_BACKENDS) + "\n"
            )
            return
        _gui, backend = self.shell.enable_matplotlib(choice or None)
        self.shell.output.write(f"Using matplotlib backend: {backend}\n")

    @magic_arguments()
    @argument(
        "--no-import-all",
        action="store_true",
        help="Do not run 'from matplotlib.pylab import *' and 'from numpy import *'.",
    )
    @argument("gui", nargs="?", default=None, help="The backend, as for %%matplotlib.")
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
        _gui, backend = self.shell.enable_matplotlib(args.gui)
        import_pylab(self.shell, backend, import_all=not args.no_import_all)
