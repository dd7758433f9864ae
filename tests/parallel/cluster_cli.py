"""``jovi cluster start --daemonize`` and ``jovi cluster stop`` as real subprocesses,
for the launcher tests: start returns once every engine is registered."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def jovi(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run ``python -m jovi ARGS`` to its end."""
    return subprocess.run(
        [sys.executable, "-m", "jovi", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start(profile_dir: Path, cluster_id: str, *args: str) -> str:
    """``jovi cluster start --daemonize ARGS``; its output (it failed: AssertionError
    with the log)."""
    done = jovi(
        "cluster", "start", "--profile-dir", str(profile_dir), "--cluster-id", cluster_id,
        "--daemonize", *args,
    )  # fmt: skip
    if done.returncode != 0:
        logs = "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted((profile_dir / "log").glob("*"))
            if path.is_file()
        )
        raise AssertionError(f"jovi cluster start failed: {done.stderr}\n{logs}")
    return done.stdout


def stop(profile_dir: Path, cluster_id: str) -> None:
    """``jovi cluster stop``: returns when the cluster's supervisor has ended."""
    done = jovi("cluster", "stop", "--profile-dir", str(profile_dir), "--cluster-id", cluster_id)
    assert done.returncode == 0, done.stderr
