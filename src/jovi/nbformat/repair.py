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

import copy
import json
from dataclasses import dataclass
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
_DROP, _ADD, _REPLACE, _NEW_ID = "drop", "add", "replace", "new id"


@dataclass(frozen=True, slots=True)
class _Fix:
    path: Path
    action: str  # _DROP, _ADD, _REPLACE or _NEW_ID
    what: str = ""  # what is dropped (for _DROP)
    value: object = None  # the new value (for _ADD and _REPLACE)


def _plan(problem: ValidationProblem) -> _Fix:
    """The smallest change that removes one problem."""
    path = problem.path
    if not path or path[0] != "cells" or len(path) < 2:
        return _plan_top(path, problem.keyword)
    cell, rest = path[:2], path[2:]
    if not rest or rest == ("cell_type",):
        return _Fix(cell, _DROP, "the cell")
    name = rest[0]
    if len(rest) == 1:
        if name == "id":
            return _Fix(path, _NEW_ID)
        if (
            isinstance(name, str)
            and name in _CELL_DEFAULTS
            and problem.keyword != "additionalProperties"
        ):
            action = _ADD if problem.keyword == "required" else _REPLACE
            return _Fix(path, action, value=_CELL_DEFAULTS[name])
        return _Fix(path, _DROP, f"field {name}")
    # Deeper: drop the metadata entry, output or attachment that holds the problem.
    return _Fix(path[:4], _DROP, format_path(rest[:2]))


def _plan_top(path: Path, keyword: str) -> _Fix:
    if not path:
        return _Fix(path, _DROP, "the notebook")  # not an object: the reader refuses it before
    name = path[0]
    if name == "metadata" and len(path) >= 2:
        return _Fix(path[:2], _DROP, f"notebook metadata entry {path[1]!r}")
    if isinstance(name, str) and name in _NOTEBOOK_DEFAULTS:
        action = _ADD if keyword == "required" else _REPLACE
        return _Fix(path[:1], action, value=_NOTEBOOK_DEFAULTS[name])
    return _Fix(path[:1], _DROP, f"field {name}")


def _apply(nb: Json, fix: _Fix, taken: set[str]) -> object:
    """Make the change; returns the new value (for ids and defaults)."""
    parent: Any = nb
    for part in fix.path[:-1]:
        parent = parent[part]
    last = fix.path[-1]
    if fix.action == _DROP:
        if isinstance(parent, list):
            del parent[last]  # type: ignore[arg-type]
        else:
            parent.pop(last, None)
        return None
    value = copy.deepcopy(fix.value)
    if fix.action == _NEW_ID:
        value = new_id = new_cell_id(taken)
        taken.add(new_id)
    parent[last] = value
    return value


def _describe(fix: _Fix, problem: ValidationProblem, value: object) -> str:
    in_cell = len(fix.path) > 2 and fix.path[0] == "cells"
    field = format_path(fix.path[2:] if in_cell else fix.path)
    if fix.action == _DROP:
        return f"dropped {fix.what}, because {problem.description}"
    if fix.action == _ADD:
        return f"added the missing {field} ({json.dumps(value)})"
    if fix.action == _NEW_ID:
        return f"gave it the new id {value!r}, because {problem.description}"
    return f"replaced {field} with {json.dumps(value)}, because {problem.description}"


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
        planned: dict[Path, tuple[_Fix, ValidationProblem]] = {}
        for problem in problems:
            fix = _plan(problem)
            planned.setdefault(fix.path, (fix, problem))
        # Changes inside something that is dropped anyway are skipped; list items are
        # removed from the highest index down so the other indices stay right.
        dropped = [path for path, (fix, _) in planned.items() if fix.action == _DROP]
        cells = nb.get("cells")
        listed = cells if isinstance(cells, list) else ()  # replaced below if not a list
        taken = {c["id"] for c in listed if isinstance(c, dict) and "id" in c}
        done: list[str] = []
        for path in sorted(planned, key=_sort_key, reverse=True):
            if any(_inside(path, gone) for gone in dropped):
                continue
            fix, problem = planned[path]
            value = _apply(nb, fix, taken)
            done.append(f"{problem.location}: {_describe(fix, problem, value)}")
        report += reversed(done)
    problems = find_problems(nb, version)
    if problems:
        raise NotebookValidationError([str(p) for p in problems], filename=filename)
    return report


def _sort_key(path: Path) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, part) if isinstance(part, int) else (1, part) for part in path)
