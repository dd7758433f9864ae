"""A shell for each test, with its output recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from jovi.shell.interactiveshell import InteractiveShell
from jovi.shell.output import ErrorReport


@dataclass
class RecordingOutput:
    """Keeps everything the shell shows (the ShellOutput boundary, recorded)."""

    results: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    displays: list[tuple[dict[str, Any], dict[str, Any] | None, dict[str, Any] | None, bool]] = (
        field(default_factory=list)
    )
    errors: list[ErrorReport] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    written: list[tuple[str, bool]] = field(default_factory=list)
    next_inputs: list[str] = field(default_factory=list)
    clears: list[bool] = field(default_factory=list)

    def show_result(self, execution_count, data, metadata):
        self.results.append((execution_count, data))

    def publish(self, data, metadata=None, *, transient=None, update=False):
        self.displays.append((data, metadata, transient, update))

    def clear_output(self, *, wait=False):
        self.clears.append(wait)

    def show_error(self, report):
        self.errors.append(report)

    def page(self, data, start=0):
        self.pages.append(data)

    def set_next_input(self, text, *, replace=False):
        self.next_inputs.append(text)

    def open_editor(self, path, line):
        return False  # as a terminal: the shell starts the editor

    def write(self, text, *, error=False):
        self.written.append((text, error))

    # helpers for assertions
    @property
    def text_results(self) -> list[str]:
        return [data["text/plain"] for _, data in self.results]

    @property
    def stdout(self) -> str:
        return "".join(text for text, error in self.written if not error)

    @property
    def stderr(self) -> str:
        return "".join(text for text, error in self.written if error)

    @property
    def error_names(self) -> list[str]:
        return [report.ename for report in self.errors]

    def page_text(self) -> str:
        return "\n".join(page.get("text/plain", "") for page in self.pages)


@pytest.fixture
def output() -> RecordingOutput:
    return RecordingOutput()


@pytest.fixture
def shell(output, tmp_path):
    profile = tmp_path / "profile_test"
    sh = InteractiveShell(output=output, profile_dir=profile, colors="NoColor")
    InteractiveShell._instances[InteractiveShell] = sh
    try:
        yield sh
    finally:
        sh.close()


@pytest.fixture
def run(shell):
    """Run a cell as if typed (stored in history)."""

    def run_cell(code: str):
        return shell.run_cell(code, store_history=True)

    return run_cell
