"""Sanitizing HTML from untrusted notebooks (``--sanitize-html``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from jovi.config import List
from jovi.nbconvert.filters.sanitize import clean_html
from jovi.nbconvert.preprocessors.base import Preprocessor, map_outputs
from jovi.nbformat.cells import CodeCell, RichOutput
from jovi.nbformat.frozen import FrozenDict

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.cells import Cell, Output
    from jovi.nbformat.notebook import Notebook

__all__ = ["SanitizeHTML"]


class SanitizeHTML(Preprocessor):
    """Removes scripts and event handlers from HTML, SVG and Markdown.

    Outputs: ``text/html``, ``image/svg+xml`` and ``text/markdown`` are cleaned to
    an allowlist (:func:`~jovi.nbconvert.filters.sanitize.clean_html`); the types
    listed in ``remove_types`` (JavaScript, widget state) are removed.  Markdown
    cells are cleaned after they are turned into HTML (the exporter is told through
    ``resources["sanitize_html"]``), so code in Markdown is not mangled.
    """

    remove_types = List(
        str,
        (
            "application/javascript",
            "text/javascript",
            "application/vnd.jupyter.widget-view+json",
            "application/vnd.jupyter.widget-state+json",
        ),
        help="Output MIME types that are removed altogether (they can only run code).",
    )
    clean_types = List(
        str,
        ("text/html", "image/svg+xml", "text/markdown"),
        help="Output MIME types whose HTML is cleaned to the safe allowlist.",
    )

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        resources["sanitize_html"] = True
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        if not isinstance(cell, CodeCell) or not cell.outputs:
            return cell
        removed = set(self.remove_types)
        cleaned = set(self.clean_types)

        def clean(position: int, output: Output) -> Output:
            if not isinstance(output, RichOutput):
                return output
            data = {
                mime: (clean_html(value) if mime in cleaned and isinstance(value, str) else value)
                for mime, value in output.data.items()
                if mime not in removed
            }
            if data == output.data:
                return output
            return replace(output, data=FrozenDict(data))

        return map_outputs(cell, clean)
