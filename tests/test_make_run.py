"""`make run` in a fresh copy of the repository ends at jovi (its help, until the shell exists)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import REPO_ROOT


def fresh_copy(destination):
    """The files a fresh clone of the working tree would have (tracked and new, not ignored)."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = REPO_ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


@pytest.mark.slow
@pytest.mark.integration
@pytest.mark.timeout(900)
def test_make_run_in_a_fresh_copy_ends_at_the_jovi_prompt(tmp_path, isolated_dirs):
    from tests.terminal.tmux import TmuxTerminal, terminal_env

    repo = fresh_copy(tmp_path / "jovi")
    assert not (repo / ".venv").exists()
    env = terminal_env(isolated_dirs / "home", isolated_dirs / "jovi")
    env["PATH"] = os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep) if ".venv" not in p
    )
    terminal = TmuxTerminal(["make", "run"], env=env, cwd=repo, width=120, height=40)
    try:
        terminal.wait_for("In [1]:", timeout=800)
        terminal.type("print('running from make run')")
        terminal.send("Enter")
        terminal.wait_for("running from make run")
        assert (repo / ".venv" / "bin" / "jovi").exists()
    finally:
        terminal.close()
