"""A shell per test (as in tests/shell), and a directory of throw-away modules on sys.path."""

from __future__ import annotations

import importlib
import itertools
import sys
import textwrap

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.shell.interactiveshell import InteractiveShell

_counter = itertools.count()


@pytest.fixture
def output() -> RecordingOutput:
    return RecordingOutput()


@pytest.fixture
def shell(output, tmp_path):
    sh = InteractiveShell(output=output, profile_dir=tmp_path / "profile_test", colors="NoColor")
    InteractiveShell._instances[InteractiveShell] = sh
    try:
        yield sh
    finally:
        sh.close()


@pytest.fixture
def run(shell):
    def run_cell(code: str):
        return shell.run_cell(code, store_history=True)

    return run_cell


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
