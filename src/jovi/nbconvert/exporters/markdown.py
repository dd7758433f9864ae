"""Markdown: Markdown cells as they are, code in fenced blocks, images as files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from jovi.nbconvert.exporters.templated import EXTRACT_FILES, TemplateExporter

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = ["MARKDOWN_PRIORITY", "MarkdownExporter"]

MARKDOWN_PRIORITY = (
    "text/markdown",
    "text/html",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/latex",
    "application/json",
    "text/plain",
)
"""The MIME types Markdown shows, best first."""


def fence_language(nb: Notebook) -> str:
    """The language named after the opening fence of code blocks (``python``)."""
    info = nb.language_info
    if info is not None:
        return info.name
    spec = nb.kernelspec
    return spec.language if spec is not None and spec.language else "python"


class MarkdownExporter(TemplateExporter):
    """Notebooks as Markdown (``--to markdown``); images go to ``<name>_files/``."""

    export_name: ClassVar[str] = "markdown"
    file_extension: ClassVar[str] = ".md"
    output_mimetype: ClassVar[str] = "text/markdown"
    template_family: ClassVar[str] = "markdown"
    template_entry: ClassVar[str] = "index.md.j2"
    default_display_priority: ClassVar[tuple[str, ...]] = MARKDOWN_PRIORITY
    raw_formats: ClassVar[tuple[str, ...]] = ("text/markdown", "markdown", "text/html", "html")
    default_config: ClassVar[dict[str, dict[str, Any]]] = EXTRACT_FILES

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        resources["fence_language"] = fence_language(nb)
        return super().render(nb, resources)
