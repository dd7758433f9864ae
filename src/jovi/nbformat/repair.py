"""Lenient reading: make an invalid nbformat 4 notebook valid by dropping what is broken.

:func:`repair` validates, then fixes each problem by the smallest change that makes
sense to a user, and repeats until the notebook is valid:

* a missing field gets its empty value (``metadata`` ``{}``, ``source`` ``""``,
  ``outputs`` ``[]``, ``execution_count`` ``null``) and a missing or bad ``id`` a new one;
* a bad notebook metadata entry or cell metadata entry is dropped (the entry, not
  the whole metadata);
* a bad output is dropped, a bad attachment is dropped;
* an unknown field is dropped;
* a bad ``source`` becomes ``""``, a bad ``execution_count`` becomes ``null``;
* a cell that is not a cell at all (not an object, no or unknown ``cell_type``) is dropped.

Every change is reported as one line, e.g.
``cell 3 (id 'a1b2'): dropped outputs[0]: outputs[0].output_type 'pyout' is not one of ...``.
"""

from __future__ import annotations

from typing import Any

from jovi.errors import NotebookValidationError
from jovi.nbformat.cells import new_cell_id
from jovi.nbformat.validate import ValidationProblem, find_problems, format_path

__all__ = ["repair"]

Json = dict[str, Any]
Path = tuple[str | int, ...]

_PASSES = 8
_CELL_DEFAULTS: dict[str, object] = {
    "metadata": {},
    "source": "",
    "outputs": [],
    "execution_count": None,
}
_NOTEBOOK_DEFAULTS: dict[str, object] = {"metadata": {}, "cells": []}
_ID = object()  # marker: "give this cell a new id"
_DELETE = object()  # marker: "remove this"


def _plan(problem: ValidationProblem) -> tuple[Path, object, str]:
    """(where, new value or _DELETE/_ID, what to say) for one problem."""
    path = problem.path
    keyword = problem.keyword
    if not path:
        return path, _DELETE, "the notebook"  # not an object: cannot happen after reading
    if path[0] != "cells" or len(path) < 2:
        return _plan_top(path, keyword)
    cell, rest = path[:2], path[2:]
    if not rest:
        return cell, _DELETE, "the cell"
    name = rest[0]
    if len(rest) == 1:
        if name == "cell_type":
            return cell, _DELETE, "the cell"
        if name == "id":
            return path, _ID, "its id"
        if keyword == "additionalProperties":
            return path, _DELETE, f"field {name}"
        if keyword == "required" and name in _CELL_DEFAULTS:
            return path, _CELL_DEFAULTS[name], f"{name}, missing, set to its empty value"
        if name in _CELL_DEFAULTS:
            return path, _CELL_DEFAULTS[name], f"{name}, set to its empty value"
        return path, _DELETE, f"field {name}"
    # Deeper: drop the metadata entry, output or attachment that holds the problem.
    target = path[:4]
    return target, _DELETE, format_path(rest[:2])


def _plan_top(path: Path, keyword: str) -> tuple[Path, object, str]:
    name = path[0]
    if name == "metadata" and len(path) >= 2:
        return path[:2], _DELETE, f"notebook metadata entry {path[1]!r}"
    if name in _NOTEBOOK_DEFAULTS:
        return path[:1], _NOTEBOOK_DEFAULTS[name], f"{name}, set to its empty value"
    if keyword == "additionalProperties":
        return path[:1], _DELETE, f"field {name}"
    return path[:1], _DELETE, f"field {name}"


def _apply(nb: Json, path: Path, value: object, taken: set[str]) -> None:
    parent: Any = nb
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if value is _DELETE:
        if isinstance(parent, list):
            del parent[last]  # type: ignore[arg-type]
        else:
            parent.pop(last, None)
    elif value is _ID:
        parent[last] = new_cell_id(taken)
        taken.add(parent[last])
    else:
        parent[last] = value.copy() if isinstance(value, dict | list) else value


def _inside(path: Path, other: Path) -> bool:
    return len(path) > len(other) and path[: len(other)] == other


def repair(nb: Json, version: tuple[int, int], *, filename: str | None = None) -> list[str]:
    """Make the nbformat 4 notebook ``nb`` valid for ``version``, in place.

    Returns:
        One line per change, naming the cell and what was dropped or replaced.

    Raises:
        NotebookValidationError: the notebook could not be repaired (no realistic
            input does this; it guards against looping forever).
    """
    report: list[str] = []
    for _ in range(_PASSES):
        problems = find_problems(nb, version)
        if not problems:
            return report
        planned: dict[Path, tuple[object, str, ValidationProblem]] = {}
        for problem in problems:
            where, value, what = _plan(problem)
            if where not in planned:
                planned[where] = (value, what, problem)
        # Changes inside something that is dropped anyway are skipped; list items are
        # removed from the highest index down so the other indices stay right.
        deleted = [path for path, (value, _, _) in planned.items() if value is _DELETE]
        taken = {c["id"] for c in nb.get("cells", ()) if isinstance(c, dict) and "id" in c}
        done: list[str] = []
        for path in sorted(planned, key=_sort_key, reverse=True):
            if any(_inside(path, gone) for gone in deleted):
                continue
            value, what, problem = planned[path]
            _apply(nb, path, value, taken)
            verb = "dropped" if value is _DELETE else "replaced" if value is _ID else "repaired"
            done.append(f"{problem.location}: {verb} {what}, because {problem.description}")
        report += reversed(done)
    problems = find_problems(nb, version)
    if problems:
        raise NotebookValidationError([str(p) for p in problems], filename=filename)
    return report


def _sort_key(path: Path) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in path)
