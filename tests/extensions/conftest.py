"""The shell fixtures of tests/shell, and a directory of throw-away modules on sys.path."""

from __future__ import annotations

import importlib
import itertools
import sys
import textwrap

import pytest

# The shell fixtures of tests/shell, shared (a shell per test, its output recorded).
from tests.shell.conftest import output, run, shell

__all__ = ["ModuleMaker", "modules", "output", "run", "shell"]

_counter = itertools.count()


class ModuleMaker:
    """Writes modules with unique names into a directory on sys.path."""

    def __init__(self, directory):
        self.directory = directory
        self.names: list[str] = []

    def write(self, source: str, name: str | None = None) -> str:
        name = name or f"jovi_test_mod_{next(_counter)}"
        if name not in self.names:
            self.names.append(name)
        (self.directory / f"{name}.py").write_text(textwrap.dedent(source))
        importlib.invalidate_caches()
        return name


@pytest.fixture
def modules(tmp_path, monkeypatch):
    directory = tmp_path / "modules"
    directory.mkdir()
    monkeypatch.syspath_prepend(str(directory))
    maker = ModuleMaker(directory)
    yield maker
    for name in maker.names:
        sys.modules.pop(name, None)
