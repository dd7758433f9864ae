"""The notebook: format version, metadata and cells, as one immutable value.

:class:`Notebook` is a frozen, slotted value object (docs/design/style.md, C11).  Every "change"
(``with_cell``, ``insert_cell``, ``with_kernelspec``...) returns a new notebook that
shares the unchanged cells with the old one, so updates are cheap.

The notebook's metadata is kept whole, unknown keys included; :attr:`Notebook.kernelspec`
and :attr:`Notebook.language_info` are typed views of its two well-known entries.

Usage::

    nb = Notebook(cells=(MarkdownCell(source="# Title"), CodeCell(source="1 + 1")))
    nb = nb.with_kernelspec(KernelSpecInfo(name="python3", display_name="Python 3"))
    nb = nb.with_cell(1, replace(nb.cells[1], execution_count=1))
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from jovi.nbformat.cells import Cell, CodeCell, new_cell_id
from jovi.nbformat.frozen import EMPTY, FrozenDict, freeze, freeze_fields

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "CURRENT_MINOR",
    "KernelSpecInfo",
    "LanguageInfo",
    "Notebook",
]

CURRENT_MINOR = 5
"""The newest minor version of nbformat 4 that jovi knows (4.5: cell ids)."""


@dataclass(frozen=True, slots=True)
class KernelSpecInfo:
    """``metadata.kernelspec``: which kernel the notebook runs with."""

    name: str
    """The kernelspec's name, e.g. ``python3``."""
    display_name: str
    """The name shown to users, e.g. ``Python 3 (ipykernel)``."""
    language: str | None = None
    """The kernel's language, which many frontends also store here."""


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """``metadata.language_info``: what the kernel said about its language."""

    name: str
    version: str | None = None
    mimetype: str | None = None
    file_extension: str | None = None
    pygments_lexer: str | None = None
    codemirror_mode: str | FrozenDict | None = None
    nbconvert_exporter: str | None = None


def _optional_str(mapping: Mapping[str, object], key: str) -> str | None:
    value = mapping.get(key)
    return value if isinstance(value, str) else None


def _merged(old: object, fields: Mapping[str, object]) -> FrozenDict:
    # Keep the keys of the old entry that the typed view does not know about.
    base = old if isinstance(old, FrozenDict) else EMPTY
    known = {key: value for key, value in fields.items() if value is not None}
    return base.delete(*(key for key, value in fields.items() if value is None)) | known


@dataclass(frozen=True, slots=True, kw_only=True)
class Notebook:
    """A notebook document (nbformat 4).

    ``nbformat_minor`` is 5 for notebooks jovi makes; a notebook read from a file
    keeps the file's minor version unless it was upgraded on reading.
    """

    cells: tuple[Cell, ...] = ()
    metadata: FrozenDict = EMPTY
    """Notebook metadata: ``kernelspec``, ``language_info``, ``title``, ``authors``, any other."""
    nbformat: int = 4
    nbformat_minor: int = CURRENT_MINOR
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "metadata", "extra")
        object.__setattr__(self, "cells", tuple(self.cells))

    # ------------------------------------------------------------ cells
    def cell_ids(self) -> list[str]:
        """The ids of the cells that have one, in order."""
        return [cell.id for cell in self.cells if cell.id is not None]

    def index_of(self, cell_id: str) -> int:
        """The position of the cell with id ``cell_id``.

        Raises:
            KeyError: no cell has that id.
        """
        for index, cell in enumerate(self.cells):
            if cell.id == cell_id:
                return index
        raise KeyError(f"no cell has the id {cell_id!r}")

    def with_cells(self, cells: Iterable[Cell]) -> Notebook:
        """A copy with these cells."""
        return replace(self, cells=tuple(cells))

    def with_cell(self, index: int, cell: Cell) -> Notebook:
        """A copy with the cell at ``index`` replaced by ``cell``."""
        cells = list(self.cells)
        cells[index] = cell
        return replace(self, cells=tuple(cells))

    def insert_cell(self, index: int, cell: Cell) -> Notebook:
        """A copy with ``cell`` inserted before position ``index`` (``len(cells)``: at the end)."""
        cells = list(self.cells)
        cells.insert(index, cell)
        return replace(self, cells=tuple(cells))

    def append_cell(self, cell: Cell) -> Notebook:
        """A copy with ``cell`` added at the end."""
        return replace(self, cells=(*self.cells, cell))

    def delete_cell(self, index: int) -> Notebook:
        """A copy without the cell at ``index``."""
        cells = list(self.cells)
        del cells[index]
        return replace(self, cells=tuple(cells))

    def move_cell(self, source: int, destination: int) -> Notebook:
        """A copy with the cell at ``source`` moved to position ``destination``."""
        cells = list(self.cells)
        cells.insert(destination, cells.pop(source))
        return replace(self, cells=tuple(cells))

    def with_fresh_ids(self) -> Notebook:
        """A copy in which cells without an id, or with an id used before, get new ids."""
        seen: set[str] = set()
        taken = set(self.cell_ids())
        cells: list[Cell] = []
        for cell in self.cells:
            cell_id = cell.id
            if cell_id is None or cell_id in seen:
                cell_id = new_cell_id(taken)
                taken.add(cell_id)
                cell = replace(cell, id=cell_id)
            seen.add(cell_id)
            cells.append(cell)
        return replace(self, cells=tuple(cells))

    def cleared(self) -> Notebook:
        """A copy in which every code cell has no outputs and no execution count."""
        return replace(
            self,
            cells=tuple(
                cell.with_outputs() if isinstance(cell, CodeCell) else cell for cell in self.cells
            ),
        )

    # ------------------------------------------------------------ metadata
    def with_metadata(self, **entries: object) -> Notebook:
        """A copy with these notebook metadata entries set (``None`` removes an entry)."""
        metadata = self.metadata.delete(*(k for k, v in entries.items() if v is None))
        return replace(
            self, metadata=metadata | {k: v for k, v in entries.items() if v is not None}
        )

    @property
    def kernelspec(self) -> KernelSpecInfo | None:
        """``metadata.kernelspec``, when it has a name and a display name."""
        spec = self.metadata.get("kernelspec")
        if not isinstance(spec, FrozenDict):
            return None
        name, display = _optional_str(spec, "name"), _optional_str(spec, "display_name")
        if name is None or display is None:
            return None
        return KernelSpecInfo(name, display, _optional_str(spec, "language"))

    def with_kernelspec(self, spec: KernelSpecInfo | None) -> Notebook:
        """A copy with ``metadata.kernelspec`` set from ``spec`` (other keys in it are kept)."""
        if spec is None:
            return self.with_metadata(kernelspec=None)
        fields = {"name": spec.name, "display_name": spec.display_name, "language": spec.language}
        return self.with_metadata(kernelspec=_merged(self.metadata.get("kernelspec"), fields))

    @property
    def language_info(self) -> LanguageInfo | None:
        """``metadata.language_info``, when it has a name."""
        info = self.metadata.get("language_info")
        if not isinstance(info, FrozenDict):
            return None
        name = _optional_str(info, "name")
        if name is None:
            return None
        mode = info.get("codemirror_mode")
        return LanguageInfo(
            name=name,
            version=_optional_str(info, "version"),
            mimetype=_optional_str(info, "mimetype"),
            file_extension=_optional_str(info, "file_extension"),
            pygments_lexer=_optional_str(info, "pygments_lexer"),
            codemirror_mode=mode if isinstance(mode, str | FrozenDict) else None,
            nbconvert_exporter=_optional_str(info, "nbconvert_exporter"),
        )

    def with_language_info(self, info: LanguageInfo | None) -> Notebook:
        """A copy with ``metadata.language_info`` set from ``info`` (other keys are kept)."""
        if info is None:
            return self.with_metadata(language_info=None)
        fields: dict[str, object] = {
            "name": info.name,
            "version": info.version,
            "mimetype": info.mimetype,
            "file_extension": info.file_extension,
            "pygments_lexer": info.pygments_lexer,
            "codemirror_mode": freeze(info.codemirror_mode),
            "nbconvert_exporter": info.nbconvert_exporter,
        }
        return self.with_metadata(language_info=_merged(self.metadata.get("language_info"), fields))
