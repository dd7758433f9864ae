"""Removing cells, inputs and outputs: by tag, or by a pattern of the source."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from jovi.config import List
from jovi.nbconvert.preprocessors.base import Preprocessor, map_outputs
from jovi.nbformat.cells import CodeCell, RichOutput, UnknownCell
from jovi.nbformat.frozen import FrozenDict, FrozenList

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.cells import Cell, Output
    from jovi.nbformat.notebook import Notebook

__all__ = ["RegexRemovePreprocessor", "TagRemovePreprocessor", "hide_input", "tags_of"]


def tags_of(metadata: Mapping[str, object]) -> set[str]:
    """The tags in a cell's or an output's metadata."""
    tags = metadata.get("tags")
    if isinstance(tags, FrozenList | list | tuple):
        return {tag for tag in tags if isinstance(tag, str)}
    return set()


def hide_input(cell: Cell) -> Cell:
    """``cell`` with its source marked hidden (``metadata.jupyter.source_hidden``),
    which every template honours."""
    if isinstance(cell, UnknownCell):
        return cell
    jupyter = cell.metadata.get("jupyter")
    jupyter = jupyter if isinstance(jupyter, FrozenDict) else FrozenDict()
    return replace(cell, metadata=cell.metadata.set("jupyter", jupyter.set("source_hidden", True)))


class TagRemovePreprocessor(Preprocessor):
    """Removes cells, their inputs or their outputs according to tags.

    A cell's tags are in ``metadata.tags``, an output's in its ``metadata.tags``.
    """

    remove_cell_tags = List(str, (), help="Cells with one of these tags are removed.")
    remove_all_outputs_tags = List(
        str, (), help="Cells with one of these tags lose all their outputs."
    )
    remove_single_output_tags = List(str, (), help="Outputs with one of these tags are removed.")
    remove_input_tags = List(
        str, (), help="Cells with one of these tags keep their outputs but lose their input."
    )

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        if not (
            self.remove_cell_tags
            or self.remove_all_outputs_tags
            or self.remove_single_output_tags
            or self.remove_input_tags
        ):
            return nb, resources
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        tags = tags_of(cell.metadata)
        if tags & set(self.remove_cell_tags):
            return None
        if isinstance(cell, CodeCell):
            if tags & set(self.remove_all_outputs_tags) and cell.outputs:
                cell = replace(cell, outputs=())
            elif self.remove_single_output_tags and cell.outputs:
                unwanted = set(self.remove_single_output_tags)

                def keep(position: int, output: Output) -> Output | None:
                    if isinstance(output, RichOutput) and tags_of(output.metadata) & unwanted:
                        return None
                    return output

                cell = map_outputs(cell, keep)
        if tags & set(self.remove_input_tags):
            cell = hide_input(cell)
        return cell


class RegexRemovePreprocessor(Preprocessor):
    """Removes the cells whose source matches one of the patterns.

    A pattern matches from the start of the source (Python's ``re.match``), as in
    nbconvert: ``r"\\s*\\Z"`` removes empty cells.
    """

    patterns = List(
        str, (), help="Regular expressions; a cell whose source matches one is removed."
    )

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        if not self.patterns:
            return nb, resources
        pattern = re.compile("|".join(f"(?:{p})" for p in self.patterns))
        kept = [cell for cell in nb.cells if not pattern.match(cell.source)]
        return (nb if len(kept) == len(nb.cells) else nb.with_cells(kept)), resources
