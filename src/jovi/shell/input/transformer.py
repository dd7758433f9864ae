"""The input pipeline: from what the user typed to the Python that runs.

Stages, in order (each a list that extensions may extend):

1. ``cleanup_transforms``: on physical lines: leading blank lines, pasted ``>>>``
   and ``In [N]:`` prompts, leading indentation;
2. the cell magic: ``%%name`` on the first line makes the cell one magic call;
3. ``line_transforms``: user transforms of lines, before special syntax;
4. special syntax (``!``, ``%``, ``?``, ``= !``, ``= %``, ``/``, ``,``, ``;``) on tokens;
5. ``post_transforms``: user transforms of lines, after special syntax;
6. ``token_transforms``: user transforms of the token stream of the Python cell;
7. the prefilter (macros, exit/quit, automagic, aliases, autocall) on one-line cells.

AST transformers run later, in the shell, after parsing.

:meth:`TransformerManager.check_complete` says whether typed text is complete
(run it), incomplete (ask for another line, indented so) or invalid.
"""

from __future__ import annotations

import ast
import codeop
import io
import tokenize
import warnings
from typing import TYPE_CHECKING, Literal, NamedTuple

from jovi.shell.input.cleanup import CLEANUP_TRANSFORMS
from jovi.shell.input.prefilter import PrefilterContext, prefilter_line
from jovi.shell.input.special import rewrite_cell_magic, rewrite_specials

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Completeness", "TransformedCell", "TransformerManager"]

Lines = list[str]
Completeness = Literal["complete", "incomplete", "invalid"]

_DEDENT_WORDS = ("return", "raise", "pass", "break", "continue")


class TransformedCell(NamedTuple):
    """The Python for a cell, and the rewritten line to echo (autocall) if any."""

    source: str
    echo: str | None = None


def _split_lines(cell: str) -> Lines:
    lines = cell.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _compiler() -> codeop.CommandCompiler:
    compiler = codeop.CommandCompiler()
    compiler.compiler.flags |= ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    return compiler


class TransformerManager:
    """Turns cells with IPython syntax into Python; decides when typed input is complete."""

    def __init__(self) -> None:
        self.cleanup_transforms: list[Callable[[Lines], Lines]] = list(CLEANUP_TRANSFORMS)
        self.line_transforms: list[Callable[[Lines], Lines]] = []
        self.post_transforms: list[Callable[[Lines], Lines]] = []
        self.token_transforms: list[
            Callable[[list[tokenize.TokenInfo]], list[tokenize.TokenInfo]]
        ] = []
        self._compile_command = _compiler()

    # ------------------------------------------------------------------ transforming

    def _cleanup(self, lines: Lines) -> Lines:
        for transform in self.cleanup_transforms:
            lines = transform(lines)
        return lines

    def _python_lines(self, cell: str) -> tuple[Lines, bool]:
        """Lines after every stage but the prefilter; and whether special syntax was found."""
        lines = self._cleanup(_split_lines(cell))
        original = list(lines)
        lines = rewrite_cell_magic(lines)
        for transform in self.line_transforms:
            lines = transform(lines)
        lines = rewrite_specials(lines)
        for transform in self.post_transforms:
            lines = transform(lines)
        return lines, lines != original

    def _apply_token_transforms(self, source: str) -> str:
        if not self.token_transforms:
            return source
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        for transform in self.token_transforms:
            tokens = list(transform(tokens))
        return tokenize.untokenize(tokens)

    def transform_cell(self, cell: str, context: PrefilterContext | None = None) -> TransformedCell:
        """The Python source for ``cell`` (ending in a newline)."""
        lines, changed = self._python_lines(cell)
        while len(lines) > 1 and not lines[-1].strip():
            lines = lines[:-1]
        source = "".join(lines)
        source = self._apply_token_transforms(source)
        if context is not None and not changed and source.strip() and "\n" not in source.strip():
            rewritten = prefilter_line(source, context)
            if rewritten is not None:
                return TransformedCell(rewritten.source, rewritten.echo)
        return TransformedCell(source)

    # ------------------------------------------------------------------ completeness

    def check_complete(self, cell: str) -> tuple[Completeness, int | None]:
        """Whether ``cell`` is ready to run.

        Returns ``('complete', None)``, ``('invalid', None)``, or ``('incomplete', n)``
        with the number of spaces to indent the next line.  A block (``def``, ``for``,
        ...) stays incomplete until it ends with a blank line; a cell magic too.
        """
        if not cell.strip():
            return "complete", None
        raw_lines = cell.split("\n")
        ends_blank = len(raw_lines) > 1 and not raw_lines[-1].strip()
        lines = self._cleanup(_split_lines(cell))
        if not lines:
            return "complete", None
        if lines[0].startswith("%%"):
            first = lines[0].rstrip()
            if first.endswith("?") and len(lines) == 1:
                return "complete", None
            return ("complete", None) if ends_blank else ("incomplete", 0)
        last_text = next((line.rstrip("\n") for line in reversed(lines) if line.strip()), "")
        if last_text.endswith("\\") and not ends_blank:
            return "incomplete", _indent_of(last_text)
        python = "".join(rewrite_specials(list(lines)))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes in strings, etc.
                code = self._compile_command(python, "<input>", "exec")
        except (SyntaxError, OverflowError, ValueError):
            return "invalid", None
        if code is None:
            return "incomplete", _next_indent(lines)
        if ends_blank:
            return "complete", None
        meaningful = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        if len(meaningful) > 1 and meaningful[-1][:1] in (" ", "\t"):
            return "incomplete", _next_indent(lines)
        return "complete", None


def _indent_of(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def _open_brackets(lines: Lines) -> int:
    depth = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO("".join(lines)).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth -= 1
    except (tokenize.TokenError, SyntaxError):
        pass
    return depth


def _next_indent(lines: Lines) -> int:
    last = next((line.rstrip("\n") for line in reversed(lines) if line.strip()), "")
    indent = _indent_of(last)
    if _open_brackets(lines) > 0:
        return indent
    code = last.split("#", 1)[0].rstrip() if "#" in last else last.rstrip()
    if code.endswith(":"):
        return indent + 4
    if code.strip().split(" ", 1)[0] in _DEDENT_WORDS:
        return max(indent - 4, 0)
    return indent
