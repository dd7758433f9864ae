"""The tree drawn in jovi/errors.py's docstring is the tree of its classes."""

from __future__ import annotations

import inspect
import re

import pytest

import jovi.errors
from jovi.errors import JoviError

_BRANCH = re.compile(r"^(?P<indent>[ │]*)[├└]─ (?P<rest>.*)$")


def drawn_tree(docstring: str) -> dict[str, str]:
    """Each class drawn in ``docstring`` with its parent (``JoviError`` at the root).

    ``├─ A ─ B · C`` draws A with its children B and C on one line; a longer comment
    after two spaces is ignored.
    """
    parents: dict[str, str] = {}
    stack = ["JoviError"]  # stack[d] is the class drawn last at depth d
    for line in docstring.splitlines():
        match = _BRANCH.match(line.removeprefix("    "))  # the docstring's own indent
        if not match:
            continue
        depth = len(match["indent"]) // 3 + 1
        drawn = re.split(r"\s{2,}", match["rest"].strip())[0]
        name, _, children = drawn.partition(" ─ ")
        del stack[depth:]
        parents[name] = stack[depth - 1]
        stack.append(name)
        for child in filter(None, (part.strip() for part in children.split("·"))):
            parents[child] = name
    return parents


def real_tree() -> dict[str, str]:
    parents = {}
    for name, cls in vars(jovi.errors).items():
        if inspect.isclass(cls) and issubclass(cls, JoviError) and cls is not JoviError:
            (parent,) = [base for base in cls.__bases__ if issubclass(base, JoviError)]
            parents[name] = parent.__name__
    return parents


def test_the_docstring_draws_every_exception_under_its_parent():
    assert drawn_tree(jovi.errors.__doc__ or "") == real_tree()


def test_every_exception_is_exported():
    assert set(real_tree()) | {"JoviError"} == set(jovi.errors.__all__)


@pytest.mark.parametrize(
    ("drawing", "expected"),
    [
        (
            "    ├─ A ─ B · C\n    └─ D   a comment\n",
            {"A": "JoviError", "B": "A", "C": "A", "D": "JoviError"},
        ),
        (
            "    └─ A\n       ├─ B   why\n       └─ C ─ D\n",
            {"A": "JoviError", "B": "A", "C": "A", "D": "C"},
        ),
    ],
)
def test_the_drawing_is_read_as_drawn(drawing, expected):
    assert drawn_tree(drawing) == expected
