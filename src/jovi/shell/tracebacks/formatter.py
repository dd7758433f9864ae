"""Formatting exceptions for people: modes, colours, chains, recursion, syntax errors.

Modes (``%xmode``):

* ``Plain``: like Python's own tracebacks;
* ``Context`` (default): each frame with a few lines of source, ``---->`` at the line;
* ``Verbose``: Context, with the values of the arguments in each frame's header and,
  under each failing line, the values of its names and sub-expressions (found without
  running user code, see :mod:`jovi.shell.tracebacks.values`);
* ``Minimal``: only ``ExceptionName: message``;
* ``Docs``: for documentation: the outermost frame's line, how many frames were left
  out, and the exception;
* ``Doctest``: what a doctest expects: the ``Traceback`` header, ``...`` and the
  exception.

Frames of jovi itself, and frames whose code sets ``__tracebackhide__``, are hidden
(unless nothing else is left).  Runs of identical frames (deep recursion) are shown
once with a count.  Chained exceptions are shown cause first, as Python does.  An
exception may render itself with ``_render_traceback_()``.

Formatting never raises: whatever goes wrong inside, the plain text of Python's
``traceback`` module is returned instead.
"""

from __future__ import annotations

import linecache
import reprlib
from typing import TYPE_CHECKING, NamedTuple

from jovi.shell.cells import cell_label, cell_number
from jovi.shell.output import ErrorReport
from jovi.shell.tracebacks.colors import ColorScheme, scheme

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import CodeType, FrameType, TracebackType

__all__ = ["MODES", "TracebackFormatter"]

MODES = ("Plain", "Context", "Verbose", "Minimal", "Docs", "Doctest")
_RULE = "-" * 75
_REPEAT_THRESHOLD = 3
_MAX_CHAIN = 20
_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08


class _Frame(NamedTuple):
    filename: str
    lineno: int
    name: str
    frame: FrameType | None

    def key(self) -> tuple[str, int, str]:
        return (self.filename, self.lineno, self.name)


def _safe_str(value: object) -> str:
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - str() of a user object may fail
        return f"<unprintable {type(value).__name__} object>"


_short_repr = reprlib.Repr()
_short_repr.maxstring = 80
_short_repr.maxother = 80
_short_repr.maxlist = 10
_short_repr.maxdict = 10


def _safe_repr(value: object) -> str:
    try:
        return _short_repr.repr(value)
    except Exception:  # noqa: BLE001 - repr() of a user object may fail
        return f"<unrepresentable {type(value).__name__} object>"


def _is_hidden(frame: FrameType | None) -> bool:
    if frame is None:
        return False
    try:
        if frame.f_locals.get("__tracebackhide__") or frame.f_globals.get("__tracebackhide__"):
            return True
    except Exception:  # noqa: BLE001 - f_locals of a strange frame
        return False
    module = frame.f_globals.get("__name__", "")
    return isinstance(module, str) and (module == "jovi" or module.startswith("jovi."))


def _frames(tb: TracebackType | None) -> list[_Frame]:
    import traceback  # noqa: PLC0415 - loaded with the first error, not at start-up

    frames = []
    for frame, lineno in traceback.walk_tb(tb):
        frames.append(_Frame(frame.f_code.co_filename, lineno or 0, frame.f_code.co_name, frame))
    return frames


def _visible(frames: list[_Frame]) -> list[_Frame]:
    shown = [frame for frame in frames if not _is_hidden(frame.frame)]
    return shown or frames


def _collapse(frames: list[_Frame]) -> Iterator[tuple[_Frame, int]]:
    """Each frame with how many times it repeats in a row (deep recursion)."""
    index = 0
    while index < len(frames):
        count = 1
        while index + count < len(frames) and frames[index + count].key() == frames[index].key():
            count += 1
        yield frames[index], count
        index += count


def _parameters(code: CodeType) -> list[tuple[str, str]]:
    """A function's parameters in the order of its signature, each with its stars:
    ``("", "self"), ("*", "args"), ("", "key"), ("**", "kw")``; a bare ``*`` before
    keyword-only parameters is ``("*", "")``."""
    names = code.co_varnames
    positional, keyword_only = code.co_argcount, code.co_kwonlyargcount
    after = positional + keyword_only
    parts = [("", name) for name in names[:positional]]
    if code.co_flags & _CO_VARARGS:
        parts.append(("*", names[after]))
        after += 1
    elif keyword_only:
        parts.append(("*", ""))
    parts += [("", name) for name in names[positional : positional + keyword_only]]
    if code.co_flags & _CO_VARKEYWORDS:
        parts.append(("**", names[after]))
    return parts


class TracebackFormatter:
    """Formats exceptions in one mode and colour scheme."""

    def __init__(
        self, mode: str = "Context", color_scheme: str = "NoColor", *, context: int = 2
    ) -> None:
        self.mode = mode
        self.colors: ColorScheme = scheme(color_scheme)
        self.context = context

    def set_mode(self, mode: str) -> None:
        for known in MODES:
            if known.casefold() == mode.casefold():
                self.mode = known
                return
        raise ValueError(f"unknown traceback mode {mode!r}; choose one of {', '.join(MODES)}")

    def set_colors(self, name: str) -> None:
        self.colors = scheme(name)

    # ------------------------------------------------------------------ entry points

    def report(self, error: BaseException, *, skip_frames: int = 0) -> ErrorReport:
        """The structured report of ``error``: name, value and formatted lines."""
        ename, evalue = type(error).__name__, _safe_str(error)
        try:
            lines = self._format(error, skip_frames)
        except Exception:  # noqa: BLE001 - never fail while reporting a failure
            import traceback  # noqa: PLC0415 - start-up cost

            lines = traceback.format_exception(type(error), error, error.__traceback__)
        return ErrorReport(ename, evalue, lines)

    def report_syntax_error(self, error: SyntaxError) -> ErrorReport:
        """A syntax error: the line, a caret under the problem, and the message."""
        try:
            lines = self._syntax_error(error)
        except Exception:  # noqa: BLE001
            import traceback  # noqa: PLC0415 - start-up cost

            lines = traceback.format_exception_only(type(error), error)
        return ErrorReport(type(error).__name__, _safe_str(error.msg), lines)

    # ------------------------------------------------------------------ formatting

    def _format(self, error: BaseException, skip_frames: int) -> list[str]:
        render = getattr(type(error), "_render_traceback_", None)
        if callable(render):
            custom = render(error)
            if isinstance(custom, list) and all(isinstance(line, str) for line in custom):
                return custom
        if self.mode == "Minimal":
            return [self._exception_line(error)]
        chain = self._chain(error)
        blocks: list[str] = []
        for index, (exc, note) in enumerate(chain):
            if note:
                blocks.append("\n" + note + "\n")
            frames = _frames(exc.__traceback__)
            if index == len(chain) - 1:
                frames = frames[skip_frames:]
            blocks += self._one(exc, frames)
        return blocks

    def _chain(self, error: BaseException) -> list[tuple[BaseException, str]]:
        chain: list[tuple[BaseException, str]] = []
        seen: set[int] = set()
        current: BaseException | None = error
        note = ""
        while current is not None and id(current) not in seen and len(chain) < _MAX_CHAIN:
            seen.add(id(current))
            chain.append((current, note))
            if current.__cause__ is not None:
                note = "The above exception was the direct cause of the following exception:"
                current = current.__cause__
            elif current.__context__ is not None and not current.__suppress_context__:
                note = "During handling of the above exception, another exception occurred:"
                current = current.__context__
            else:
                current = None
        chain.reverse()
        # Each note belongs before the exception after the one it was found on.
        notes = [note for _exc, note in chain]
        return [(exc, notes[index - 1] if index else "") for index, (exc, _n) in enumerate(chain)]

    def _exception_line(self, error: BaseException) -> str:
        name = type(error).__qualname__
        module = type(error).__module__
        if module not in ("builtins", "__main__", None):
            name = f"{module}.{name}"
        message = _safe_str(error)
        line = self.colors.paint("exception", name) + (f": {message}" if message else "")
        notes = getattr(error, "__notes__", None)
        if isinstance(notes, list):
            line += "".join(f"\n{_safe_str(note)}" for note in notes)
        return line

    def _one(self, error: BaseException, frames: list[_Frame]) -> list[str]:
        if self.mode == "Minimal":
            return [self._exception_line(error)]
        if isinstance(error, SyntaxError) and not frames:
            return self._syntax_error(error)
        frames = _visible(frames)
        blocks: list[str] = []
        if self.mode == "Doctest":
            if frames:
                blocks += ["Traceback (most recent call last):", "    ..."]
        elif self.mode == "Docs":
            blocks += self._docs_frames(frames)
        elif self.mode == "Plain":
            blocks.append("Traceback (most recent call last):")
            for frame, count in _collapse(frames):
                blocks.append(self._plain_frame(frame))
                if count >= _REPEAT_THRESHOLD:
                    blocks.append(self._repeat_note(frame, count - 1))
                elif count == 2:
                    blocks.append(self._plain_frame(frame))
        else:
            name = type(error).__name__
            header = f"{name}{'Traceback (most recent call last)':>{75 - len(name)}}"
            blocks.append(
                self.colors.paint("header", _RULE) + "\n" + self.colors.paint("exception", header)
            )
            for frame, count in _collapse(frames):
                blocks.append(self._context_frame(frame))
                if count >= _REPEAT_THRESHOLD:
                    blocks.append(self._repeat_note(frame, count - 1))
                elif count == 2:
                    blocks.append(self._context_frame(frame))
        if isinstance(error, SyntaxError):
            blocks += self._syntax_error(error)
        else:
            blocks.append(self._exception_line(error))
        return blocks

    def _docs_frames(self, frames: list[_Frame]) -> list[str]:
        """Docs mode: the outermost frame's line and how many frames are left out."""
        if not frames:
            return []
        first = frames[0]
        line = linecache.getline(first.filename, first.lineno).strip()
        blocks = [
            "Traceback (most recent call last): " + self._location(first) + "\n",
            self.colors.paint("arrow", "->") + "  " + self.colors.paint("error_line", line) + "\n",
        ]
        if len(frames) > 1:
            left_out = len(frames) - 1
            blocks.append(f"    [... {left_out} skipped frame{'s' if left_out > 1 else ''}]\n")
        return blocks

    def _repeat_note(self, frame: _Frame, times: int) -> str:
        where = self.colors.paint("function", frame.name)
        return f"    [... skipping similar frames: {where} at line {frame.lineno} ({times} times)]"

    def _location(self, frame: _Frame) -> str:
        """Where a frame is, and in Context and Verbose the function's qualified name and
        signature (``in H.method(self, *args, **kw)``; with values in Verbose)."""
        number = cell_number(frame.filename)
        if number is not None:
            place = (
                self.colors.paint("filename", f"Cell In[{number}]")
                + ", line "
                + self.colors.paint("lineno", str(frame.lineno))
            )
        else:
            place = "File " + self.colors.paint("filename", f"{frame.filename}:{frame.lineno}")
        if frame.name != "<module>":
            code = frame.frame.f_code if frame.frame is not None else None
            name = code.co_qualname if code is not None else frame.name
            place += ", in " + self.colors.paint("function", name) + self._arguments(frame)
        return place

    def _arguments(self, frame: _Frame) -> str:
        if frame.frame is None:
            return ""
        values = frame.frame.f_locals if self.mode == "Verbose" else {}
        shown = []
        for stars, name in _parameters(frame.frame.f_code):
            if name in values:
                shown.append(f"{stars}{name}={_safe_repr(values[name])}")
            else:
                shown.append(f"{stars}{name}")
        return f"({', '.join(shown)})"

    def _plain_frame(self, frame: _Frame) -> str:
        line = linecache.getline(frame.filename, frame.lineno).strip()
        if cell_number(frame.filename) is not None:
            where = self.colors.paint("filename", cell_label(frame.filename))
        else:
            where = "File " + self.colors.paint("filename", f'"{frame.filename}"')
        text = f"  {where}, line {self.colors.paint('lineno', str(frame.lineno))}"
        if frame.name != "<module>":
            text += ", in " + self.colors.paint("function", frame.name)
        return text + (f"\n    {line}" if line else "")

    def _context_frame(self, frame: _Frame) -> str:
        out = [self._location(frame)]
        first = max(frame.lineno - self.context, 1)
        last = frame.lineno + self.context
        lines = [(n, linecache.getline(frame.filename, n)) for n in range(first, last + 1)]
        while lines and not lines[-1][1]:
            lines.pop()
        width = len(str(max((n for n, _ in lines), default=frame.lineno)))
        for number, text in lines:
            text = text.rstrip("\n")
            if number == frame.lineno:
                arrow = self.colors.paint("arrow", f"----> {number:>{width}}")
                out.append(f"{arrow} {self.colors.paint('error_line', text)}")
                if self.mode == "Verbose" and frame.frame is not None:
                    out += self._variables(frame.frame, text)
            else:
                out.append(f"{' ' * 6}{number:>{width}} {text}")
        return "\n".join(out) + "\n"

    def _variables(self, frame: FrameType, line: str) -> list[str]:
        """``name = value`` under the failing line for its names and sub-expressions."""
        try:
            from jovi.shell.tracebacks.values import line_values  # noqa: PLC0415 - Verbose only

            found = line_values(frame, line)
        except Exception:  # noqa: BLE001 - a strange frame shows no values
            return []
        return [
            " " * 8
            + self.colors.paint("variable", text)
            + " = "
            + self.colors.paint("value", _safe_repr(value))
            for text, value in found
        ]

    def _syntax_error(self, error: SyntaxError) -> list[str]:
        filename = error.filename or "<unknown>"
        place = cell_label(filename)
        place = self.colors.paint("filename", place)
        out = f"  {place}, line {self.colors.paint('lineno', str(error.lineno or '?'))}"
        text = error.text
        if text is None and error.filename and error.lineno:
            text = linecache.getline(error.filename, error.lineno)
        if text:
            stripped = text.rstrip("\n")
            indent = len(stripped) - len(stripped.lstrip())
            out += "\n    " + stripped.strip()
            if error.offset:
                start = max(error.offset - 1 - indent, 0)
                end = getattr(error, "end_offset", None) or error.offset
                carets = (
                    "^" * max((end - 1 - indent) - start, 1) if end and end > error.offset else "^"
                )
                out += "\n    " + " " * start + self.colors.paint("caret", carets)
        message = _safe_str(error.msg) if error.msg else ""
        return [
            out,
            self.colors.paint("exception", type(error).__name__)
            + (f": {message}" if message else ""),
        ]
