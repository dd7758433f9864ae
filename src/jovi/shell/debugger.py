"""jovi's debugger: pdb with the shell's colours, source context and completion.

:class:`Debugger` is :class:`pdb.Pdb` (every pdb command works, prompt ``ipdb> ``)
that shows each stop as jovi's tracebacks show a frame: the location, then a few
lines of source with ``---->`` at the current one, in the shell's colour scheme.
Frames of jovi itself and of bdb/pdb are left out of the stack, so ``up`` and
``where`` show only the user's code.  Tab completes with the shell's completer in
the namespace of the current frame, and ``pinfo``, ``pinfo2``, ``pdef``, ``pdoc``,
``psource`` and ``pfile`` show what ``obj?`` shows.

Entry points: :func:`post_mortem` (``%debug``, ``%pdb``), :func:`set_trace` (a
breakpoint in code) and :meth:`Debugger.run_code` (``%run -d``, ``%debug stmt``).
"""

from __future__ import annotations

import bdb
import builtins
import contextlib
import inspect
import linecache
import pdb  # noqa: T100 - this module is jovi's debugger
import reprlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import StdinNotImplementedError, UsageError
from jovi.shell.cells import cell_label
from jovi.shell.current import current_shell
from jovi.shell.tracebacks.colors import scheme

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import CodeType, FrameType, TracebackType

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = [
    "BREAKPOINT_TRIES",
    "NO_STDIN",
    "PROMPT",
    "Debugger",
    "InterruptibleDebugger",
    "automatic_post_mortem",
    "executable_lines",
    "find_breakpoint",
    "post_mortem",
    "set_trace",
]

BREAKPOINT_TRIES = 10
NO_STDIN = "the debugger reads commands from standard input, which cannot be read here"
PROMPT = "ipdb> "
_INTERNAL_MODULES = ("bdb", "pdb")
_EXPRESSION_COMMANDS = (
    "p",
    "pp",
    "print",
    "display",
    "whatis",
    "source",
    "interact",
    "debug",
    "pinfo",
    "pinfo2",
    "pdef",
    "pdoc",
    "psource",
    "pfile",
)


def _is_internal(frame: FrameType) -> bool:
    module = frame.f_globals.get("__name__", "")
    if not isinstance(module, str):
        return False
    return module in _INTERNAL_MODULES or module == "jovi" or module.startswith("jovi.")


def find_breakpoint(spec: str, default_file: str, code: CodeType) -> tuple[str, int]:
    """Where ``-b LINE`` or ``-b FILE:LINE`` stops: the first line with code from there.

    ``code`` is the compiled ``default_file`` (used when no FILE is given).  Up to
    :data:`BREAKPOINT_TRIES` lines after a line without code are tried.

    Raises:
        UsageError: no such file, no line number, or no code near the line.
    """
    filename, _, number = spec.rpartition(":")
    if not number.isdigit():
        raise UsageError(f"-b {spec}: give a line number, or FILE:LINE")
    target = default_file
    if filename:
        other = Path(filename).expanduser()
        if not other.is_file():
            raise UsageError(f"-b {spec}: there is no file {filename}")
        target = str(other.resolve())
        try:
            code = compile(other.read_text(encoding="utf-8"), target, "exec")
        except (OSError, SyntaxError, ValueError) as error:
            raise UsageError(f"-b {spec}: cannot read {filename}: {error}") from None
    lines = executable_lines(code)
    first = int(number)
    for line in range(first, first + BREAKPOINT_TRIES + 1):
        if line in lines:
            return target, line
    raise UsageError(
        f"no code on lines {first} to {first + BREAKPOINT_TRIES} of {target}; "
        "set the breakpoint on a line that does something."
    )


def executable_lines(code: CodeType) -> set[int]:
    """Every line number that has code in ``code`` and the functions and classes in it."""
    lines: set[int] = set()
    stack = [code]
    while stack:
        current = stack.pop()
        lines.update(line for _start, _end, line in current.co_lines() if line is not None)
        stack.extend(const for const in current.co_consts if hasattr(const, "co_lines"))
    return lines


class _FrameView:
    """What the completer needs of a shell, answered from a debugged frame."""

    def __init__(self, shell: InteractiveShell, frame: FrameType) -> None:
        self._shell = shell
        self.user_ns: dict[str, Any] = dict(frame.f_locals)
        self.user_global_ns: dict[str, Any] = frame.f_globals
        self.automagic = False
        self.magics_manager = shell.magics_manager

    def find_line_magic(self, name: str) -> Any:
        return self._shell.find_line_magic(name)

    def lookup(self, name: str) -> tuple[bool, object]:
        for namespace in (self.user_ns, self.user_global_ns, builtins.__dict__):
            if name in namespace:
                return True, namespace[name]
        return False, None


class Debugger(pdb.Pdb):
    """pdb with jovi's colours, context lines, completion and ``?``-style commands."""

    def __init__(
        self,
        shell: InteractiveShell | None = None,
        *,
        color_scheme: str | None = None,
        context: int = 3,
        stdin: Any = None,
        stdout: Any = None,
    ) -> None:
        super().__init__(stdin=stdin, stdout=stdout, skip=["jovi", "jovi.*"])
        self.shell = shell
        name = color_scheme or (getattr(shell, "colors", None) if shell is not None else None)
        self.colors = scheme(name or "NoColor")
        self.context = max(context, 0)
        self.prompt = PROMPT
        self._run_to_breakpoint = False

    # ------------------------------------------------------------------ input

    def cmdloop(self, intro: str | None = None) -> None:
        """pdb's command loop; a standard input that cannot be read ends it with a UsageError."""
        try:
            super().cmdloop(intro)
        except (OSError, RuntimeError, StdinNotImplementedError):
            self.set_quit()
            raise UsageError(NO_STDIN) from None

    # ------------------------------------------------------------------ the stack

    def setup(self, f: FrameType | None, tb: TracebackType | None) -> Any:
        result = super().setup(f, tb)
        current = self.stack[self.curindex][0] if self.stack else None
        kept = [entry for entry in self.stack if entry[0] is current or not _is_internal(entry[0])]
        if kept and len(kept) != len(self.stack):
            self.stack = kept
            self.curindex = next(i for i, entry in enumerate(kept) if entry[0] is current)
        return result

    def print_stack_entry(
        self, frame_lineno: tuple[FrameType, int], prompt_prefix: str = pdb.line_prefix
    ) -> None:
        frame, lineno = frame_lineno
        marker = "> " if frame is self.curframe else "  "
        self.message(marker + self._location(frame, lineno))
        context = self._source_context(frame, lineno)
        if context:
            self.message(context)

    def _location(self, frame: FrameType, lineno: int) -> str:
        paint = self.colors.paint
        filename = frame.f_code.co_filename
        place = paint("filename", cell_label(filename)) + f"({paint('lineno', str(lineno))})"
        name = frame.f_code.co_name
        text = place + paint("function", name) + "()"
        if "__return__" in frame.f_locals:
            text += "->" + _safe_repr(frame.f_locals["__return__"])
        return text

    def _source_context(self, frame: FrameType, lineno: int) -> str:
        filename = frame.f_code.co_filename
        first = max(lineno - self.context, 1)
        lines = [
            (number, linecache.getline(filename, number, frame.f_globals))
            for number in range(first, lineno + self.context + 1)
        ]
        while lines and not lines[-1][1]:
            lines.pop()
        if not lines:
            return ""
        width = len(str(lines[-1][0]))
        out = []
        for number, text in lines:
            text = text.rstrip("\n")
            if number == lineno:
                arrow = self.colors.paint("arrow", f"----> {number:>{width}}")
                out.append(f"{arrow} {self.colors.paint('error_line', text)}")
            else:
                out.append(f"{' ' * 6}{number:>{width}} {text}")
        return "\n".join(out)

    # ------------------------------------------------------------------ running code

    def user_line(self, frame: FrameType) -> None:
        if self._run_to_breakpoint:
            self._run_to_breakpoint = False
            filename = self.canonic(frame.f_code.co_filename)
            if not self.get_breaks(filename, frame.f_lineno):
                self.set_continue()
                return
        super().user_line(frame)

    def run_code(
        self,
        code: CodeType,
        globals_: dict[str, Any],
        locals_: Mapping[str, Any] | None = None,
        *,
        stop_at: tuple[str, int] | None = None,
    ) -> None:
        """Run ``code`` under the debugger: stop at its first line, or at ``stop_at``.

        ``stop_at`` is ``(filename, line)``; the line must have code (see
        :func:`executable_lines`).  Quitting the debugger (``q``) stops the code.
        """
        self.reset()
        if stop_at is not None:
            filename, line = stop_at
            problem = self.set_break(self.canonic(filename), line)
            if problem:
                raise ValueError(problem)
            self._run_to_breakpoint = True
        try:
            self.run(code, globals_, locals_)
        finally:
            self._run_to_breakpoint = False
            if stop_at is not None:
                self.clear_all_breaks()

    # ------------------------------------------------------------------ completion

    def _jovi_complete(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        if self.shell is None or self.curframe is None:
            return []
        from jovi.shell.completion import Completer  # noqa: PLC0415 - only when Tab is pressed

        completer = Completer(shell=_FrameView(self.shell, self.curframe))
        found = completer.completions(line[:endidx], endidx)
        typed = line[:begidx]
        candidates = (line[: c.start] + c.text for c in found)
        return [full[begidx:] for full in candidates if full.startswith(typed)]

    def completedefault(self, text: str, line: str, begidx: int, endidx: int) -> list[str]:
        return self._jovi_complete(text, line, begidx, endidx)

    def completenames(self, text: str, *ignored: Any) -> list[str]:
        """Command names, then names of the current frame (a line may be an expression)."""
        commands: list[str] = super().completenames(text, *ignored)
        if len(ignored) >= 3:
            line, begidx, endidx = ignored[:3]
            extra = self._jovi_complete(text, str(line), int(begidx), int(endidx))
            commands += [name for name in extra if name not in commands]
        return commands

    # ------------------------------------------------------------------ introspection

    def _evaluate(self, expression: str, command: str) -> tuple[bool, Any]:
        """``(True, value)`` of an expression in the current frame, or report why not."""
        if not expression or self.curframe is None:
            self.error(f"give the name of an object, e.g. {command} x")
            return False, None
        try:
            return True, eval(expression, self.curframe.f_globals, self.curframe_locals)  # noqa: S307 - the user's own debugging expression
        except Exception as error:  # noqa: BLE001 - reported as pdb reports errors
            self.error(f"{type(error).__name__}: {error}")
            return False, None

    def _inspect(self, arg: str, detail_level: int, field: str | None = None) -> None:
        from jovi.shell.introspection import (  # noqa: PLC0415 - start-up cost
            FoundObject,
            object_info,
            render_text,
        )

        name = arg.strip()
        found, obj = self._evaluate(name, "pinfo")
        if not found:
            return
        info = object_info(FoundObject(name, True, obj, "Locals"), detail_level)
        if field is None:
            self.message(render_text(info, detail_level).rstrip("\n"))
            return
        value = getattr(info, field)
        if value:
            self.message(str(value).rstrip("\n"))
        else:
            self.error(f"no {field} found for {name}")

    def do_pinfo(self, arg: str) -> None:
        """pinfo expression
        What ``expression?`` shows: type, value, signature, docstring."""
        self._inspect(arg, 0)

    def do_pinfo2(self, arg: str) -> None:
        """pinfo2 expression
        What ``expression??`` shows: as pinfo, with the source code."""
        self._inspect(arg, 1)

    def do_pdef(self, arg: str) -> None:
        """pdef expression
        The call signature of a callable."""
        self._inspect(arg, 0, "definition")

    def do_pdoc(self, arg: str) -> None:
        """pdoc expression
        The docstring of an object."""
        self._inspect(arg, 0, "docstring")

    def do_psource(self, arg: str) -> None:
        """psource expression
        The source code of an object."""
        self._inspect(arg, 1, "source")

    def do_pfile(self, arg: str) -> None:
        """pfile expression
        The whole file an object is defined in."""

        name = arg.strip()
        found, obj = self._evaluate(name, "pfile")
        if not found:
            return
        try:
            filename = inspect.getsourcefile(obj) or inspect.getfile(obj)
        except TypeError:
            self.error(f"no source file found for {name}")
            return
        lines = linecache.getlines(filename)
        if not lines:
            self.error(f"cannot read {filename}")
            return
        self.message(f"File: {filename}")
        self.message("".join(lines).rstrip("\n"))


for _command in _EXPRESSION_COMMANDS:
    setattr(Debugger, f"complete_{_command}", Debugger.completedefault)


class InterruptibleDebugger(Debugger):
    """The debugger of ``pdb.set_trace()`` in a kernel: Ctrl-C at its prompt ends debugging.

    pdb answers Ctrl-C at its prompt with ``--KeyboardInterrupt--`` and a new prompt.
    In a kernel that prompt is an input request the frontend may never answer, so the
    cell would never end.  Here the interrupt ends the debugging session and goes on
    into the cell, which stops with ``KeyboardInterrupt`` -- unless the debugger had
    stopped where the cell's own code returns: the code has then finished, and the
    cell ends as it would have without the debugger.
    """

    _returning_from_cell = False

    def user_return(self, frame: FrameType, return_value: Any) -> None:
        self._returning_from_cell = frame.f_back is None or _is_internal(frame.f_back)
        try:
            super().user_return(frame, return_value)
        finally:
            self._returning_from_cell = False

    def _cmdloop(self) -> None:
        try:
            self.allow_kbdint = True
            self.cmdloop()
        except KeyboardInterrupt:
            self.message("--KeyboardInterrupt--")
            if not self._returning_from_cell:
                self.set_quit()  # no more stops: tracing ends with the interrupt
                raise
            self.clear_all_breaks()
            self.set_continue()  # nothing left to run: end the session quietly
        finally:
            self.allow_kbdint = False


def _safe_repr(value: object) -> str:
    try:
        return reprlib.repr(value)
    except Exception:  # noqa: BLE001 - repr of a user object may fail
        return f"<unrepresentable {type(value).__name__} object>"


def post_mortem(shell: InteractiveShell, tb: TracebackType | None) -> None:
    """Open the debugger at the frame where the traceback ``tb`` ended (``%debug``).

    Raises:
        UsageError: standard input cannot be read.
    """
    if tb is None:
        return
    debugger = Debugger(shell)
    debugger.reset()
    with contextlib.suppress(bdb.BdbQuit):
        debugger.interaction(None, tb)


def automatic_post_mortem(shell: InteractiveShell, tb: TracebackType | None) -> None:
    """``%pdb``: the debugger after an error; it never fails the code reporting the error.

    Without a standard input to read commands from, one line says so.
    """
    try:
        post_mortem(shell, tb)
    except UsageError as error:
        shell.output.write(f"jovi: {error}\n", error=True)


def set_trace(frame: FrameType | None = None) -> None:
    """Stop in jovi's debugger here (or at ``frame``): ``from jovi.shell.debugger import set_trace``."""

    Debugger(current_shell()).set_trace(frame if frame is not None else sys._getframe(1))
