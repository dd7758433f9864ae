"""Notebooks to notebooks: normalised, upgraded to 4.5 (or written as nbformat 3),
after the preprocessors ran (``--clear-output``, tag removal...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import jovi.nbformat as nbf
from jovi.config import Enum
from jovi.nbconvert.exporters.base import Exporter

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = ["NotebookExporter"]


class NotebookExporter(Exporter):
    """Notebooks as notebook files (``--to notebook``), byte-identical to what
    Jupyter's nbformat writes."""

    export_name: ClassVar[str] = "notebook"
    file_extension: ClassVar[str] = ".ipynb"
    output_mimetype: ClassVar[str] = "application/x-ipynb+json"

    nbformat_version = Enum(
        ("4", "3"),
        "4",
        help="The format version written: 4 (4.5, with cell ids) or 3 (IPython 1.x-2.x).",
    )

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        return nbf.writes(nb, version=int(self.nbformat_version))
