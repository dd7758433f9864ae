"""``jovi cluster stop`` with a state file a cluster left behind: the supervisor it
names is gone, and another program may have its pid by now."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration


def _stop(profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jovi", "cluster", "stop", "--profile-dir", str(profile),
         "--cluster-id", "left"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_state_file_whose_pid_is_another_programs_stops_nothing(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    (profile / "security").mkdir(parents=True)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        state = profile / "security" / "cluster-left.json"
        state.write_text(json.dumps({"cluster_id": "left", "pid": other.pid, "n": 2}))
        done = _stop(profile)
        assert done.returncode == 0, done.stderr
        assert "no cluster 'left' is running" in done.stderr
        assert other.poll() is None  # not ours: left alone
        assert not state.exists()  # the stale file is gone
    finally:
        other.kill()
        other.wait()
