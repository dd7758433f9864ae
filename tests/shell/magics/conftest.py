"""Helpers for the magics' tests: typed standard input, a scripted editor, a working directory."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import pytest


@pytest.fixture
def stdin(monkeypatch):
    """``stdin("p x", "q")``: these lines are what the user types next."""

    def feed(*lines: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))

    return feed


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Run the test in an empty directory of its own."""
    directory = tmp_path / "work"
    directory.mkdir()
    monkeypatch.chdir(directory)
    return directory


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """$EDITOR is a script that records its arguments and what the file held, then
    writes the text given to ``will_write`` into the file (or leaves it alone)."""

    class ScriptedEditor:
        def __init__(self) -> None:
            self.log = tmp_path / "editor-calls.jsonl"
            self.state = tmp_path / "editor-state.json"
            self.will_write(None)

        def will_write(self, text: str | None, status: int = 0) -> None:
            self.state.write_text(json.dumps({"text": text, "status": status}))

        def calls(self) -> list[list[str]]:
            if not self.log.exists():
                return []
            return [json.loads(line) for line in self.log.read_text().splitlines()]

        def seen(self) -> str | None:
            """What the file held when the editor last opened it."""
            return json.loads(self.state.read_text()).get("before")

    scripted = ScriptedEditor()
    script = tmp_path / "fake_editor.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import json, os, sys
            args = sys.argv[1:]
            with open({str(scripted.log)!r}, "a") as log:
                log.write(json.dumps(args) + "\\n")
            path = args[-1]
            state = json.load(open({str(scripted.state)!r}))
            state["before"] = open(path).read() if os.path.exists(path) else None
            json.dump(state, open({str(scripted.state)!r}, "w"))
            if state["text"] is not None:
                open(path, "w").write(state["text"])
            sys.exit(state["status"])
            """
        )
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return scripted


@pytest.fixture
def run_jovi(jovi_command, tmp_path):
    """``run_jovi("-i", "file.py", input="cells", cwd=dir)``: the jovi command, finished."""

    def run(*args: str, input: str = "", cwd=None) -> subprocess.CompletedProcess[str]:  # noqa: A002 - as subprocess.run says it
        return subprocess.run(
            [*jovi_command, "--no-banner", "--colors=NoColor", *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            timeout=60,
            check=False,
        )

    return run
