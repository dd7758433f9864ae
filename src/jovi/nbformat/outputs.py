"""The outputs of code cells: stream, display_data, execute_result, error.

Each output type is a frozen, slotted value object (STYLE.md C11); change one with
:func:`dataclasses.replace`.  MIME bundles (``data``) are mappings of MIME type to a
string, or to any JSON value for ``application/json`` and ``application/*+json``.
Outputs of a type this version of the format does not know (from a later minor
version) are kept as :class:`UnknownOutput`, field for field.

The kernel's display messages, the notebook server and nbconvert share these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, TypeAlias

from jovi.nbformat.frozen import EMPTY, FrozenDict, freeze_fields

__all__ = [
    "DisplayData",
    "Error",
    "ExecuteResult",
    "Output",
    "Stream",
    "UnknownOutput",
    "is_json_mime",
]


def is_json_mime(mime: str) -> bool:
    """Whether a MIME type holds JSON data (any value) rather than text.

    ``application/json`` and ``application/<anything>+json`` do.
    """
    return mime == "application/json" or (
        mime.startswith("application/") and mime.endswith("+json")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Stream:
    """Text written to ``stdout`` or ``stderr``."""

    output_type: ClassVar[str] = "stream"
    name: str = "stdout"
    """The stream: ``"stdout"`` or ``"stderr"``."""
    text: str = ""
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "extra")


@dataclass(frozen=True, slots=True, kw_only=True)
class DisplayData:
    """Rich data shown by ``display()``: a MIME bundle and its metadata."""

    output_type: ClassVar[str] = "display_data"
    data: FrozenDict = EMPTY
    """MIME type -> text (or JSON for JSON MIME types); images are base64 text."""
    metadata: FrozenDict = EMPTY
    """Output metadata, e.g. ``{"image/png": {"width": 320}}``."""
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "data", "metadata", "extra")


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecuteResult:
    """The value of the last expression of a cell (``Out[n]``)."""

    output_type: ClassVar[str] = "execute_result"
    data: FrozenDict = EMPTY
    metadata: FrozenDict = EMPTY
    execution_count: int | None = None
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "data", "metadata", "extra")


@dataclass(frozen=True, slots=True, kw_only=True)
class Error:
    """An exception raised by the cell's code."""

    output_type: ClassVar[str] = "error"
    ename: str = ""
    """The exception's class name."""
    evalue: str = ""
    """The exception's message."""
    traceback: tuple[str, ...] = field(default=())
    """The formatted traceback, one string per frame (with ANSI colours)."""
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "extra")
        object.__setattr__(self, "traceback", tuple(self.traceback))


@dataclass(frozen=True, slots=True)
class UnknownOutput:
    """An output of a type this format version does not define, kept as it was."""

    output_type: str
    fields: FrozenDict = EMPTY
    """Every field except ``output_type``, as JSON."""

    def __post_init__(self) -> None:
        freeze_fields(self, "fields")


Output: TypeAlias = Stream | DisplayData | ExecuteResult | Error | UnknownOutput
"""Any output of a code cell."""
