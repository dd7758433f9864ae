"""A scanner for imports of the packages jovi must never use at run time.

jovi re-implements these (README.md); they may be test or benchmark
peers, never runtime dependencies.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

# Import name -> distribution name (normalised: lower case, '-').
_FORBIDDEN_PACKAGES = {
    "IPython": "ipython",
    "ipykernel": "ipykernel",
    "jupyter_client": "jupyter-client",
    "jupyter_core": "jupyter-core",
    "traitlets": "traitlets",
    "nbformat": "nbformat",
    "nbconvert": "nbconvert",
    "nbclient": "nbclient",
    "ipyparallel": "ipyparallel",
    "qtconsole": "qtconsole",
    "notebook": "notebook",
    "jupyter_server": "jupyter-server",
    "jupyterlab": "jupyterlab",
    "matplotlib_inline": "matplotlib-inline",
}
FORBIDDEN = frozenset(_FORBIDDEN_PACKAGES)
FORBIDDEN_DISTRIBUTIONS = frozenset(_FORBIDDEN_PACKAGES.values())

_IMPORT_CALLS = {"import_module", "__import__", "find_spec", "import_optional"}


@dataclass(frozen=True)
class ForbiddenImport:
    path: Path
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.module}"


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def find_forbidden_imports(root: Path) -> list[ForbiddenImport]:
    """Every import (static, or by name through importlib) of a forbidden package under ``root``."""
    found: list[ForbiddenImport] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in _IMPORT_CALLS and node.args and isinstance(node.args[0], ast.Constant):
                    value = node.args[0].value
                    names = [value] if isinstance(value, str) else []
            found += [
                ForbiddenImport(path, node.lineno, name)
                for name in names
                if _top(name) in FORBIDDEN
            ]
    return found


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert match, requirement
    return re.sub(r"[._-]+", "-", match.group(1)).lower()
