"""``%%capture``: run a cell, keeping what it prints and displays."""

from __future__ import annotations

from jovi.errors import UsageError
from jovi.shell.capture import capture_output
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, cell_magic, magics_class

__all__ = ["CaptureMagics"]


@magics_class
class CaptureMagics(Magics):
    """Capturing a cell's output."""

    @magic_arguments("%capture")
    @argument(
        "output",
        nargs="?",
        default="",
        help="The variable that receives the captured output (a CapturedIO object); "
        "without it, the output is thrown away.",
    )
    @argument("--no-stdout", action="store_true", help="Let standard output through.")
    @argument("--no-stderr", action="store_true", help="Let error output through.")
    @argument(
        "--no-display",
        action="store_true",
        help="Let displays through (display(), the cell's result).",
    )
    @cell_magic
    def capture(self, line: str, cell: str) -> None:
        """Run the cell and capture its standard output, error output and displays.

        ``%%capture captured`` keeps them in ``captured``: ``captured.stdout``,
        ``captured.stderr``, ``captured.outputs`` (the displays, the cell's result
        included), and ``captured()`` or ``captured.show()`` shows everything again.
        Errors are not captured: a traceback still shows.
        """
        args = parse_argstring(self.capture, line)
        if args.output and not args.output.isidentifier():
            raise UsageError(f"%%capture: {args.output!r} is not a variable name")
        with capture_output(
            not args.no_stdout, not args.no_stderr, not args.no_display, shell=self.shell
        ) as captured:
            self.shell.run_cell(cell)
        if args.output:
            self.shell.user_ns[args.output] = captured
