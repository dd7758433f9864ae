"""An engine whose controller stops answering shuts down (``EngineApp.controller_timeout``)
instead of waiting for ever, and one whose controller answers stays."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from jovi.parallel import Client, Cluster
from jovi.parallel.files import connection_file

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration


def _engine(profile: Path, cluster_id: str, timeout: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "jovi", "engine", "--profile-dir", str(profile),
         "--cluster-id", cluster_id, f"--EngineApp.controller_timeout={timeout}"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_an_engine_whose_controller_died_shuts_down_with_a_plain_sentence(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cluster = Cluster(n=0, profile_dir=str(profile), cluster_id="watched")
    cluster.start_controller_sync()
    engine = _engine(profile, "watched", 3)
    try:
        with Client(connection_file(profile / "security", "client", "watched")) as rc:
            rc.wait_for_engines(1, timeout=60)
            assert rc[0].apply_sync(lambda: __import__("os").getpid()) == engine.pid
        assert cluster.controller is not None
        os.kill(cluster.controller.pid, signal.SIGKILL)  # no goodbye to the engines
        _, stderr = engine.communicate(timeout=60)  # before: it waited for ever
        assert "the controller has not been heard from for 3 s" in stderr
        assert engine.returncode == 0
    finally:
        if engine.poll() is None:
            engine.kill()
            engine.communicate(timeout=30)
        cluster.stop_cluster_sync()


def test_an_engine_whose_controller_beats_stays(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    cluster = Cluster(n=0, profile_dir=str(profile), cluster_id="beating")
    cluster.start_controller_sync()
    engine = _engine(profile, "beating", 3)
    try:
        with Client(connection_file(profile / "security", "client", "beating")) as rc:
            rc.wait_for_engines(1, timeout=60)
            # Longer than the timeout: the controller's heartbeats keep it alive.
            rc[0].apply_sync(lambda: __import__("time").sleep(5))
            assert engine.poll() is None
            assert rc[0].apply_sync(lambda: 6 * 7) == 42
    finally:
        cluster.stop_cluster_sync()
        if engine.poll() is None:
            engine.kill()
        engine.communicate(timeout=30)


def test_an_engine_whose_threads_could_not_run_for_longer_than_the_timeout_stays(
    tmp_path: Path,
) -> None:
    # A C call holding the GIL for 4 s (libc's sleep through ctypes.PyDLL, which keeps
    # the GIL) starves the thread reading the beats; the watch must not take that for
    # a silent controller (the beats queued meanwhile are read first).
    profile = tmp_path / "profile"
    cluster = Cluster(n=0, profile_dir=str(profile), cluster_id="starved")
    cluster.start_controller_sync()
    engine = _engine(profile, "starved", 2)
    try:
        with Client(connection_file(profile / "security", "client", "starved")) as rc:
            rc.wait_for_engines(1, timeout=60)
            rc[0].apply_sync(lambda: __import__("ctypes").PyDLL(None).sleep(4))
            assert rc[0].apply_sync(lambda: 6 * 7) == 42
            assert engine.poll() is None
    finally:
        cluster.stop_cluster_sync()
        if engine.poll() is None:
            engine.kill()
        engine.communicate(timeout=30)
