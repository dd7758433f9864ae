"""Validation in nbformat's call shapes: ``validate``, ``isvalid``, ``iter_validate``, ``normalize``.

These take notebooks (or parts of them, with ``ref``) as plain JSON or
:class:`~jovi.nbformat.node.NotebookNode` and behave as nbformat's functions of the
same names, with jovi's schema checker and jovi's messages:

* :func:`validate` raises :class:`ValidationError` for the first problem.  On a whole
  notebook of version 4.5 or later it first gives cells without an id, or with an id
  an earlier cell has, a new id *in place*, with a :class:`MissingIDFieldWarning` or
  :class:`DuplicateCellId` warning (what nbformat does, and warns it will stop doing);
* :func:`isvalid` answers without changing anything or warning;
* :func:`iter_validate` yields one :class:`ValidationError` per problem;
* :func:`normalize` returns a repaired copy and the number of changes.

``version``/``version_minor`` default to what the notebook says (nbformat's rule:
1.0 when it says nothing); ``ref`` names a schema definition (``"code_cell"``,
``"stream"``...), checked against nbformat 4.5 unless a version is given.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from jovi.errors import NotebookValidationError
from jovi.nbformat.schema import validator_for
from jovi.nbformat.validate import ValidationProblem, find_problems, format_path
from jovi.nbformat.versions import mend_cell_ids

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "DuplicateCellId",
    "MissingIDFieldWarning",
    "ValidationError",
    "get_version",
    "isvalid",
    "iter_validate",
    "normalize",
    "validate",
]


class MissingIDFieldWarning(FutureWarning):
    """A cell of an nbformat 4.5 notebook had no id; :func:`validate` gave it one."""


class DuplicateCellId(FutureWarning):
    """A cell repeated an earlier cell's id; :func:`validate` gave it a new one."""


class ValidationError(NotebookValidationError):
    """A notebook (or part of one) that breaks its schema: what nbformat's
    ``ValidationError`` is for code written against nbformat.

    Attributes:
        message: The message (the first problem, and how many more there are).
        ref: Where nbformat would say the problem is: ``"<cell_type>_cell"`` for a
            problem in a cell, the ``output_type`` for one in an output, the ``ref``
            validated against, or ``None``.
        path: The keys and indices of the first problem, from the value's root.
    """

    def __init__(
        self,
        problems: list[str] | tuple[str, ...],
        *,
        filename: str | None = None,
        ref: str | None = None,
        path: tuple[str | int, ...] = (),
    ) -> None:
        super().__init__(problems, filename=filename)
        self.message = str(self)
        self.ref = ref
        self.path = path


def get_version(nb: Mapping[str, Any]) -> tuple[int, int]:
    """``(nbformat, nbformat_minor)`` of a notebook: nbformat's defaults (1, 0) when missing."""
    return (nb.get("nbformat", 1), nb.get("nbformat_minor", 0))


def _version(
    nb: Any, ref: str | None, version: int | None, version_minor: int | None
) -> tuple[int, int]:
    if ref is not None:
        # A part of a notebook says no version: the current one unless told otherwise.
        major = 4 if version is None else version
        return major, (5 if major == 4 else 0) if version_minor is None else version_minor
    major, minor = get_version(nb) if isinstance(nb, dict) else (1, 0)
    major = major if version is None else version
    minor = minor if version_minor is None else version_minor
    if not isinstance(major, int) or not isinstance(minor, int):
        raise ValidationError([f"notebook: {major!r}.{minor!r} is not a format version"])
    return major, minor


def _ref_of(nb: Any, path: tuple[str | int, ...]) -> str | None:
    # nbformat names the definition of the cell or output the problem is in.
    if len(path) < 2 or path[0] != "cells" or not isinstance(nb, dict):
        return None
    try:
        cell = nb["cells"][path[1]]
        if len(path) >= 4 and path[2] == "outputs":
            output_type = cell["outputs"][path[3]]["output_type"]
            return output_type if isinstance(output_type, str) else None
        cell_type = cell["cell_type"]
    except (KeyError, IndexError, TypeError):
        return None
    return f"{cell_type}_cell" if isinstance(cell_type, str) else None


def _problems(
    nb: Any, ref: str | None, version: tuple[int, int], relax_add_props: bool
) -> list[tuple[str, tuple[str | int, ...], str | None]]:
    """``(message, path, ref)`` for every problem."""
    try:
        validator = validator_for(*version, relaxed=relax_add_props)
    except ValueError:
        major, minor = version
        return [(f"there is no schema for nbformat {major}.{minor} notebooks", (), ref)]
    if ref is not None:
        try:
            if validator.check(nb, ref):
                return []
        except KeyError:
            return [(f"{ref}: there is no such definition in the nbformat schema", (), ref)]
        found: list[tuple[str, tuple[str | int, ...], str | None]] = []
        for error in validator.iter_errors(nb, ref):
            where = format_path(error.path) or ref
            found.append((f"{ref}: {where} {error.detail}", error.path, ref))
        return found
    if not isinstance(nb, dict):
        return [("notebook: the notebook is not a JSON object", (), None)]
    problems: list[ValidationProblem] = find_problems(nb, version, relaxed=relax_add_props)
    return [(str(p), p.path, _ref_of(nb, p.path)) for p in problems]


def _repair_ids(nb: dict[str, Any]) -> None:
    # nbformat's validate() mends the ids of a 4.5 notebook in place, with a warning.
    for index, old, new in mend_cell_ids(nb):
        if old is None:
            what = "had no id (required since nbformat 4.5)"
            category: type[Warning] = MissingIDFieldWarning
        else:
            what, category = f"repeated the id {old!r} of an earlier cell", DuplicateCellId
        warnings.warn(f"cell {index} {what}; it was given the id {new!r}", category, stacklevel=4)


def iter_validate(
    nbdict: Any = None,
    ref: str | None = None,
    version: int | None = None,
    version_minor: int | None = None,
    relax_add_props: bool = False,
    *,
    filename: str | None = None,
) -> Iterator[ValidationError]:
    """One :class:`ValidationError` per problem of ``nbdict``; nothing is changed."""
    where = _version(nbdict, ref, version, version_minor)
    for message, path, part in _problems(nbdict, ref, where, relax_add_props):
        yield ValidationError([message], filename=filename, ref=part, path=path)


def validate(
    nbdict: Any = None,
    ref: str | None = None,
    version: int | None = None,
    version_minor: int | None = None,
    relax_add_props: bool = False,
    *,
    filename: str | None = None,
) -> None:
    """Check ``nbdict`` against its schema (see the module's documentation).

    Raises:
        ValidationError: the first problem; ``problems`` lists them all.
    """
    if nbdict is None:
        raise TypeError("validate() needs the notebook (or part of one) to check")
    where = _version(nbdict, ref, version, version_minor)
    if ref is None and where >= (4, 5) and isinstance(nbdict, dict):
        _repair_ids(nbdict)
    problems = _problems(nbdict, ref, where, relax_add_props)
    if problems:
        _, path, part = problems[0]
        raise ValidationError(
            [message for message, _, _ in problems], filename=filename, ref=part, path=path
        )


def isvalid(
    nbjson: Any,
    ref: str | None = None,
    version: int | None = None,
    version_minor: int | None = None,
) -> bool:
    """Whether ``nbjson`` has no problem (missing or repeated ids are problems here)."""
    try:
        where = _version(nbjson, ref, version, version_minor)
    except ValidationError:
        return False
    return not _problems(nbjson, ref, where, relax_add_props=False)


def normalize(
    nbdict: Any,
    version: int | None = None,
    version_minor: int | None = None,
    *,
    relax_add_props: bool = False,
    strip_invalid_metadata: bool = False,
) -> tuple[int, Any]:
    """A repaired copy of ``nbdict`` and the number of changes made to it.

    Cells of a 4.5 notebook without an id, or repeating one, get new ids; with
    ``strip_invalid_metadata``, notebook and cell metadata entries that break the
    schema are dropped.
    """
    from jovi.nbformat.node import from_dict  # noqa: PLC0415 - node imports nothing of ours

    copied = from_dict(nbdict)
    where = _version(copied, None, version, version_minor)
    changes = 0
    if where >= (4, 5):
        before = [cell.get("id") for cell in copied.get("cells", ()) if isinstance(cell, dict)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            _repair_ids(copied)
        after = [cell.get("id") for cell in copied.get("cells", ()) if isinstance(cell, dict)]
        changes += sum(old != new for old, new in zip(before, after, strict=True))
    if strip_invalid_metadata:
        changes += _strip_metadata(copied, where, relax_add_props)
    return changes, copied


def _strip_metadata(nb: Any, version: tuple[int, int], relax_add_props: bool) -> int:
    dropped = 0
    for _ in range(8):  # dropping one entry can uncover no other, but be sure
        found = False
        for _message, path, _part in _problems(nb, None, version, relax_add_props):
            if len(path) >= 2 and path[0] == "metadata":
                holder, key = nb["metadata"], path[1]
            elif len(path) >= 4 and path[0] == "cells" and path[2] == "metadata":
                holder, key = nb["cells"][path[1]]["metadata"], path[3]
            else:
                continue
            if isinstance(holder, dict) and key in holder:
                del holder[key]
                dropped += 1
                found = True
        if not found:
            break
    return dropped
