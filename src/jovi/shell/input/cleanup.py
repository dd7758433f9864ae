"""Clean-up transforms on the physical lines of a cell, before any special syntax.

In order: drop leading blank lines, strip pasted ``>>>``/``...`` prompts, strip pasted
``In [N]:``/``...:`` prompts, remove the first line's indentation from every line.
Each transform takes and returns a list of lines (each ending in ``\\n`` except
perhaps the last).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jovi.shell.input.tokens import unterminated

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "CLEANUP_TRANSFORMS",
    "classic_prompt",
    "ipython_prompt",
    "leading_empty_lines",
    "leading_indent",
]

Lines = list[str]


def leading_empty_lines(lines: Lines) -> Lines:
    """Drop blank lines at the start of the cell."""
    for index, line in enumerate(lines):
        if line.strip():
            return lines[index:]
    return lines


def leading_indent(lines: Lines) -> Lines:
    """Remove the first line's indentation from every line that starts with it."""
    if not lines:
        return lines
    match = re.match(r"^[ \t]+", lines[0])
    if not match:
        return lines
    prefix = match.group(0)
    return [line.removeprefix(prefix) for line in lines]


def _strip_prompts(lines: Lines, initial: re.Pattern[str], prompt: re.Pattern[str]) -> Lines:
    """Strip prompts if a first prompt appears on line 1 or 2 (ignoring leading spaces,
    as pasted doctests have); only then are continuation prompts taken as prompts."""
    if not lines:
        return lines
    first = 1 if len(lines) > 1 and not initial.match(lines[0].lstrip()) else 0
    if not initial.match(lines[first].lstrip()):
        return lines
    if first == 1 and unterminated(lines[0]):
        # The first line opens a string or bracket: the second is inside it, not a prompt.
        return lines
    indent = len(lines[first]) - len(lines[first].lstrip())
    stripped = lines[:first]
    for line in lines[first:]:
        body = line[indent:] if line[:indent].strip() == "" else line
        match = prompt.match(body)
        stripped.append(body[match.end() :] if match else line)
    return stripped


_CLASSIC_INITIAL = re.compile(r">>>( |$)")
_CLASSIC_PROMPT = re.compile(r"(>>>|\.\.\.)( |$)")


def classic_prompt(lines: Lines) -> Lines:
    """Strip ``>>> `` and ``... `` prompts from a pasted interactive session.

    Only ``>>>`` can start a paste: ``...`` alone is valid Python (Ellipsis).
    """
    return _strip_prompts(lines, _CLASSIC_INITIAL, _CLASSIC_PROMPT)


_IPY_INITIAL = re.compile(r"In \[\d+\]: ?")
_IPY_PROMPT = re.compile(r"(In \[\d+\]: ?|\s*\.{3,}: ?)")


def ipython_prompt(lines: Lines) -> Lines:
    """Strip ``In [N]: `` and ``   ...: `` prompts from a pasted IPython or jovi session."""
    return _strip_prompts(lines, _IPY_INITIAL, _IPY_PROMPT)


CLEANUP_TRANSFORMS: tuple[Callable[[Lines], Lines], ...] = (
    leading_empty_lines,
    classic_prompt,
    ipython_prompt,
    leading_indent,
)
