"""HTML: a complete page (template ``full``) or a fragment to embed (``basic``).

The page is self-contained by default: images are ``data:`` URLs (unless the
extract-outputs preprocessor is on), the stylesheet is inside it, and when the
notebook has math KaTeX is too — script, stylesheet and fonts — so the file opens
anywhere without a network (:mod:`jovi.nbconvert.html_assets` explains the other
ways, ``files`` and ``prefix``).  ``theme`` picks light, dark or the reader's
system setting (``auto``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.config import Bool, Enum, Str
from jovi.nbconvert.exporters.templated import TemplateExporter
from jovi.nbconvert.html_assets import (
    KATEX_VERSION,
    THEMES,
    katex_css_inline,
    katex_file,
    katex_files,
    notebook_css,
)
from jovi.nbformat.cells import CodeCell, MarkdownCell, RichOutput

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = ["HTML_PRIORITY", "HTMLExporter", "has_math"]

HTML_PRIORITY = (
    "application/javascript",
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/json",
    "text/plain",
)
"""The MIME types HTML shows, best first."""

_MATH = re.compile(r"\$|\\\(|\\\[|\\begin\{")


def has_math(nb: Notebook) -> bool:
    """Whether the notebook may have math to typeset (Markdown with ``$``, ``\\(``,
    ``\\[`` or ``\\begin{``, or LaTeX outputs)."""
    for cell in nb.cells:
        if isinstance(cell, MarkdownCell) and _MATH.search(cell.source):
            return True
        if isinstance(cell, CodeCell):
            for output in cell.outputs:
                if isinstance(output, RichOutput) and (
                    "text/latex" in output.data
                    or _MATH.search(str(output.data.get("text/markdown", "")))
                ):
                    return True
    return False


class HTMLExporter(TemplateExporter):
    """Notebooks as HTML pages (``--to html``; ``--template basic`` for a fragment)."""

    export_name: ClassVar[str] = "html"
    file_extension: ClassVar[str] = ".html"
    output_mimetype: ClassVar[str] = "text/html"
    template_family: ClassVar[str] = "html"
    default_template: ClassVar[str] = "full"
    template_entry: ClassVar[str] = "index.html.j2"
    default_display_priority: ClassVar[tuple[str, ...]] = HTML_PRIORITY
    raw_formats: ClassVar[tuple[str, ...]] = ("text/html", "html")

    theme = Enum(
        THEMES, "light", help="Colours: 'light', 'dark' or 'auto' (the reader's system setting)."
    )
    katex = Enum(
        ("inline", "files", "prefix", "none"),
        "inline",
        help="How math is typeset: KaTeX inside the HTML file ('inline'), copied next "
        "to it ('files'), loaded from katex_prefix ('prefix'), or not at all ('none', "
        "math stays TeX source).",
    )
    katex_prefix = Str(
        f"https://cdn.jsdelivr.net/npm/katex@{KATEX_VERSION}/dist/",
        help="Where KaTeX is loaded from when katex='prefix': a URL or a relative path "
        "ending in '/', holding katex.min.js, katex.min.css and contrib/auto-render.min.js.",
    )
    include_css = Bool(
        True, help="Put the notebook stylesheet (layout, colours, highlighting) into the HTML."
    )
    html_title = Str("", help="The page title; empty: the notebook's title or file name.")

    def init_resources(self, resources: Resources | None) -> Resources:
        resources = super().init_resources(resources)
        resources["theme"] = self.theme
        resources["css"] = notebook_css(self.theme) if self.include_css else ""
        return resources

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        title = nb.metadata.get("title")
        resources["title"] = self.html_title or (
            title if isinstance(title, str) and title else resources["metadata"]["name"]
        )
        resources["math"] = self.math_assets(resources) if has_math(nb) else None
        return super().render(nb, resources)

    def math_assets(self, resources: Resources) -> dict[str, Any] | None:
        """What the template needs to load KaTeX (see ``katex``)."""
        if self.katex == "none":
            return None
        if self.katex == "inline":
            return {
                "mode": "inline",
                "css": katex_css_inline(),
                "katex": katex_file("katex.min.js").decode("utf-8"),
                "auto_render": katex_file("contrib/auto-render.min.js").decode("utf-8"),
            }
        if self.katex == "files":
            folder = f"{resources['output_files_dir']}/katex"
            for name, payload in katex_files().items():
                resources["outputs"][f"{folder}/{name}"] = payload
            return {"mode": "files", "href": f"{folder}/"}
        prefix = self.katex_prefix if self.katex_prefix.endswith("/") else self.katex_prefix + "/"
        return {"mode": "prefix", "href": prefix}
