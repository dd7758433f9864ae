"""The base of preprocessors: steps that change a notebook before it is exported.

A preprocessor takes the notebook and the *resources* (a dict the exporter and its
preprocessors share: the notebook's name, extracted files, options for templates)
and returns a new notebook and the resources.  Notebooks are immutable
(:mod:`jovi.nbformat`), so a preprocessor never changes the notebook it is given;
it builds a changed copy, which costs little since unchanged cells are shared.

Subclasses override :meth:`Preprocessor.preprocess_cell` (one cell at a time; return
``None`` to drop the cell) or, for whole-notebook work,
:meth:`Preprocessor.preprocess`.  Every preprocessor has the option ``enabled``; an
exporter turns on the ones its format needs (``c.ExtractOutputPreprocessor.enabled
= False`` turns one off again).

Usage::

    class UpperCase(Preprocessor):
        def preprocess_cell(self, cell, resources, index):
            return dataclasses.replace(cell, source=cell.source.upper())

    nb, resources = UpperCase(enabled=True)(nb, {})
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeAlias

from jovi.config import Bool, Configurable

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.nbformat.cells import Cell, CodeCell, Output
    from jovi.nbformat.notebook import Notebook

__all__ = ["Preprocessor", "Resources", "map_outputs"]

Resources: TypeAlias = dict[str, Any]
"""What an exporter and its preprocessors share; documented in docs/guide/nbconvert.md."""


class Preprocessor(Configurable):
    """A step that changes a notebook before export; off unless enabled."""

    enabled = Bool(False, help="Run this preprocessor.")

    def __call__(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        """Run the preprocessor if it is enabled; otherwise return its arguments."""
        if not self.enabled:
            return nb, resources
        return self.preprocess(nb, resources)

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        """The whole notebook: by default :meth:`preprocess_cell` on every cell."""
        cells: list[Cell] = []
        changed = False
        for index, cell in enumerate(nb.cells):
            new = self.preprocess_cell(cell, resources, index)
            changed = changed or new is not cell
            if new is not None:
                cells.append(new)
        return (nb.with_cells(cells) if changed else nb), resources

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        """One cell: return it, a changed copy, or ``None`` to drop it."""
        return cell


def map_outputs(cell: CodeCell, change: Callable[[int, Output], Output | None]) -> CodeCell:
    """``cell`` with ``change(index, output)`` applied to each output (``None`` drops it).

    The cell itself is returned when no output changed.
    """
    outputs: list[Output] = []
    changed = False
    for index, output in enumerate(cell.outputs):
        new = change(index, output)
        changed = changed or new is not output
        if new is not None:
            outputs.append(new)
    return replace(cell, outputs=tuple(outputs)) if changed else cell
