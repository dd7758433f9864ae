"""LaTeX: article (the default), report and book templates, for xelatex.

Markdown cells go through jovi's Markdown-to-LaTeX renderer (no pandoc), code is
highlighted by pygments, terminal colours become ``\\textcolor``, and images are
extracted next to the ``.tex`` file and included with ``\\adjustimage`` (fitted to
the page).  SVG and HTML outputs cannot be included; their text form is shown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.config import Str
from jovi.nbconvert.exporters.templated import EXTRACT_FILES, TemplateExporter
from jovi.nbconvert.filters.highlight import latex_style_defs
from jovi.nbformat.frozen import FrozenDict

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = ["LATEX_PRIORITY", "LatexExporter"]

_LATEX_UNSAFE = re.compile(r"[#%&{}$~^\\]")

LATEX_PRIORITY = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/latex",
    "text/markdown",
    "text/plain",
)
"""The MIME types LaTeX shows, best first."""


class LatexExporter(TemplateExporter):
    """Notebooks as LaTeX documents (``--to latex``; ``--template report`` or ``book``)."""

    export_name: ClassVar[str] = "latex"
    file_extension: ClassVar[str] = ".tex"
    output_mimetype: ClassVar[str] = "text/latex"
    template_family: ClassVar[str] = "latex"
    default_template: ClassVar[str] = "article"
    template_entry: ClassVar[str] = "index.tex.j2"
    default_display_priority: ClassVar[tuple[str, ...]] = LATEX_PRIORITY
    raw_formats: ClassVar[tuple[str, ...]] = ("text/latex", "latex", "tex")
    default_config: ClassVar[dict[str, dict[str, Any]]] = EXTRACT_FILES

    pygments_style = Str("default", help="The pygments style of highlighted code.")
    date = Str("", help="The date on the title page; empty: the notebook file's date.")

    def init_resources(self, resources: Resources | None) -> Resources:
        resources = super().init_resources(resources)
        # LaTeX cannot take #, %, & and the like in file names, even escaped: the
        # images go to a directory whose name avoids them ("a #1_files" -> "a _1_files").
        resources["output_files_dir"] = _LATEX_UNSAFE.sub("_", resources["output_files_dir"])
        return resources

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        title = nb.metadata.get("title")
        resources["title"] = (
            title if isinstance(title, str) and title else resources["metadata"]["name"]
        )
        resources["authors"] = _authors(nb.metadata.get("authors"))
        resources["date"] = self.date or resources["metadata"].get("modified_date", "")
        resources["pygments_style"] = self.pygments_style
        resources["latex_style_defs"] = latex_style_defs(self.pygments_style)
        return super().render(nb, resources)


def _authors(value: object) -> list[str]:
    # metadata.authors: [{"name": "..."}, ...]
    if not isinstance(value, tuple):
        return []
    return [
        str(author["name"])
        for author in value
        if isinstance(author, FrozenDict) and isinstance(author.get("name"), str)
    ]
