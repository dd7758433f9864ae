"""IPython's special syntax, found on tokens and rewritten into plain Python.

Every syntax here is invalid Python as written (a statement cannot start with ``!``,
``%``, ``?``, ``/``, ``,`` or ``;``; ``?`` is no Python operator; ``= !`` and ``= %``
are not expressions), so recognising them on tokens means they can never change the
meaning of valid Python, nor fire inside strings, comments or f-strings.

| syntax | becomes |
|---|---|
| ``!cmd`` | ``get_ipython().system('cmd')`` |
| ``!!cmd`` | ``get_ipython().getoutput('cmd')`` |
| ``%name args`` | ``get_ipython().run_line_magic('name', 'args')`` |
| ``x = !cmd`` / ``x = %name args`` | ``x = get_ipython().getoutput(...)`` / ``x = ...run_line_magic(...)`` |
| ``?obj``, ``obj?``, ``??obj``, ``obj??`` | ``get_ipython().run_line_magic('pinfo', 'obj')`` (``pinfo2``) |
| ``?a*b``, ``a*b?`` | ``get_ipython().run_line_magic('psearch', 'a*b')`` |
| ``a = zip?`` | help on ``zip``, and ``a = zip`` offered as the next input |
| ``/f a b`` | ``f(a, b)`` |
| ``,f a b`` | ``f("a", "b")`` |
| ``;f a b`` | ``f("a b")`` |

The text after an escape runs to the end of the physical line, continued by a
trailing backslash; ``$name`` and ``{expr}`` in it are expanded when it runs, not here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from jovi.shell.input.tokens import LogicalLine, significant, tokens_by_line

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ESCAPES",
    "SpecialSyntax",
    "find_special",
    "help_call",
    "rewrite_cell_magic",
    "rewrite_specials",
]

Lines = list[str]

#: Characters that start an escaped command at the start of a statement.
ESCAPES = ("!!", "!", "%%", "%", "??", "?", "/", ",", ";")

_HELP_TARGET = re.compile(r"^[A-Za-z_*%][\w*]*(\.[A-Za-z_*][\w*]*)*$")


def help_call(target: str, detail: int) -> str:
    """The Python that shows help on ``target`` (``?`` is detail 0, ``??`` detail 1)."""
    target = target.strip()
    if not target:
        return "get_ipython().show_usage()"
    if "*" in target:
        return f"get_ipython().run_line_magic('psearch', {target!r})"
    magic = "pinfo2" if detail else "pinfo"
    return f"get_ipython().run_line_magic({magic!r}, {target!r})"


def _magic_call(content: str) -> str:
    name, _, args = content.strip().partition(" ")
    if name.endswith("?"):
        detail = 1 if name.endswith("??") else 0
        return help_call("%" + name.rstrip("?"), detail)
    return f"get_ipython().run_line_magic({name!r}, {args.strip()!r})"


def _split_call(content: str) -> tuple[str, str]:
    function, _, rest = content.strip().partition(" ")
    return function, rest.strip()


def _autoparen(content: str) -> str:
    function, rest = _split_call(content)
    if "," in rest:
        return f"{function}({rest})"
    return f"{function}({', '.join(rest.split())})"


def _quote_each(content: str) -> str:
    function, rest = _split_call(content)
    return f"{function}({', '.join(repr(part) for part in rest.split())})"


def _quote_all(content: str) -> str:
    function, rest = _split_call(content)
    return f"{function}({rest!r})" if rest else f"{function}()"


def _cell_magic_elsewhere(content: str) -> str:
    name = content.strip().split(" ", 1)[0]
    message = f"the cell magic %%{name} must be on the first line of the cell"
    return f"raise SyntaxError({message!r})"


_ESCAPE_REWRITES: dict[str, Callable[[str], str]] = {
    "!!": lambda content: f"get_ipython().getoutput({content.strip()!r})",
    "!": lambda content: f"get_ipython().system({content.strip()!r})",
    "%%": _cell_magic_elsewhere,
    "%": _magic_call,
    "??": lambda content: help_call(content.strip(), 1),
    "?": lambda content: help_call(content.strip(), 0),
    "/": _autoparen,
    ",": _quote_each,
    ";": _quote_all,
}


class SpecialSyntax(NamedTuple):
    """A special syntax found in a cell: the physical lines it covers and their Python."""

    kind: str
    first_row: int  # 0-based index of the first physical line
    last_row: int  # inclusive
    python: str  # the replacement for those lines, without indentation or newline
    indent: str

    def apply(self, lines: Lines) -> Lines:
        replacement = f"{self.indent}{self.python}\n"
        return [*lines[: self.first_row], replacement, *lines[self.last_row + 1 :]]


def _command_text(lines: Lines, row: int, col: int) -> tuple[str, int]:
    """The text from ``(row, col)`` to the end of the physical line, joined with the
    following lines while a line ends with a backslash.  Returns it and its last row."""
    text = lines[row][col:].rstrip("\n")
    last = row
    while text.endswith("\\") and last + 1 < len(lines):
        last += 1
        text = text[:-1] + lines[last].rstrip("\n").lstrip()
    return text, last


def _escape_at(line: LogicalLine, lines: Lines) -> SpecialSyntax | None:
    tokens = significant(line)
    if not tokens:
        return None
    first = tokens[0]
    row, col = first.start[0] - 1, first.start[1]
    text = lines[row][col:]
    for escape in ESCAPES:
        if text.startswith(escape):
            if escape == "!" and text.startswith("!="):
                return None
            command, last = _command_text(lines, row, col + len(escape))
            python = _ESCAPE_REWRITES[escape](command)
            return SpecialSyntax(f"escape {escape}", row, last, python, lines[row][:col])
    return None


def _assignment_from(line: LogicalLine, lines: Lines) -> SpecialSyntax | None:
    """``a, b.c = !cmd`` and ``x = %magic args``: names, dots and commas, then ``=``."""
    tokens = significant(line)
    for index, tok in enumerate(tokens):  # noqa: B007 - index is used after the loop
        if tok.string == "=":
            break
        if not (tok.string in {".", ","} or tok.string.isidentifier()):
            return None
    else:
        return None
    if index == 0 or index + 1 >= len(tokens):
        return None
    after = tokens[index + 1]
    row, col = after.start[0] - 1, after.start[1]
    text = lines[row][col:]
    if text.startswith("!") and not text.startswith("!="):
        command, last = _command_text(lines, row, col + 1)
        python = f"get_ipython().getoutput({command.lstrip('!').strip()!r})"
    elif text.startswith("%") and not text.startswith("%%"):
        command, last = _command_text(lines, row, col + 1)
        python = _magic_call(command)
    else:
        return None
    start_row, start_col = tokens[0].start[0] - 1, tokens[0].start[1]
    if start_row != row:
        return None
    target = lines[row][start_col : tok.start[1]].strip()
    return SpecialSyntax("assignment", row, last, f"{target} = {python}", lines[row][:start_col])


def _help_end(line: LogicalLine, lines: Lines) -> SpecialSyntax | None:
    tokens = significant(line)
    if not tokens or tokens[-1].string != "?":
        return None
    detail = 0
    end = len(tokens) - 1
    if end > 0 and tokens[end - 1].string == "?" and tokens[end - 1].end == tokens[end].start:
        detail, end = 1, end - 1
    question = tokens[end]
    # Walk back over a dotted name, with '*' wildcards and an optional % prefix.
    start = end
    while start > 0 and (
        tokens[start - 1].string in {".", "*", "%"} or tokens[start - 1].string.isidentifier()
    ):
        start -= 1
        if tokens[start].string == "%":
            break
    if start == end:
        return None
    row = question.start[0] - 1
    first_row = tokens[start].start[0] - 1
    if first_row != row:
        return None
    target = lines[row][tokens[start].start[1] : question.start[1]].strip()
    if not _HELP_TARGET.match(target):
        return None
    line_start_row = tokens[0].start[0] - 1
    indent = lines[line_start_row][: tokens[0].start[1]]
    python = help_call(target, detail)
    if start > 0:
        # Mid-line help: show help, then offer the line so far as the next input.
        before_rows = [*lines[line_start_row:row], lines[row][: question.start[1]]]
        pending = "".join(before_rows)[len(indent) :].rstrip()
        python = f"get_ipython().set_next_input({pending!r});{python}"
    last_row = tokens[-1].end[0] - 1
    return SpecialSyntax("help", line_start_row, last_row, python, indent)


_FINDERS = (_assignment_from, _escape_at, _help_end)


def find_special(lines: Lines) -> SpecialSyntax | None:
    """The first special syntax in the cell, in line order, or ``None``."""
    for line in tokens_by_line("".join(lines)):
        for finder in _FINDERS:
            found = finder(line, lines)
            if found is not None:
                return found
    return None


def rewrite_cell_magic(lines: Lines) -> Lines:
    """``%%name line`` on the first line makes the whole cell one cell-magic call.

    ``%%name?`` (and ``??``) asks for help on the cell magic instead.
    """
    if not lines or not lines[0].startswith("%%"):
        return lines
    first, last = _command_text(lines, 0, 2)
    name, _, argument = first.partition(" ")
    if name.endswith("?") and not argument.strip() and last == len(lines) - 1:
        return [help_call("%%" + name.rstrip("?"), 1 if name.endswith("??") else 0) + "\n"]
    body = "".join(lines[last + 1 :])
    return [f"get_ipython().run_cell_magic({name!r}, {argument.strip()!r}, {body!r})\n"]


# Where special syntax can be at all: an escape at a line start, "= !" / "= %", or a "?"
# ending a line.  Cells without any of these (most Python) skip tokenizing.
_MAYBE_SPECIAL = re.compile(
    r"^[ \t]*(?:[/,;?%]|!(?!=))|=[ \t]*(?:%|!(?!=))|\?[ \t]*(?:#.*)?$",
    re.MULTILINE,
)


def rewrite_specials(lines: Lines) -> Lines:
    """Rewrite every special syntax of the cell into Python, first to last."""
    if not _MAYBE_SPECIAL.search("".join(lines)):
        return lines  # none of the characters that start special syntax: nothing to do
    for _ in range(len(lines) + 1):
        found = find_special(lines)
        if found is None:
            break
        lines = found.apply(lines)
    return lines
