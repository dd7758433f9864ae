"""Clearing outputs and metadata (``--clear-output``; for version control)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from jovi.config import Bool, List
from jovi.nbconvert.preprocessors.base import Preprocessor
from jovi.nbformat.cells import CodeCell, UnknownCell
from jovi.nbformat.frozen import EMPTY, FrozenDict

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.cells import Cell
    from jovi.nbformat.notebook import Notebook

__all__ = ["ClearMetadataPreprocessor", "ClearOutputPreprocessor", "keep_only"]


class ClearOutputPreprocessor(Preprocessor):
    """Removes every output and execution count (``--clear-output``)."""

    remove_metadata_fields = List(
        str,
        ("collapsed", "scrolled"),
        help="Cell metadata entries that describe how outputs were shown; removed with them.",
    )

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        if not isinstance(cell, CodeCell):
            return cell
        if (
            not cell.outputs
            and cell.execution_count is None
            and not any(field in cell.metadata for field in self.remove_metadata_fields)
        ):
            return cell
        return replace(
            cell,
            outputs=(),
            execution_count=None,
            metadata=cell.metadata.delete(*self.remove_metadata_fields),
        )


def keep_only(metadata: FrozenDict, masks: Sequence[str]) -> FrozenDict:
    """The parts of ``metadata`` named by ``masks``: keys, or dotted paths into them
    (``language_info.name`` keeps only the name of ``language_info``)."""
    kept: dict[str, object] = {}
    for mask in masks:
        head, _, rest = mask.partition(".")
        if head not in metadata:
            continue
        value = metadata[head]
        if not rest:
            kept[head] = value
        elif isinstance(value, FrozenDict):
            inner = keep_only(value, [rest])
            previous = kept.get(head)
            kept[head] = (previous | inner) if isinstance(previous, FrozenDict) else inner
    return FrozenDict(kept)


class ClearMetadataPreprocessor(Preprocessor):
    """Removes notebook and cell metadata, except the entries asked to be kept."""

    clear_cell_metadata = Bool(True, help="Remove the metadata of every cell.")
    clear_notebook_metadata = Bool(True, help="Remove the notebook's metadata.")
    preserve_cell_metadata_mask = List(
        str,
        (),
        help="Cell metadata entries to keep: keys, or dotted paths such as 'jupyter.source_hidden'.",
    )
    preserve_nb_metadata_mask = List(
        str,
        ("kernelspec", "language_info.name"),
        help="Notebook metadata entries to keep: keys or dotted paths.",
    )

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        nb, resources = super().preprocess(nb, resources)
        if self.clear_notebook_metadata:
            nb = replace(nb, metadata=keep_only(nb.metadata, self.preserve_nb_metadata_mask))
        return nb, resources

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        if not self.clear_cell_metadata or isinstance(cell, UnknownCell):
            return cell
        kept = keep_only(cell.metadata, self.preserve_cell_metadata_mask)
        if kept == cell.metadata:
            return cell
        return replace(cell, metadata=kept or EMPTY)
