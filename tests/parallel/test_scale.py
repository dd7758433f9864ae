"""Many engines at once: 256 engines register without stalling, engines started
before their controller wait for it, and an engine that asks again (the controller's
answer was late) gets the same answer."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from typing import TYPE_CHECKING

import psutil
import pytest

from jovi.parallel import Client, Cluster
from jovi.parallel.files import connection_file, read_controller_file
from jovi.parallel.registration import register
from jovi.protocol import ConnectionInfo

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_256_engines_register_within_120_s_and_the_controller_stays_small(tmp_path: Path) -> None:
    # 256 engines need over 1,023 sockets in the controller (ZeroMQ's default cap per
    # context): the 1,024th made it fail, and the engines after it never registered.
    cluster = Cluster(n=256, profile_dir=str(tmp_path))
    began = time.monotonic()
    try:
        rc = cluster.start_and_connect_sync(timeout=120)
        assert time.monotonic() - began < 120
        assert len(rc.ids) == 256
        assert sorted(rc.ids) == list(range(256))
        assert cluster.controller is not None
        controller = psutil.Process(cluster.controller.pid)
        assert controller.memory_info().rss < 200 * 2**20
        pids = rc[:].apply_sync(lambda: __import__("os").getpid())
        assert len(set(pids)) == 256  # every engine answers
    finally:
        cluster.stop_cluster_sync()


def test_an_engine_started_before_its_controller_waits_for_it(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    engine = subprocess.Popen(
        [sys.executable, "-m", "jovi", "engine", "--profile-dir", str(profile),
         "--cluster-id", "late"],
        stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    cluster = Cluster(n=0, profile_dir=str(profile), cluster_id="late")
    try:
        security = profile / "security"
        assert engine.stderr is not None
        assert "waiting up to 60 s for the controller's file" in engine.stderr.readline()
        engine.stderr.close()
        assert engine.poll() is None  # it waits, it has not given up
        cluster.start_controller_sync()
        with Client(connection_file(security, "client", "late")) as rc:
            rc.wait_for_engines(1, timeout=60)
            assert rc[0].apply_sync(lambda: __import__("os").getpid()) == engine.pid
    finally:
        cluster.stop_cluster_sync()
        if engine.poll() is None:
            engine.kill()
        engine.wait(30)


def test_an_engine_asking_again_gets_the_same_answer(tmp_path: Path) -> None:
    cluster = Cluster(n=0, profile_dir=str(tmp_path), cluster_id="again")
    cluster.start_controller_sync()
    try:
        controller = read_controller_file(connection_file(tmp_path / "security", "engine", "again"))
        kernel = ConnectionInfo(shell_port=1, iopub_port=2, stdin_port=3, control_port=4, hb_port=5)
        engine_uuid = str(uuid.uuid4())
        first = register(controller, kernel, engine_uuid, "engine.json", timeout=10)
        assert register(controller, kernel, engine_uuid, "engine.json", timeout=10) == first
        with pytest.raises(Exception, match="is in use"):  # another engine with that uuid
            register(controller, kernel, engine_uuid, "other.json", timeout=10)
    finally:
        cluster.stop_cluster_sync()


@pytest.mark.parametrize("kind", ["load-balanced", "direct"])
def test_thousands_of_replies_sent_before_the_client_reads_are_all_there(
    tmp_path: Path, kind: str
) -> None:
    # The controller's relays and an engine's shell are ROUTERs: with ZeroMQ's default
    # high-water mark they dropped the replies beyond 1,000 queued for a peer that did
    # not read them yet, and the client waited for them forever.
    cluster = Cluster(n=2, profile_dir=str(tmp_path), cluster_id="flood")
    rc = cluster.start_and_connect_sync()
    try:
        view = rc.load_balanced_view() if kind == "load-balanced" else rc[0]
        # Replies of 10 kB through the controller outgrow the sockets' buffers; tiny
        # ones from one engine outrun the controller reading them.
        count, size = (5000, 10_000) if kind == "load-balanced" else (20_000, 1)
        sent = [view.apply_async(bytes, size) for _ in range(count)]  # no reply read now
        with Client(connection_file(tmp_path / "security", "client", "flood")) as watcher:
            deadline = time.monotonic() + 120
            while (
                sum(e["completed"] for k, e in watcher.queue_status().items() if k != "unassigned")
                < count
            ):
                assert time.monotonic() < deadline, "the engines did not finish the tasks"
                time.sleep(0.1)  # another client's view of the controller: polled
        assert rc.wait(timeout=60)
        assert all(r.get() == bytes(size) for r in sent)
    finally:
        cluster.stop_cluster_sync()
