"""reStructuredText: for Sphinx and docutils; images go to ``<name>_files/``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from jovi.nbconvert.exporters.templated import EXTRACT_FILES, TemplateExporter
from jovi.nbconvert.filters.highlight import IPYTHON_NAMES, lexer_for

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = ["RST_PRIORITY", "RSTExporter"]

RST_PRIORITY = (
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/latex",
    "text/markdown",
    "text/html",
    "application/json",
    "text/plain",
)
"""The MIME types reST shows, best first."""


class RSTExporter(TemplateExporter):
    """Notebooks as reStructuredText (``--to rst``)."""

    export_name: ClassVar[str] = "rst"
    file_extension: ClassVar[str] = ".rst"
    output_mimetype: ClassVar[str] = "text/restructuredtext"
    template_family: ClassVar[str] = "rst"
    template_entry: ClassVar[str] = "index.rst.j2"
    default_display_priority: ClassVar[tuple[str, ...]] = RST_PRIORITY
    raw_formats: ClassVar[tuple[str, ...]] = ("text/restructuredtext", "rst", "text/x-rst")
    default_config: ClassVar[dict[str, dict[str, Any]]] = EXTRACT_FILES

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        resources["rst_state"] = {}
        resources["rst_language"] = _code_language(nb)
        return super().render(nb, resources)


def _code_language(nb: Notebook) -> str:
    # The language of ``.. code::``: one pygments knows by name (docutils warns otherwise).
    info = nb.language_info
    name = (info.pygments_lexer or info.name) if info is not None else "python"
    if name.lower() in IPYTHON_NAMES:
        return "python"
    return name if type(lexer_for(name)).__name__ != "TextLexer" else "text"
