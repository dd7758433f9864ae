"""Highlighting cells that a cell magic hands to another language (``%%bash``)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from jovi.config import Dict
from jovi.nbconvert.preprocessors.base import Preprocessor
from jovi.nbformat.cells import CodeCell

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.cells import Cell

__all__ = ["DEFAULT_MAGIC_LANGUAGES", "HighlightMagicsPreprocessor", "magic_language"]

DEFAULT_MAGIC_LANGUAGES: dict[str, str] = {
    "bash": "bash",
    "sh": "bash",
    "script": "bash",
    "html": "html",
    "javascript": "javascript",
    "js": "javascript",
    "latex": "latex",
    "markdown": "markdown",
    "svg": "xml",
    "R": "r",
    "ruby": "ruby",
    "perl": "perl",
    "julia": "julia",
    "octave": "octave",
    "matlab": "matlab",
    "sql": "sql",
    "cython": "cython",
    "python": "python",
    "python2": "python",
    "python3": "python",
    "pypy": "python",
    "writefile": "text",
    "capture": "ipython3",
    "time": "ipython3",
    "timeit": "ipython3",
    "prun": "ipython3",
}
"""Cell magic -> the pygments language its body is written in."""

_CELL_MAGIC = re.compile(r"\A\s*%%(\w+)")


def magic_language(source: str, languages: dict[str, str]) -> str | None:
    """The language of a cell that starts with a known cell magic, else ``None``."""
    match = _CELL_MAGIC.match(source)
    if match is None:
        return None
    return languages.get(match.group(1))


class HighlightMagicsPreprocessor(Preprocessor):
    """Sets ``metadata.magics_language`` of cells run by a cell magic (``%%bash``),
    so that their body is highlighted in that language."""

    languages = Dict(
        {},
        help="More cell magics and their pygments language, e.g. {'mycmd': 'bash'}; "
        "they are added to (and override) the built-in table.",
    )

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        if not isinstance(cell, CodeCell) or "%%" not in cell.source[:200]:
            return cell
        language = magic_language(cell.source, DEFAULT_MAGIC_LANGUAGES | self.languages)
        if language is None:
            return cell
        return replace(cell, metadata=cell.metadata.set("magics_language", language))
