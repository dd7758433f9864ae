"""``%lsmagic`` of jovi's shells names every magic of IPython 9's (issue 15).

IPython is a test peer: its shells are made in a fresh interpreter (they install
themselves in builtins and ``sys``), with a throw-away IPython directory, and report
their line and cell magics.  jovi's listing is what a user sees: the text of
``%lsmagic``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.shell import InteractiveShell
from jovi.terminal.shell import TerminalInteractiveShell

_PROBE = textwrap.dedent(
    """
    import json, sys
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.terminal.interactiveshell import TerminalInteractiveShell
    import IPython

    shell_type = {"core": InteractiveShell, "terminal": TerminalInteractiveShell}[sys.argv[1]]
    tables = shell_type.instance().magics_manager.lsmagic()
    print(json.dumps({
        "version": IPython.__version__,
        "line": sorted(tables["line"]),
        "cell": sorted(tables["cell"]),
    }))
    """
)


def ipython_magics(kind: str, tmp_path) -> dict[str, list[str]]:
    """The magics of IPython's core or terminal shell, as IPython lists them."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, kind],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")},
    )
    found: dict[str, list[str]] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def listed(shell) -> tuple[set[str], set[str]]:
    """The line and cell magics in the text ``%lsmagic`` shows (without the % signs)."""
    text = repr(shell.run_line_magic("lsmagic", ""))
    line_part, cell_part = text.split("Available cell magics:")
    line = {name[1:] for name in re.findall(r"(?<!\S)%[^%\s]\S*", line_part)}
    cell = {name[2:] for name in re.findall(r"(?<!\S)%%\S+", cell_part)}
    return line, cell


@pytest.fixture
def engine(tmp_path):
    shell = InteractiveShell(output=RecordingOutput(), profile_dir=tmp_path / "profile_e")
    try:
        yield shell
    finally:
        shell.close()


@pytest.fixture
def terminal(tmp_path):
    shell = TerminalInteractiveShell(output=RecordingOutput(), profile_dir=tmp_path / "profile_t")
    try:
        yield shell
    finally:
        shell.close()


@pytest.mark.integration
def test_the_peer_is_ipython_9(tmp_path):
    assert ipython_magics("core", tmp_path)["version"].startswith("9.")


@pytest.mark.integration
def test_the_engine_lists_every_magic_of_ipythons_core_shell(engine, tmp_path):
    theirs = ipython_magics("core", tmp_path)
    line, cell = listed(engine)
    assert sorted(set(theirs["line"]) - line) == []
    assert sorted(set(theirs["cell"]) - cell) == []


@pytest.mark.integration
def test_the_terminal_lists_every_magic_of_ipythons_terminal_shell(terminal, tmp_path):
    theirs = ipython_magics("terminal", tmp_path)
    line, cell = listed(terminal)
    assert sorted(set(theirs["line"]) - line) == []
    assert sorted(set(theirs["cell"]) - cell) == []


def test_the_names_of_issue_15_are_among_them(engine):
    line, cell = listed(engine)
    assert {
        "pip",
        "conda",
        "mamba",
        "micromamba",
        "uv",
        "autoawait",
        "notebook",
        "set_env",
        "code_wrap",
        "pastebin",
    } <= line
    assert {"code_wrap", "ruby", "pypy", "perl", "python2", "sh", "bash"} <= cell
