"""Where a broken notebook file breaks, and what of it can be saved.

When :func:`json.loads` fails on a notebook file, :func:`scan` walks the text up to
the failure and returns a :class:`BreakPoint`: the JSON path being written there
(``cells[12].outputs[0]``), hence the cell and, when the file had got that far, the
cell's id, so the message can name them.  It also knows where each open container's
last complete element ends; :meth:`BreakPoint.salvage` uses that to cut the text
after the last complete *cell* and close the open brackets, which gives valid JSON
holding every cell before the break (the lenient reader's recovery of truncated files).

The walk skips strings with one regular expression each, so large images cost little.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

__all__ = ["BreakPoint", "scan"]

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r'[^\s,:\[\]{}"]+')


@dataclass(slots=True)
class _Frame:
    kind: str  # "{" or "["
    boundary: int  # offset just after the last complete element (or the opening bracket)
    key: str | None = None  # objects: the key whose value is being read
    index: int = 0  # arrays: the index of the element being read
    expect_key: bool = True


@dataclass(frozen=True, slots=True)
class BreakPoint:
    """The state of a JSON text at the offset where it stops being valid.

    Attributes:
        offset: Where the text breaks.
        path: The keys and indices of the value being read there.
        cell_ids: The ids of the (nbformat 4) cells read so far, by position.
        text: The text that was scanned.
    """

    offset: int
    path: tuple[str | int, ...]
    cell_ids: dict[int, str] = field(default_factory=dict)
    text: str = ""
    _frames: tuple[tuple[str, int, str | None], ...] = ()

    @property
    def cell_index(self) -> int | None:
        """The index of the cell being read at the break (nbformat 3 or 4), if any."""
        path = self.path
        if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
            return path[1]
        if len(path) >= 4 and path[0] == "worksheets" and path[2] == "cells":
            return path[3] if isinstance(path[3], int) else None
        return None

    def salvage(self) -> str | None:
        """Valid JSON with everything before the break that can be kept whole.

        The cut is made after the last complete cell when the break is inside the cell
        list, else after the last complete member of the notebook object.  ``None`` when
        the text does not even start a JSON object.
        """
        frames = self._frames
        if not frames or frames[0][0] != "{":
            return None
        level = 0
        for depth in range(1, len(frames)):
            kind, _, _ = frames[depth]
            parent_key = frames[depth - 1][2]
            if kind == "[" and parent_key == "cells":
                level = depth
        cut = frames[level][1]
        closers = "".join(
            "}" if kind == "{" else "]" for kind, _, _ in reversed(frames[: level + 1])
        )
        return self.text[:cut] + closers


def scan(text: str, offset: int) -> BreakPoint:
    """Walk ``text`` up to ``offset`` (where :func:`json.loads` failed)."""
    stack: list[_Frame] = []
    cell_ids: dict[int, str] = {}
    i = 0
    while i < offset:
        char = text[i]
        if char in " \t\r\n:":
            i += 1
        elif char == '"':
            match = _STRING.match(text, i)
            if match is None or match.end() > offset:
                break
            top = stack[-1] if stack else None
            if top is not None and top.kind == "{" and top.expect_key:
                top.key, top.expect_key = _decode(match.group()), False
            else:
                _remember_id(stack, match.group(), cell_ids)
                _complete(stack, match.end())
            i = match.end()
        elif char in "{[":
            stack.append(_Frame(char, i + 1))
            i += 1
        elif char in "}]":
            if not stack:
                break
            stack.pop()
            i += 1
            _complete(stack, i)
        elif char == ",":
            if stack:
                top = stack[-1]
                if top.kind == "[":
                    top.index += 1
                else:
                    top.key, top.expect_key = None, True
            i += 1
        else:
            match = _SCALAR.match(text, i)
            if match is None or match.end() > offset:
                break
            i = match.end()
            _complete(stack, i)
    return BreakPoint(
        offset=offset,
        path=_path(stack),
        cell_ids=cell_ids,
        text=text,
        _frames=tuple((f.kind, f.boundary, f.key) for f in stack),
    )


def _decode(literal: str) -> str | None:
    try:
        value = json.loads(literal)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _complete(stack: list[_Frame], end: int) -> None:
    if stack:
        stack[-1].boundary = end


def _remember_id(stack: list[_Frame], literal: str, cell_ids: dict[int, str]) -> None:
    # The string value of "id" directly in cells[k] (nbformat 4).
    if len(stack) == 3 and stack[0].key == "cells" and stack[1].kind == "[":
        cell = stack[2]
        if cell.kind == "{" and cell.key == "id":
            value = _decode(literal)
            if value is not None:
                cell_ids[stack[1].index] = value


def _path(stack: list[_Frame]) -> tuple[str | int, ...]:
    path: list[str | int] = []
    for frame in stack:
        if frame.kind == "[":
            path.append(frame.index)
        elif frame.key is not None:
            path.append(frame.key)
        else:
            break
    return tuple(path)
