"""Scanners for what a pure part of jovi must not do: file I/O, imports beyond the
standard library (docs/architecture.md, "Why these layers")."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

# Calls that read or write files, by the name they are called with.
_FILE_CALLS = frozenset(
    {
        "open",
        "read_text",
        "write_text",
        "read_bytes",
        "write_bytes",
        "mkdir",
        "unlink",
        "rename",
        "replace",
        "iterdir",
        "glob",
        "rglob",
        "atomic_write",
        "fdopen",
        "makedirs",
        "remove",
        "rmdir",
        "listdir",
        "scandir",
    }
)
# Names that are also ordinary methods of str or dict when called without a module.
_ONLY_AS_MODULE_FUNCTION = frozenset({"replace", "remove", "rename"})
_IO_MODULES = frozenset({"os", "shutil", "io", "pathlib", "tempfile", "jovi.utils.atomic"})


def _called_name(call: ast.Call) -> tuple[str | None, str]:
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        return owner, func.attr
    if isinstance(func, ast.Name):
        return None, func.id
    return None, ""


def find_file_io(root: Path) -> list[str]:
    """``path:line: call`` for every call under ``root`` that reads or writes files."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                owner, name = _called_name(node)
                if name not in _FILE_CALLS:
                    continue
                if name in _ONLY_AS_MODULE_FUNCTION and owner not in {"os", "shutil"}:
                    continue
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}()")
            elif isinstance(node, ast.ImportFrom) and node.module in _IO_MODULES:
                names = {alias.name for alias in node.names}
                if names & _FILE_CALLS or node.module in {
                    "shutil",
                    "tempfile",
                    "jovi.utils.atomic",
                }:
                    found.append(f"{path.relative_to(root)}:{node.lineno}: from {node.module}")
    return found


def find_non_stdlib_imports(root: Path, own_package: str) -> list[str]:
    """``path:line: module`` for every import under ``root`` that is neither the standard
    library nor ``own_package`` itself (relative imports stay inside it)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name == own_package or name.startswith(own_package + "."):
                    continue
                if name.split(".")[0] in sys.stdlib_module_names or name == "__future__":
                    continue
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}")
    return found
