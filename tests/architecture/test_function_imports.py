"""Every import inside a function says why it is not at the top of its module (issue 21).

A function-level import is allowed (`# noqa: PLC0415`) for a reason the reader can
check: start-up cost, an optional dependency, a cycle.  The comment gives it after
" - "; where it says "cycle", importing the module at load time would close a real
import cycle (load_time_imports builds the graph of what loading a module loads).
"""

from __future__ import annotations

import re

import pytest

from tests.architecture.load_time_imports import (
    FunctionImport,
    function_imports,
    loads_transitively,
)

_NOQA = re.compile(r"noqa: PLC0415(?:, [A-Z]+\d+)*(?P<reason> - \S.*)?")


def _waived() -> list[tuple[FunctionImport, str]]:
    found = []
    for imported in function_imports():
        match = _NOQA.search(imported.comment)
        if match:
            found.append((imported, (match["reason"] or "").removeprefix(" - ")))
    return found


def _where(imported: FunctionImport) -> str:
    return f"{imported.module}:{imported.line}"


def test_function_level_imports_are_found():
    # The scan itself: hundreds of waived imports exist, among them known ones.
    places = {_where(imported) for imported, _ in _waived()}
    assert len(places) > 100
    assert any(place.startswith("jovi.shell.magic.arguments:") for place in places)


def test_every_function_level_import_gives_its_reason():
    unexplained = [_where(imported) for imported, reason in _waived() if not reason]
    assert unexplained == [], "add ' - <reason>' after noqa: PLC0415, or import at the top"


def test_an_import_said_to_break_a_cycle_does_break_one():
    false_cycles = [
        f"{_where(imported)} {imported.imported}"
        for imported, reason in _waived()
        if "cycle" in reason
        and not any(
            imported.module in loads_transitively(target) or target == imported.module
            for target in imported.imported
        )
    ]
    assert false_cycles == []


@pytest.mark.parametrize(
    ("module", "target", "closes_cycle"),
    [
        # magic.arguments <- magic.parser: the parser builds on the argument machinery.
        ("jovi.shell.magic.arguments", "jovi.shell.magic.parser", True),
        # The shell's current-shell variable needs nothing of the shell.
        ("jovi.shell.interactiveshell", "jovi.shell.current", False),
    ],
)
def test_the_load_time_graph_tells_a_cycle_from_none(module, target, closes_cycle):
    assert (module in loads_transitively(target)) is closes_cycle
