"""The engine is typed: no ``shell: Any`` in ``jovi.shell`` hides its uses from mypy (issue 15.7)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

SHELL_PACKAGE = REPO_ROOT / "src" / "jovi" / "shell"


def _is_any(annotation: ast.expr | None) -> bool:
    """``Any``, ``typing.Any``, ``"Any"`` and unions with them (``Any | None``)."""
    if annotation is None:
        return False
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return False
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _is_any(annotation.left) or _is_any(annotation.right)
    if isinstance(annotation, ast.Name):
        return annotation.id == "Any"
    return isinstance(annotation, ast.Attribute) and annotation.attr == "Any"


def untyped_shells(root: Path) -> list[str]:
    """``path:line`` of every parameter or annotated name ``shell`` typed ``Any``."""
    found: list[tuple[str, int]] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.arg) and node.arg == "shell":
                annotation = node.annotation
            elif isinstance(node, ast.AnnAssign):
                target = node.target
                named = (isinstance(target, ast.Name) and target.id == "shell") or (
                    isinstance(target, ast.Attribute) and target.attr == "shell"
                )
                annotation = node.annotation if named else None
            else:
                continue
            if _is_any(annotation):
                found.append((path.relative_to(root).as_posix(), node.lineno))
    return [f"{name}:{line}" for name, line in sorted(found)]


def test_no_shell_is_typed_any_in_jovi_shell():
    assert untyped_shells(SHELL_PACKAGE) == []


def test_the_scanner_finds_each_spelling_of_an_untyped_shell(tmp_path):
    (tmp_path / "a.py").write_text(
        "from typing import Any\n"
        "import typing\n"
        "def f(shell: Any) -> None: ...\n"
        "def g(x: int, *, shell: Any | None = None) -> None: ...\n"
        "def h(shell: 'Any') -> None: ...\n"
        "class C:\n"
        "    shell: typing.Any\n"
        "    def __init__(self, other: Any) -> None:\n"
        "        self.shell: Any = other\n"
    )
    (tmp_path / "b.py").write_text(
        "from typing import Any\n"
        "def ok(shell: 'InteractiveShell', shellish: Any) -> None: ...\n"
        "shell_name: Any = None\n"
    )
    assert untyped_shells(tmp_path) == ["a.py:3", "a.py:4", "a.py:5", "a.py:7", "a.py:9"]
