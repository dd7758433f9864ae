"""Is a process running, and is its number taken: a live child, the same child ended
but not reaped (a zombie), and reaped."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from jovi.utils.processes import pid_running, pid_taken

pytestmark = pytest.mark.integration


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_a_child_running_then_a_zombie_then_reaped() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        assert pid_running(child.pid)
        assert pid_taken(child.pid)
        assert child.stdin is not None
        child.stdin.close()
        deadline = time.monotonic() + 30
        while _state(child.pid) != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert not pid_running(child.pid)
        assert pid_taken(child.pid)  # the number is still the zombie's
    finally:
        child.wait()
    assert not pid_running(child.pid)
    assert not pid_taken(child.pid)
