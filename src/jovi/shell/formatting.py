"""Configuration of how results are shown: ``PlainTextFormatter`` and ``DisplayFormatter``.

These configurable classes carry the options (``%config PlainTextFormatter.pprint =
False``, ``c.PlainTextFormatter.max_width = 120``) and apply them to the display
layer's formatters, live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.config import Bool, Change, Configurable, Int, List, Str, on_change
from jovi.display.formatters import DisplayFormatter

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.display.formatters import FormatterError

__all__ = ["DisplayFormatterOptions", "PlainTextFormatter", "create_display_formatter"]

ALL_TYPES = [
    "text/plain",
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "application/pdf",
    "text/latex",
    "application/json",
    "application/javascript",
]


class PlainTextFormatter(Configurable):
    """How values are shown as text: pretty printing, width, float precision."""

    pprint = Bool(
        True,
        help="Pretty-print containers over several lines when they do not fit (False: plain repr).",
    )
    max_width = Int(79, min=10, help="The width pretty printing fits into.")
    max_seq_length = Int(
        1000, min=1, help="Show at most this many items of a container, then '...'."
    )
    newline = Str("\n", help="The line separator of pretty-printed text.")
    sort_dicts = Bool(
        False,
        help="Show dict keys sorted (when they can be); by default they keep their "
        "insertion order, as in IPython 9.",
    )
    float_precision = Str(
        "", help="How floats are shown: '' for repr, a number of digits, or a %-format ('%.3f')."
    )

    def __init__(self, *, target: DisplayFormatter | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = target
        self.apply()

    def apply(self) -> None:
        if self.target is None:
            return
        plain = self.target.plain_text
        plain.pprint = self.pprint
        plain.max_width = self.max_width
        plain.max_seq_length = self.max_seq_length
        plain.newline = self.newline
        plain.sort_dicts = self.sort_dicts
        try:
            plain.set_float_precision(self.float_precision or None)
        except (ValueError, TypeError):
            plain.set_float_precision(None)

    @on_change("pprint", "max_width", "max_seq_length", "newline", "sort_dicts", "float_precision")
    def _changed(self, change: Change) -> None:
        self.apply()


class DisplayFormatterOptions(Configurable):
    """Which formats are computed for results and ``display()``."""

    config_aliases = ("DisplayFormatter",)

    active_types = List(
        str, ALL_TYPES, help="The MIME types computed; text/plain is always included."
    )
    plain_text_only = Bool(False, help="Compute only text/plain (a terminal shows nothing else).")

    def __init__(self, *, target: DisplayFormatter | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target = target
        self.apply()

    def apply(self) -> None:
        if self.target is not None:
            self.target.active_types = (
                ["text/plain"] if self.plain_text_only else list(self.active_types)
            )

    @on_change("active_types", "plain_text_only")
    def _changed(self, change: Change) -> None:
        self.apply()


def create_display_formatter(
    parent: Configurable, on_error: Callable[[FormatterError], None] | None = None
) -> tuple[DisplayFormatter, PlainTextFormatter, DisplayFormatterOptions]:
    """A display formatter configured from ``parent``'s configuration."""
    formatter = DisplayFormatter(on_error=on_error)
    return (
        formatter,
        PlainTextFormatter(target=formatter, parent=parent),
        DisplayFormatterOptions(target=formatter, parent=parent),
    )
