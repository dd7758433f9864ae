"""Validating notebook JSON against the format's schema, with messages that name the cell.

:func:`find_problems` lists every :class:`ValidationProblem` of a notebook in plain
JSON form (as read from a file, or as :func:`~jovi.nbformat.convert.to_json` makes it);
:func:`validate` raises :class:`~jovi.errors.NotebookValidationError` when there is one.

Each problem names where it is, the way a user finds it in the notebook::

    cell 3 (id 'a1b2'): outputs[0].output_type 'pyout' is not one of 'execute_result', ...
    notebook: metadata.kernelspec.display_name is missing

Besides the schema, notebooks of version 4.5 and later must have unique cell ids,
which the schema cannot say (nbformat checks it the same way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jovi.errors import NotebookValidationError
from jovi.nbformat.schema import SchemaError, validator_for

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "ValidationProblem",
    "find_problems",
    "format_path",
    "notebook_version",
    "validate",
]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def format_path(path: tuple[str | int, ...]) -> str:
    """``outputs[0].data['text/plain']``: a JSON path as a user reads it."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text


@dataclass(frozen=True, slots=True)
class ValidationProblem:
    """One problem of a notebook, and where it is.

    Attributes:
        path: Where, as keys and indices from the notebook's root.
        keyword: What kind of problem (the schema keyword that failed, or ``unique``).
        detail: What is wrong with the value at ``path``.
        cell_index: The position of the cell it is in (``None``: not in a cell).
        cell_id: That cell's id, when it has a usable one.
        worksheet: For nbformat 3, the worksheet the cell is in.
    """

    path: tuple[str | int, ...]
    keyword: str
    detail: str
    cell_index: int | None = None
    cell_id: str | None = None
    worksheet: int | None = None

    @property
    def location(self) -> str:
        """``cell 3 (id 'a1b2')``, ``worksheet 1, cell 0`` or ``notebook``."""
        if self.cell_index is None:
            return "notebook"
        where = f"cell {self.cell_index}"
        if self.worksheet:
            where = f"worksheet {self.worksheet}, {where}"
        if self.cell_id is not None:
            where += f" (id {self.cell_id!r})"
        return where

    @property
    def field(self) -> str:
        """The field, relative to the cell (or to the notebook): ``outputs[0].output_type``."""
        return format_path(self.path[self._cell_depth :])

    @property
    def _cell_depth(self) -> int:
        if self.cell_index is None:
            return 0
        return 4 if self.worksheet is not None else 2

    @property
    def description(self) -> str:
        """The problem without its location: ``outputs[0].output_type 'pyout' is not ...``."""
        subject = self.field or ("the cell" if self.cell_index is not None else "the notebook")
        return f"{subject} {self.detail}"

    def __str__(self) -> str:
        return f"{self.location}: {self.description}"


def notebook_version(nb: Mapping[str, object]) -> tuple[int, int]:
    """The (major, minor) format version a notebook says it has (nbformat's defaults: 1, 0)."""
    major, minor = nb.get("nbformat", 1), nb.get("nbformat_minor", 0)
    return (
        major if isinstance(major, int) and not isinstance(major, bool) else 1,
        minor if isinstance(minor, int) and not isinstance(minor, bool) else 0,
    )


def _locate(nb: Mapping[str, object], error: SchemaError, major: int) -> ValidationProblem:
    path = error.path
    cell: object = None
    index: object = None
    worksheet: object = None
    if major >= 4 and len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        index = path[1]
        cells = nb.get("cells")
        cell = cells[path[1]] if isinstance(cells, list) else None
    elif major == 3 and len(path) >= 4 and path[0] == "worksheets" and path[2] == "cells":
        worksheet, index = path[1], path[3]
        try:
            cell = nb["worksheets"][worksheet]["cells"][index]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            cell = None
    cell_id = cell.get("id") if isinstance(cell, dict) else None
    return ValidationProblem(
        path=path,
        keyword=error.keyword,
        detail=error.detail,
        cell_index=index if isinstance(index, int) else None,
        cell_id=cell_id if isinstance(cell_id, str) and cell_id else None,
        worksheet=worksheet if isinstance(worksheet, int) else None,
    )


def _duplicate_ids(nb: Mapping[str, object]) -> Iterator[ValidationProblem]:
    cells = nb.get("cells")
    first_use: dict[str, int] = {}
    for index, cell in enumerate(cells if isinstance(cells, list) else ()):
        cell_id = cell.get("id") if isinstance(cell, dict) else None
        if not isinstance(cell_id, str):
            continue
        if cell_id in first_use:
            yield ValidationProblem(
                path=("cells", index, "id"),
                keyword="unique",
                detail=f"{cell_id!r} is also the id of cell {first_use[cell_id]}",
                cell_index=index,
                cell_id=cell_id,
            )
        else:
            first_use[cell_id] = index


def find_problems(
    nb: Mapping[str, object], version: tuple[int, int] | None = None, *, relaxed: bool = False
) -> list[ValidationProblem]:
    """Every problem of the notebook ``nb`` (plain JSON), in document order.

    Args:
        nb: The notebook as JSON; strings may be joined or split into lines.
        version: The (major, minor) version to check against; by default the one the
            notebook says it has.
        relaxed: Allow fields the schema does not know (their known fields are checked).

    Raises:
        ValueError: jovi has no schema for that version (only 3 and 4 are known).
    """
    major, minor = version or notebook_version(nb)
    validator = validator_for(major, minor, relaxed=relaxed)
    if validator.check(nb):
        problems = []  # the common case, answered by the compiled schema
    else:
        problems = [_locate(nb, error, major) for error in validator.iter_errors(nb)]
    if (major, minor) >= (4, 5):
        problems += _duplicate_ids(nb)
    return problems


def validate(
    nb: Mapping[str, object],
    version: tuple[int, int] | None = None,
    *,
    filename: str | None = None,
) -> None:
    """Check a notebook (plain JSON) against its schema.

    Raises:
        NotebookValidationError: it has a problem; the message names the first one
            (cell, id and field), ``problems`` lists them all.
        ValueError: jovi has no schema for that version.
    """
    problems = find_problems(nb, version)
    if problems:
        raise NotebookValidationError([str(p) for p in problems], filename=filename)
