"""Exporters by name: the formats ``jovi nbconvert --to`` knows.

jovi's own are listed in :data:`BUILTIN_EXPORTERS`; other packages add theirs
through the entry-point group ``jovi.exporters`` (the name is the format, the
object an :class:`~jovi.nbconvert.exporters.base.Exporter` subclass)::

    [project.entry-points."jovi.exporters"]
    mdx = "my_package.exporters:MDXExporter"

A name is matched without regard to case; ``module:Class`` names an exporter class
directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.errors import UnknownFormat
from jovi.utils.text import closest_match

if TYPE_CHECKING:
    from jovi.nbconvert.exporters.base import Exporter

__all__ = [
    "BUILTIN_EXPORTERS",
    "ENTRY_POINT_GROUP",
    "export",
    "exporter_names",
    "get_exporter",
]

ENTRY_POINT_GROUP = "jovi.exporters"
"""The entry-point group of third-party exporters."""

BUILTIN_EXPORTERS: dict[str, str] = {
    "asciidoc": "jovi.nbconvert.exporters.asciidoc:AsciiDocExporter",
    "html": "jovi.nbconvert.exporters.html:HTMLExporter",
    "latex": "jovi.nbconvert.exporters.latex:LatexExporter",
    "markdown": "jovi.nbconvert.exporters.markdown:MarkdownExporter",
    "notebook": "jovi.nbconvert.exporters.notebook:NotebookExporter",
    "pdf": "jovi.nbconvert.exporters.pdf:PDFExporter",
    "python": "jovi.nbconvert.exporters.script:PythonExporter",
    "rst": "jovi.nbconvert.exporters.rst:RSTExporter",
    "script": "jovi.nbconvert.exporters.script:ScriptExporter",
    "slides": "jovi.nbconvert.exporters.slides:SlidesExporter",
    "webpdf": "jovi.nbconvert.exporters.webpdf:WebPDFExporter",
}
"""jovi's exporters: format name -> ``module:Class``."""


def _entry_point_names() -> dict[str, str]:
    from importlib.metadata import entry_points  # noqa: PLC0415 - slow; only for other names

    return {point.name.lower(): point.value for point in entry_points(group=ENTRY_POINT_GROUP)}


def exporter_names() -> list[str]:
    """Every format name: jovi's and those installed packages add."""
    return sorted({*BUILTIN_EXPORTERS, *_entry_point_names()})


def get_exporter(name: str) -> type[Exporter]:
    """The exporter class for a format name (or ``module:Class``).

    Raises:
        UnknownFormat: no exporter has that name; the message lists the formats.
    """
    from jovi.nbconvert.exporters.base import Exporter, import_item  # noqa: PLC0415 - cycle

    key = name.strip().lower()
    target = BUILTIN_EXPORTERS.get(key)
    if target is None and ":" in name:
        target = name.strip()
    if target is None:
        target = _entry_point_names().get(key)
    if target is None:
        names = exporter_names()
        close = closest_match(key, names)
        hint = f" (did you mean {close!r}?)" if close else ""
        raise UnknownFormat(
            f"there is no format {name!r}{hint}; the formats are: {', '.join(names)}"
        )
    exporter = import_item(target)
    if not (isinstance(exporter, type) and issubclass(exporter, Exporter)):
        raise UnknownFormat(f"{target} (format {name!r}) is not a jovi exporter")
    return exporter


def export(name: str, nb: object, **options: Any) -> tuple[str | bytes, dict[str, Any]]:
    """Convert ``nb`` (a :class:`~jovi.nbformat.Notebook` or a file name) to the format
    ``name``; ``options`` are the exporter's options."""
    exporter = get_exporter(name)(**options)
    if isinstance(nb, str):
        return exporter.from_filename(nb)
    from jovi.nbformat.notebook import Notebook  # noqa: PLC0415 - start-up cost

    if not isinstance(nb, Notebook):
        raise TypeError(f"export() takes a Notebook or a file name, not {type(nb).__name__}")
    return exporter.from_notebook_node(nb)
