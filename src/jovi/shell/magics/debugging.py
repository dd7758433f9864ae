"""Debugging: ``%debug``/``%%debug``, ``%pdb`` and ``%tb``."""

from __future__ import annotations

import sys

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, line_cell_magic, line_magic, magics_class, no_var_expand
from jovi.shell.magic.leading import split_leading_options

__all__ = ["DebuggingMagics", "last_exception"]

_ON = {"on", "1", "true", "yes"}
_OFF = {"off", "0", "false", "no"}
_DEBUGGED_FILE = "<jovi-debug>"


def last_exception() -> BaseException | None:
    """The last exception reported by the shell (``sys.last_exc`` / ``sys.last_value``)."""
    error = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
    return error if isinstance(error, BaseException) else None


@magics_class
class DebuggingMagics(Magics):
    """The debugger and the last traceback."""

    @line_cell_magic
    @no_var_expand
    def debug(self, line: str = "", cell: str | None = None) -> None:
        """Open the debugger (prompt ``ipdb>``).

        With nothing after it: post-mortem on the last exception, at the frame where
        it was raised (``up`` and ``down`` walk the stack, ``p x`` prints a variable,
        ``q`` leaves).  With a statement (``%debug f(1)``) or as a cell magic
        (``%%debug``): run that code under the debugger, stopping at its first line.
        Besides pdb's commands, ``pinfo``, ``pinfo2``, ``pdef``, ``pdoc``, ``psource``
        and ``pfile`` show what ``obj?`` shows; Tab completes names.

        Options:
          -b FILE:LINE, --breakpoint FILE:LINE
                  Run the code until it reaches LINE of FILE instead of stopping at
                  the first line.
        """
        opts, statement = split_leading_options(
            line, "b:", magic="debug", long_options={"breakpoint": "b"}
        )
        if cell is not None:
            statement = f"{statement}\n{cell}" if statement.strip() else cell
        if not statement.strip():
            if opts:
                raise UsageError("%debug -b needs code to run, e.g. %debug -b mod.py:12 main()")
            self._post_mortem()
            return
        self._run(statement, opts["b"][-1] if "b" in opts else None)

    def _post_mortem(self) -> None:
        from jovi.shell.debugger import post_mortem  # noqa: PLC0415 - pdb is loaded on demand

        error = last_exception()
        tb = error.__traceback__ if error is not None else getattr(sys, "last_traceback", None)
        if tb is None:
            raise UsageError("No traceback has been produced, nothing to debug.")
        post_mortem(self.shell, tb)

    def _run(self, statement: str, breakpoint_spec: str | None) -> None:
        from jovi.shell.cells import register_cell  # noqa: PLC0415 - start-up cost
        from jovi.shell.debugger import Debugger, find_breakpoint  # noqa: PLC0415 - start-up cost

        shell = self.shell
        source = shell.transform_cell(statement)
        register_cell(_DEBUGGED_FILE, source)
        try:
            code = compile(source, _DEBUGGED_FILE, "exec", dont_inherit=True)
        except SyntaxError as error:
            shell.showsyntaxerror(error)
            return
        stop_at = None
        if breakpoint_spec is not None:
            stop_at = find_breakpoint(breakpoint_spec, _DEBUGGED_FILE, code)
        Debugger(shell).run_code(code, shell.user_global_ns, shell.user_ns, stop_at=stop_at)

    @line_magic
    def pdb(self, parameter_s: str = "") -> None:
        """Start the debugger automatically after every uncaught exception: on or off.

        ``%pdb on`` (or 1), ``%pdb off`` (or 0); with no argument, toggle.  The
        ``--pdb`` command-line flag and ``InteractiveShell.pdb`` set it at start-up.
        """
        word = parameter_s.strip().lower()
        shell = self.shell
        if not word:
            shell.pdb = not shell.pdb
        elif word in _ON:
            shell.pdb = True
        elif word in _OFF:
            shell.pdb = False
        else:
            raise UsageError(f"%pdb: expected on or off (or nothing, to toggle), not {word!r}")
        shell.output.write(
            f"Automatic pdb calling has been turned {'ON' if shell.pdb else 'OFF'}\n"
        )

    @line_magic
    def tb(self, parameter_s: str = "") -> None:
        """Show the last traceback again, in the current %xmode (e.g. %xmode Verbose first).

        Also shows the full traceback of a ``sys.exit()`` with an error status.
        """
        error = last_exception()
        if error is None:
            raise UsageError("No traceback available to show.")
        shell = self.shell
        formatter = shell.traceback_formatter
        if isinstance(error, SyntaxError) and getattr(sys, "last_traceback", None) is None:
            shell.output.show_error(formatter.report_syntax_error(error))  # as it was shown
            return
        shell.output.show_error(formatter.report(error))
