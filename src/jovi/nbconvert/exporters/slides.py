"""reveal.js slideshows from the cells' ``metadata.slideshow.slide_type``.

``slide`` starts a new slide, ``subslide`` a new slide below the current one,
``fragment`` a part of the slide that appears on the next key press (the following
``-`` cells belong to it), ``notes`` speaker notes, ``skip`` leaves the cell out;
``-`` (or nothing) continues what the previous cell started.  reveal.js itself is
loaded from ``reveal_prefix`` (a CDN by default; a local copy works offline), so
``--post serve`` shows the slides at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.config import Bool, Enum, Int, Str
from jovi.nbconvert.exporters.html import HTMLExporter
from jovi.nbformat.cells import UnknownCell
from jovi.nbformat.frozen import FrozenDict

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.cells import Cell
    from jovi.nbformat.notebook import Notebook

__all__ = ["SLIDE_TYPES", "SlidesExporter", "mark_slides", "slide_type"]

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
"""The values of ``metadata.slideshow.slide_type``."""


def slide_type(cell: Cell) -> str:
    """A cell's slide type (``-`` when it has none, or an unknown one)."""
    slideshow = cell.metadata.get("slideshow")
    kind = slideshow.get("slide_type") if isinstance(slideshow, FrozenDict) else None
    return kind if isinstance(kind, str) and kind in SLIDE_TYPES else "-"


def mark_slides(nb: Notebook) -> Notebook:
    """The notebook without skipped cells, each cell's ``metadata.slide_marks`` saying
    which HTML opens (``before``) and closes (``after``) around it."""
    cells = [
        cell
        for cell in nb.cells
        if slide_type(cell) != "skip" and not isinstance(cell, UnknownCell)
    ]
    marks: list[dict[str, str]] = [{"before": "", "after": ""} for _ in cells]
    open_part = ""  # "fragment" or "notes" while one is open
    for index, cell in enumerate(cells):
        kind = slide_type(cell)
        before: list[str] = []
        if open_part and kind != "-":
            marks[index - 1]["after"] += "</aside>" if open_part == "notes" else "</div>"
            open_part = ""
        if index == 0:
            before.append("<section><section>")
        elif kind == "slide":
            before.append("</section></section><section><section>")
        elif kind == "subslide":
            before.append("</section><section>")
        if kind == "fragment":
            before.append('<div class="fragment">')
            open_part = "fragment"
        elif kind == "notes":
            before.append('<aside class="notes">')
            open_part = "notes"
        marks[index]["before"] = "".join(before)
    if cells:
        if open_part:
            marks[-1]["after"] += "</aside>" if open_part == "notes" else "</div>"
        marks[-1]["after"] += "</section></section>"
    marked = [
        replace(cell, metadata=cell.metadata.set("slide_marks", mark))
        for cell, mark in zip(cells, marks, strict=True)
    ]
    return nb.with_cells(marked)


class SlidesExporter(HTMLExporter):
    """Notebooks as reveal.js slideshows (``--to slides``; ``--post serve`` to show them)."""

    export_name: ClassVar[str] = "slides"
    file_extension: ClassVar[str] = ".slides.html"
    template_family: ClassVar[str] = "slides"
    default_template: ClassVar[str] = "reveal"

    reveal_prefix = Str(
        "https://cdn.jsdelivr.net/npm/reveal.js@5.1.0/",
        help="Where reveal.js is loaded from: a URL or a relative path ending in '/', "
        "holding dist/reveal.js, dist/reveal.css and dist/theme/.",
    )
    reveal_theme = Str("white", help="The reveal.js theme (white, black, simple, serif...).")
    reveal_transition = Enum(
        ("none", "fade", "slide", "convex", "concave", "zoom"),
        "slide",
        help="How one slide gives way to the next.",
    )
    reveal_scroll = Bool(False, help="Let slides that are too long scroll.")
    reveal_number = Str("", help="Slide numbers: '' (none), 'c/t', 'h.v', 'h/v' or 'c'.")
    reveal_width = Int(960, min=100, help="The slides' width in pixels, before scaling.")
    reveal_height = Int(700, min=100, help="The slides' height in pixels, before scaling.")

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        prefix = (
            self.reveal_prefix if self.reveal_prefix.endswith("/") else self.reveal_prefix + "/"
        )
        options: dict[str, Any] = {
            "transition": self.reveal_transition,
            "width": self.reveal_width,
            "height": self.reveal_height,
            "hash": True,
            "slideNumber": self.reveal_number or False,
        }
        if self.reveal_scroll:
            options["view"] = "scroll"
        resources["reveal"] = {"prefix": prefix, "theme": self.reveal_theme, "options": options}
        return super().render(mark_slides(nb), resources)
