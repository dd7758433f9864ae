"""Coalescing stream outputs: one output per run of ``stdout`` (or ``stderr``) text,
with carriage returns applied as a terminal would (a progress bar collapses to its
final state)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from jovi.nbconvert.preprocessors.base import Preprocessor
from jovi.nbformat.cells import CodeCell, Stream

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.cells import Cell, Output

__all__ = ["CoalesceStreamsPreprocessor", "apply_carriage_returns"]

_CONTROL = re.compile(r"[\r\b]")


def _overwrite(line: str) -> str:
    # One line as a terminal shows it: \r returns to its start, \b steps back one
    # character, and later text overwrites earlier text.
    screen: list[str] = []
    column = 0
    for char in line:
        if char == "\r":
            column = 0
        elif char == "\b":
            column = max(0, column - 1)
        else:
            if column < len(screen):
                screen[column] = char
            else:
                screen.append(char)
            column += 1
    return "".join(screen)


def apply_carriage_returns(text: str) -> str:
    """``text`` as a terminal would show it: every ``\\r`` and ``\\b`` applied.

    ``"  0%\\r 50%\\r100%\\n"`` becomes ``"100%\\n"``; ``"\\r\\n"`` line endings
    become ``"\\n"``.
    """
    if not _CONTROL.search(text):
        return text
    return "\n".join(
        _overwrite(line.rstrip("\r")) if _CONTROL.search(line) else line
        for line in text.split("\n")
    )


class CoalesceStreamsPreprocessor(Preprocessor):
    """Merges consecutive outputs of one stream, and applies ``\\r`` and ``\\b``."""

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        if not isinstance(cell, CodeCell) or not cell.outputs:
            return cell
        outputs: list[Output] = []
        changed = False
        for output in cell.outputs:
            previous = outputs[-1] if outputs else None
            if (
                isinstance(output, Stream)
                and isinstance(previous, Stream)
                and previous.name == output.name
            ):
                outputs[-1] = replace(previous, text=previous.text + output.text)
                changed = True
            else:
                outputs.append(output)
        for position, output in enumerate(outputs):
            if isinstance(output, Stream):
                text = apply_carriage_returns(output.text)
                if text != output.text:
                    outputs[position] = replace(output, text=text)
                    changed = True
        return replace(cell, outputs=tuple(outputs)) if changed else cell
