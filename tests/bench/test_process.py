"""A child's wall time, CPU time and peak memory come from the OS; a timeout ends it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from bench.process import run_measured


def run(code, tmp_path, timeout=60.0):
    return run_measured(
        [sys.executable, "-c", code], env=dict(os.environ), cwd=tmp_path, timeout=timeout
    )


@pytest.mark.integration
def test_figures_of_a_child_that_allocates_and_computes(tmp_path):
    finished = run(
        "import sys; data = b'x' * 80_000_000; sum(range(3_000_000)); print('done')", tmp_path
    )
    figures = finished.figures
    assert figures.exit_code == 0
    assert finished.stdout == "done\n"
    assert figures.peak_rss_bytes > 80_000_000
    assert figures.cpu_s > 0
    assert figures.cpu_s < figures.wall_s + 0.05
    assert not finished.timed_out


@pytest.mark.integration
def test_exit_status_and_stderr_are_kept(tmp_path):
    finished = run("import sys; sys.stderr.write('bad\\n'); sys.exit(3)", tmp_path)
    assert finished.figures.exit_code == 3
    assert finished.stderr == "bad\n"


@pytest.mark.integration
def test_a_child_past_its_timeout_is_killed(tmp_path):
    start = time.monotonic()
    finished = run("import time; time.sleep(60)", tmp_path, timeout=0.5)
    assert finished.timed_out
    assert finished.figures.exit_code < 0  # ended by a signal
    assert time.monotonic() - start < 10


@pytest.mark.integration
def test_what_the_child_left_running_is_ended_with_it(tmp_path):
    code = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print(p.pid)\n"
    )
    finished = run(code, tmp_path)
    orphan = int(finished.stdout)
    deadline = time.monotonic() + 10
    while alive(orphan):
        assert time.monotonic() < deadline, f"process {orphan} outlived its parent's run"
        time.sleep(0.05)


def alive(pid):
    """Running, not a zombie waiting for whoever adopted it to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
