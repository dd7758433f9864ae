"""The rich-display cell magics: the cell's body shown as HTML, SVG, JavaScript, LaTeX
or Markdown.

``%%html`` (``%%HTML``), ``%%svg`` (``%%SVG``), ``%%javascript`` (``%%js``), ``%%latex``
and ``%%markdown`` each display the cell's body with the matching class of
:mod:`jovi.display`.  Rich frontends render it; a terminal shows the text form.
"""

from __future__ import annotations

from typing import Any

from jovi.errors import DisplayError, UsageError
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, cell_magic, magics_class

__all__ = ["DisplayMagics"]


def _no_arguments(name: str, line: str) -> None:
    if line.strip():
        raise UsageError(
            f"%%{name} takes no arguments, only the cell's body (got {line.strip()!r})"
        )


@magics_class
class DisplayMagics(Magics):
    """Cell magics that display the cell's body in a rich format."""

    def _show(self, kind: str, cell: str, metadata: dict[str, Any] | None = None) -> None:
        """``display(cls(cell))`` through the shell's own output (also outside a running
        cell).  The body is shown as it is: one that looks like a URL or a file name is
        not fetched or read."""
        from jovi.display import objects  # noqa: PLC0415 - loaded when first used

        cls: type[objects.TextDisplayObject] = getattr(objects, kind)
        obj = cls()
        obj.metadata = dict(metadata or {})
        try:
            obj.data = cell
        except DisplayError as error:
            raise UsageError(str(error)) from None
        data, bundle_metadata = self.shell.format(obj)
        self.shell.publish(data, bundle_metadata)

    @magic_arguments("%html")  # the usage line then reads "%%html"
    @argument(
        "--isolated",
        action="store_true",
        help="Show the HTML in an iframe of its own, so that its styles and scripts "
        "cannot affect the rest of the page.",
    )
    @cell_magic("html")
    @cell_magic("HTML")
    def html(self, line: str, cell: str) -> None:
        """Show the cell's body as HTML."""
        args = parse_argstring(self.html, line)
        self._show("HTML", cell, {"isolated": True} if args.isolated else None)

    @cell_magic("svg")
    @cell_magic("SVG")
    def svg(self, line: str, cell: str) -> None:
        """Show the cell's body as an SVG image (its ``<svg>`` element)."""
        _no_arguments("svg", line)
        self._show("SVG", cell)

    @cell_magic("javascript")
    @cell_magic("js")
    def javascript(self, line: str, cell: str) -> None:
        """Run the cell's body as JavaScript in the frontend (a notebook, not a terminal)."""
        _no_arguments("javascript", line)
        self._show("Javascript", cell)

    @cell_magic
    def latex(self, line: str, cell: str) -> None:
        """Show the cell's body as LaTeX (math in ``$...$`` or environments)."""
        _no_arguments("latex", line)
        self._show("Latex", cell)

    @cell_magic
    def markdown(self, line: str, cell: str) -> None:
        """Show the cell's body as Markdown."""
        _no_arguments("markdown", line)
        self._show("Markdown", cell)
