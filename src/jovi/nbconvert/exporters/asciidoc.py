"""AsciiDoc: for Asciidoctor; images go to ``<name>_files/``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from jovi.nbconvert.exporters.markdown import fence_language
from jovi.nbconvert.exporters.templated import EXTRACT_FILES, TemplateExporter

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = ["AsciiDocExporter"]


class AsciiDocExporter(TemplateExporter):
    """Notebooks as AsciiDoc (``--to asciidoc``)."""

    export_name: ClassVar[str] = "asciidoc"
    file_extension: ClassVar[str] = ".asciidoc"
    output_mimetype: ClassVar[str] = "text/asciidoc"
    template_family: ClassVar[str] = "asciidoc"
    template_entry: ClassVar[str] = "index.adoc.j2"
    default_display_priority: ClassVar[tuple[str, ...]] = (
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
        "text/latex",
        "text/markdown",
        "text/html",
        "text/plain",
    )
    raw_formats: ClassVar[tuple[str, ...]] = ("text/asciidoc", "asciidoc")
    default_config: ClassVar[dict[str, dict[str, Any]]] = EXTRACT_FILES

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        resources["fence_language"] = fence_language(nb)
        return super().render(nb, resources)
