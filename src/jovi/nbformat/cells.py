"""Cells and their outputs: the parts a notebook is made of.

Cells are code, markdown and raw cells, and cells of types this format version does
not know (from a later minor version), kept field for field.  Outputs of code cells
are stream, display_data, execute_result and error, and unknown ones kept likewise.
The kernel's display messages, the notebook server and nbconvert share these classes.

All are frozen, slotted value objects (docs/design/style.md, C11); change one with
:func:`dataclasses.replace` or the helpers here, which return new objects.  MIME
bundles (``data``, attachments) map a MIME type to a string, or to any JSON value for
``application/json`` and ``application/*+json``.

Every cell has an ``id`` (nbformat 4.5): 1 to 64 letters, digits, ``-`` or ``_``,
unique in its notebook.  A new cell gets a fresh random id of 8 hexadecimal digits,
the form nbformat generates; cells of a 4.0-4.4 notebook that was read without
upgrading have ``id=None``, because those versions have no ids.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from jovi.nbformat.frozen import EMPTY, FrozenDict, freeze_fields

if TYPE_CHECKING:
    from collections.abc import Collection

__all__ = [
    "CELL_ID_PATTERN",
    "Cell",
    "CodeCell",
    "DisplayData",
    "Error",
    "ExecuteResult",
    "MarkdownCell",
    "Output",
    "RawCell",
    "RichOutput",
    "Stream",
    "TextCell",
    "UnknownCell",
    "UnknownOutput",
    "is_json_mime",
    "is_valid_cell_id",
    "new_cell_id",
]


# ------------------------------------------------------------------ outputs
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
class RichOutput:
    """What display_data and execute_result share: a MIME bundle and its metadata."""

    output_type: ClassVar[str]
    data: FrozenDict = EMPTY
    """MIME type -> text (or JSON for JSON MIME types); images are base64 text."""
    metadata: FrozenDict = EMPTY
    """Output metadata, e.g. ``{"image/png": {"width": 320}}``."""
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "data", "metadata", "extra")


@dataclass(frozen=True, slots=True, kw_only=True)
class DisplayData(RichOutput):
    """Rich data shown by ``display()``."""

    output_type: ClassVar[str] = "display_data"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExecuteResult(RichOutput):
    """The value of the last expression of a cell (``Out[n]``)."""

    output_type: ClassVar[str] = "execute_result"
    execution_count: int | None = None


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


# ------------------------------------------------------------------ cells
CELL_ID_PATTERN = re.compile(r"^[a-zA-Z0-9-_]+$")
"""What a cell id may contain (the schema's pattern; its length is 1 to 64)."""


# Ids need only be unique within their notebook (``taken`` sees to it), not secret: a
# generator of our own (seeded from the OS once) gives them without a system call each,
# and a user's random.seed() in the same process does not touch it.
_ID_BITS = random.Random().getrandbits  # noqa: S311 - ids, not secrets


def new_cell_id(taken: Collection[str] = ()) -> str:
    """A fresh random cell id: 8 lowercase hexadecimal digits, not one of ``taken``."""
    while True:
        candidate = f"{_ID_BITS(32):08x}"
        if candidate not in taken:
            return candidate


def is_valid_cell_id(value: object) -> bool:
    """Whether ``value`` is a well-formed cell id (the schema's rule, as it checks it)."""
    return (
        isinstance(value, str)
        and 1 <= len(value) <= 64
        # re.search, as JSON-schema validators match patterns.
        and CELL_ID_PATTERN.search(value) is not None
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeCell:
    """Code, its outputs, and the execution count of its last run."""

    cell_type: ClassVar[str] = "code"
    source: str = ""
    id: str | None = field(default_factory=new_cell_id)
    metadata: FrozenDict = EMPTY
    """Cell metadata: ``tags``, ``collapsed``, ``scrolled``, ``jupyter``, ``execution``..."""
    outputs: tuple[Output, ...] = ()
    execution_count: int | None = None
    """The prompt number (``In [n]``), ``None`` if the cell has not run."""
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "metadata", "extra")
        object.__setattr__(self, "outputs", tuple(self.outputs))

    def with_outputs(self, *outputs: Output, execution_count: int | None = None) -> CodeCell:
        """A copy with these outputs and execution count (none: a cleared cell)."""
        return replace(self, outputs=outputs, execution_count=execution_count)

    def append_output(self, output: Output) -> CodeCell:
        """A copy with ``output`` added after the others."""
        return replace(self, outputs=(*self.outputs, output))


@dataclass(frozen=True, slots=True, kw_only=True)
class TextCell:
    """What markdown and raw cells share: text, and attachments (images pasted into it)."""

    cell_type: ClassVar[str]
    source: str = ""
    id: str | None = field(default_factory=new_cell_id)
    metadata: FrozenDict = EMPTY
    attachments: FrozenDict | None = None
    """File name -> MIME bundle, referenced as ``attachment:<name>``; ``None``: no field."""
    extra: FrozenDict = EMPTY
    """Fields of a later minor version of the format, kept as they were."""

    def __post_init__(self) -> None:
        freeze_fields(self, "metadata", "attachments", "extra")


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkdownCell(TextCell):
    """Markdown text."""

    cell_type: ClassVar[str] = "markdown"


@dataclass(frozen=True, slots=True, kw_only=True)
class RawCell(TextCell):
    """Text passed through unchanged by nbconvert (``metadata.format`` says for which)."""

    cell_type: ClassVar[str] = "raw"


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownCell:
    """A cell of a type this format version does not define, kept as it was."""

    cell_type: str
    id: str | None = None
    metadata: FrozenDict = EMPTY
    fields: FrozenDict = EMPTY
    """Every other field (``source``, ...), as JSON."""

    def __post_init__(self) -> None:
        freeze_fields(self, "metadata", "fields")

    @property
    def source(self) -> str:
        """The ``source`` field when it is text, else ``""``."""
        source = self.fields.get("source", "")
        return source if isinstance(source, str) else ""


Cell: TypeAlias = CodeCell | MarkdownCell | RawCell | UnknownCell
"""Any cell."""
