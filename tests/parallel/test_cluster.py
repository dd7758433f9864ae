"""Starting and stopping clusters; engines that die."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import psutil
import pytest

from jovi.errors import ConnectionFileError
from jovi.parallel import Client, Cluster, EngineError, RemoteError
from jovi.parallel.controller import SHUTDOWN_GRACE_S
from tests.parallel.markers import started_then_sleeps, wait_for

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def test_with_cluster_gives_distinct_pids_and_leaves_nothing_running(tmp_path: Path) -> None:
    before = _children()
    with Cluster(n=4, profile_dir=str(tmp_path)) as rc:
        pids = rc[:].apply_sync(os.getpid)
        assert len(set(pids)) == 4
        assert rc.ids == [0, 1, 2, 3]
    assert _children() == before
    assert not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids
    )
    assert not list((tmp_path / "security").glob("ipcontroller-*.json"))


def test_an_engine_gone_before_the_shutdown_does_not_hold_it_up(tmp_path: Path) -> None:
    # The controller once waited its whole grace period for the answer of an engine
    # that could no longer answer (one exiting at once, or dead).
    cluster = Cluster(n=2, profile_dir=str(tmp_path))
    rc = cluster.start_and_connect_sync()
    pids = rc[:].apply_sync(os.getpid)
    os.kill(pids[0], signal.SIGKILL)
    stopping = time.monotonic()
    cluster.stop_cluster_sync()
    assert time.monotonic() - stopping < SHUTDOWN_GRACE_S


def test_start_and_connect_then_stop(tmp_path: Path) -> None:
    cluster = Cluster(n=2, profile_dir=str(tmp_path))
    rc = cluster.start_and_connect_sync()
    try:
        assert rc[:].apply_sync(lambda: 1) == [1, 1]
    finally:
        cluster.stop_cluster_sync()
    assert cluster.controller is None
    assert not cluster.engines


def test_an_engine_killed_mid_task_gives_engine_error(tmp_path: Path) -> None:
    cluster = Cluster(n=1, profile_dir=str(tmp_path), controller_args=("--hb-period", "0.2"))
    rc = cluster.start_and_connect_sync()
    try:
        pid = rc[0].apply_sync(os.getpid)
        result = rc[0].apply_async(time.sleep, 60)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(EngineError) as caught:
            result.get(timeout=30)
        assert "died" in caught.value.evalue
        # The hub's unregistration notification travels beside the reply.
        deadline = time.monotonic() + 10
        while rc.ids and time.monotonic() < deadline:
            rc.spin(0.1)
        assert rc.ids == []
    finally:
        cluster.stop_cluster_sync()


def test_jovi_cluster_start_daemonize_list_and_stop(tmp_path: Path) -> None:
    env = {**os.environ, "JOVI_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "jovi", "cluster"]
    started = subprocess.run(
        [*command, "start", "-n", "2", "--daemonize"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "2 engines" in started.stdout
    try:
        listed = subprocess.run(
            [*command, "list"], env=env, capture_output=True, text=True, timeout=30, check=True
        )
        assert "2 engines" in listed.stdout
        security = tmp_path / "profile_default" / "security"
        with Client(security / "ipcontroller-client.json") as rc:
            pids = rc[:].apply_sync(os.getpid)
        assert len(set(pids)) == 2
    finally:
        subprocess.run([*command, "stop"], env=env, capture_output=True, timeout=60, check=True)
    assert not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids
    )


def test_a_kernel_client_attaches_to_an_engine(tmp_path: Path) -> None:
    from jovi.client import BlockingKernelClient

    with Cluster(n=1, profile_dir=str(tmp_path)) as rc:
        rc[0]["shared"] = 41
        files = list((tmp_path / "security").glob("ipengine-*.json"))
        assert len(files) == 1
        client = BlockingKernelClient.from_connection_file(str(files[0]))
        try:
            client.wait_for_ready(timeout=30)
            reply = client.execute("shared += 1", reply=True, timeout=30)
            assert reply.content.status == "ok"
        finally:
            client.close()
        assert rc[0]["shared"] == 42


def test_a_client_finds_a_cluster_by_its_profile_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOVI_DIR", str(tmp_path))
    command = [sys.executable, "-m", "jovi", "cluster"]
    subprocess.run(
        [*command, "start", "-n", "2", "--profile", "research", "--daemonize"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    try:
        assert (tmp_path / "profile_research" / "security" / "ipcontroller-client.json").exists()
        with Client(profile="research") as rc:
            rc.wait_for_engines(2, timeout=30)
            assert len(set(rc[:].apply_sync(os.getpid))) == 2
        with pytest.raises(ConnectionFileError, match="is the cluster running"):
            Client(profile="default")
    finally:
        subprocess.run(
            [*command, "stop", "--profile", "research"], capture_output=True, timeout=60, check=True
        )


def test_signal_engines_interrupts_running_calls_through_the_launcher(tmp_path: Path) -> None:
    cluster = Cluster(n=2, profile_dir=str(tmp_path / "profile"))
    rc = cluster.start_and_connect_sync()
    try:
        markers = {i: tmp_path / f"started-{i}" for i in rc.ids}
        running = [rc[i].apply_async(started_then_sleeps(m, 60)) for i, m in markers.items()]
        for marker in markers.values():
            wait_for(marker)
        cluster.signal_engines_sync(signal.SIGINT)  # to the local processes
        for result in running:
            with pytest.raises(RemoteError) as raised:
                result.get(timeout=30)
            assert raised.value.ename == "KeyboardInterrupt"
        assert rc[:].apply_sync(lambda: "alive") == ["alive", "alive"]
    finally:
        cluster.stop_cluster_sync()


def test_the_async_forms(tmp_path: Path) -> None:
    async def use() -> list[int]:
        async with Cluster(n=2, profile_dir=str(tmp_path)) as rc:
            return rc[:].apply_sync(os.getpid)

    pids = asyncio.run(use())
    assert len(set(pids)) == 2
    _, alive = psutil.wait_procs([p for p in map(_process, pids) if p is not None], timeout=15)
    assert not alive


def _process(pid: int) -> psutil.Process | None:
    try:
        return psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None


def test_a_launcher_registered_by_a_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A distribution on sys.path declares a launcher in jovi's entry-point group.
    site = tmp_path / "site"
    info = site / "mylaunchers-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mylaunchers\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[jovi.parallel.engine_launchers]\ncounted = mylaunchers_mod:CountedEngines\n"
    )
    (site / "mylaunchers_mod.py").write_text(
        "from jovi.parallel.launchers.local import LocalEngineSetLauncher\n"
        "class CountedEngines(LocalEngineSetLauncher):\n"
        "    started = 0\n"
        "    def start(self, launch):\n"
        "        type(self).started += launch.n\n"
        "        super().start(launch)\n"
    )
    monkeypatch.syspath_prepend(str(site))
    with Cluster(n=2, engines="counted", profile_dir=str(tmp_path / "profile")) as rc:
        assert rc[:].apply_sync(lambda: 1) == [1, 1]
    import mylaunchers_mod  # type: ignore[import-not-found]

    assert mylaunchers_mod.CountedEngines.started == 2


def test_add_engines_then_restart_engines(tmp_path: Path) -> None:
    cluster = Cluster(n=1, profile_dir=str(tmp_path))
    rc = cluster.start_and_connect_sync()
    try:
        assert cluster.add_engines_sync(2) == 1  # the second engine set
        assert sorted(rc.ids) == [0, 1, 2]
        rc[:].push({"before": True}, block=True)
        old_pids = set(rc[:].apply_sync(os.getpid))
        cluster.restart_engines_sync()
        # As with ipyparallel, restarted engines are new engines: new ids, empty namespaces.
        assert sorted(rc.ids) == [3, 4, 5]
        assert not set(rc[:].apply_sync(os.getpid)) & old_pids
        assert rc[:].apply_sync(lambda: "before" in globals()) == [False] * 3
        first, second = set(cluster.engines[0].pids), set(cluster.engines[1].pids)
        cluster.restart_engines_sync(0)  # one set: the engine of the first, alone
        pids = set(rc[:].apply_sync(os.getpid))
        assert len(pids) == 3
        assert second < pids
        assert not first & pids
    finally:
        cluster.stop_cluster_sync()


def test_add_and_restart_engines_async(tmp_path: Path) -> None:
    async def scenario() -> list[int]:
        cluster = Cluster(n=1, profile_dir=str(tmp_path))
        rc = await cluster.start_and_connect()
        try:
            await cluster.add_engines(1)
            await cluster.restart_engines()
            await cluster.signal_engines(signal.SIGCONT)
            return sorted(rc.ids)
        finally:
            await cluster.stop_cluster()

    assert asyncio.run(scenario()) == [2, 3]
