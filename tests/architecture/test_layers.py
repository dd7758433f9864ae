"""Which part of jovi may import which: the table of docs/architecture.md.

import-linter (`make contracts`) checks the layer order; this test checks the exact
"may import" column, package by package, for the packages that exist so far.
"""

from __future__ import annotations

import grimp
import pytest

PARTS = (
    "utils",
    "errors",
    "config",
    "protocol",
    "nbformat",
    "display",
    "transport",
    "shell",
    "lib",
    "extensions",
    "kernel",
    "client",
    "kernels",
    "terminal",
    "qt",
    "inprocess",
    "nbconvert",
    "parallel",
    "server",
    "cli",
    "testing",
)

# docs/architecture.md, "may import" (errors is shared by every layer above utils,
# docs/design/style.md C14; utils is helpers on the standard library alone).
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "utils": set(),
    "config": {"utils", "errors"},
    "protocol": {"utils", "errors"},
    "nbformat": {"utils", "errors"},
    "display": {"utils", "errors"},
    "transport": {"protocol", "utils", "errors"},
    # %notebook writes the session as a notebook with the pure format core (issue 15).
    "shell": {"config", "display", "nbformat", "utils", "errors"},
    # Libraries and bundled extensions for interactive work, on top of the engine.
    "lib": {"shell", "display", "nbformat", "config", "utils", "errors"},
    "extensions": {"lib", "shell", "display", "config", "utils", "errors"},
    "kernel": {"shell", "protocol", "transport", "display", "config", "utils", "errors"},
    "client": {"protocol", "transport", "config", "utils", "errors"},
    "kernels": {"client", "protocol", "transport", "config", "utils", "errors"},
    "terminal": {"shell", "client", "kernels", "display", "config", "utils", "errors"},
    "qt": {"client", "kernels", "display", "config", "utils", "errors"},
    # A kernel inside a Qt application: jovi's kernel stepped by Qt, its client for the console.
    "inprocess": {"kernel", "shell", "client", "protocol", "config", "utils", "errors"},
    # nbconvert also uses the shell's input transformation (IPython syntax to Python, issue 9).
    "nbconvert": {
        "nbformat",
        "client",
        "kernels",
        "display",
        "shell",
        "config",
        "utils",
        "errors",
    },
    # The parallel magics (%px ...) are shell magics; engines are jovi kernels.
    "parallel": {
        "shell",
        "display",
        "kernel",
        "client",
        "kernels",
        "protocol",
        "transport",
        "config",
        "utils",
        "errors",
    },
    "server": {
        "kernels",
        "client",
        "protocol",
        "nbformat",
        "nbconvert",
        "config",
        "utils",
        "errors",
    },
    "cli": set(PARTS) - {"cli", "testing"},
    "testing": set(PARTS) - {"cli", "testing"},
}

TOP_LEVEL = {"jovi", "jovi._version", "jovi.__main__"}
# `python -m` entry points inside a part, which only hand their arguments to the CLI
# (kernelspecs name `python -m jovi.kernel`); the same exception is in pyproject.toml.
ENTRY_POINTS = {"jovi.kernel.__main__"}


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("jovi", cache_dir=None)


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in PARTS else None


def test_every_module_belongs_to_a_known_part(graph):
    strays = sorted(m for m in graph.modules if _part(m) is None and m not in TOP_LEVEL)
    assert strays == []


def test_each_part_imports_only_what_the_architecture_allows(graph):
    violations = []
    for importer in sorted(graph.modules):
        source = _part(importer)
        if source is None:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            target = _part(imported)
            if target is None or target == source:
                continue
            if importer in ENTRY_POINTS and target == "cli":
                continue
            if target not in MAY_IMPORT[source]:
                violations.append(f"{importer} -> {imported}")
    assert violations == []


def test_nothing_imports_the_test_kit(graph):
    users = {
        importer
        for importer in graph.modules
        if _part(importer) not in (None, "testing")
        for imported in graph.find_modules_directly_imported_by(importer)
        if _part(imported) == "testing"
    }
    assert users == set()


def test_the_table_covers_every_part():
    assert set(MAY_IMPORT) == set(PARTS)
