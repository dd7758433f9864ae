"""The imports jovi's modules run when they are loaded, read from the source.

grimp's graph holds every import, also those inside functions; a cycle that only a
function-level import would close needs the other graph: what loading a module loads.
That is its module-level imports (not under `TYPE_CHECKING`), the packages above each
imported module, and, for `from package import Name` on a lazily exporting package, the
module its `_HOMES` table sends `Name` to.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jovi

SRC = Path(jovi.__file__).resolve().parent.parent


@dataclass(frozen=True)
class FunctionImport:
    """An import statement inside a function, with the comment on its line."""

    module: str
    path: Path
    line: int
    imported: tuple[str, ...]
    comment: str


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted((SRC / "jovi").rglob("*.py"))}


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(modules()[module].read_text(encoding="utf-8"))


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if modules()[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _lazy_homes(package: str) -> dict[str, str]:
    if package not in modules():
        return {}
    for node in _tree(package).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "_HOMES" for target in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, dict):
                return {str(key): str(home) for key, home in value.items()}
    return {}


def imported_modules(module: str, node: ast.Import | ast.ImportFrom) -> tuple[str, ...]:
    """The jovi modules one import statement in `module` loads by name."""
    if isinstance(node, ast.Import):
        return tuple(alias.name for alias in node.names if alias.name.startswith("jovi"))
    base = _resolve(module, node)
    if not base.startswith("jovi"):
        return ()
    found = [base]
    homes = _lazy_homes(base)
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        if submodule in modules():
            found.append(submodule)
        elif alias.name in homes:
            found.append(homes[alias.name])
    return tuple(found)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_statements(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node):
                yield from _load_time_statements(node.body)
            yield from _load_time_statements(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _load_time_statements(block)
            for handler in node.handlers:
                yield from _load_time_statements(handler.body)
        elif isinstance(node, ast.ClassDef):
            yield from _load_time_statements(node.body)


def _with_parents(module: str) -> Iterator[str]:
    parts = module.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])


@cache
def loads(module: str) -> frozenset[str]:
    """The jovi modules that loading `module` loads directly."""
    found: set[str] = set(_with_parents(module)) - {module}
    for node in _load_time_statements(_tree(module).body):
        for name in imported_modules(module, node):
            found.update(name for name in _with_parents(name) if name in modules())
    return frozenset(found)


def loads_transitively(module: str) -> frozenset[str]:
    """Every jovi module that loading `module` loads."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        for name in loads(current):
            if name not in seen:
                seen.add(name)
                todo.append(name)
    return frozenset(seen)


def function_imports() -> Iterator[FunctionImport]:
    """Every import statement inside a function of jovi, with its line's comment."""
    for module, path in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        seen: set[int] = set()
        for function in ast.walk(_tree(module)):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom) and node.lineno not in seen:
                    seen.add(node.lineno)
                    text = "\n".join(lines[node.lineno - 1 : (node.end_lineno or node.lineno)])
                    comment = text.partition("#")[2].strip()
                    yield FunctionImport(
                        module, path, node.lineno, imported_modules(module, node), comment
                    )
