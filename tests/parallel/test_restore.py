"""A controller that died, restarted with ``--restore``, takes its engines back."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from jovi.parallel import Client, Cluster
from jovi.parallel.controller import Controller
from jovi.parallel.controllerstate import ControllerState, KnownEngine, save_state, state_file
from jovi.parallel.files import connection_file
from jovi.parallel.messages import RegistrationRequest
from jovi.parallel.processwatch import host_identity

pytestmark = pytest.mark.integration


def test_a_controller_killed_and_restored_keeps_its_engines_and_their_namespaces(
    tmp_path: Path,
) -> None:
    cluster = Cluster(
        n=4, profile_dir=str(tmp_path), cluster_id="kept", controller_args=("--restore",)
    )
    rc = cluster.start_and_connect_sync()
    try:
        ids = sorted(rc.ids)
        pids = rc[ids].apply_sync(os.getpid)
        rc[ids].push({"kept": 42}, block=True)
        rc.queue_status()  # a round trip: the hub has saved its state since the last engine
        state = state_file(tmp_path / "security", "kept")
        assert stat.S_IMODE(state.stat().st_mode) == 0o600
        assert len(json.loads(state.read_text())["engines"]) == 4

        old = cluster.controller
        assert old is not None
        assert old.pid is not None
        os.kill(old.pid, signal.SIGKILL)
        old.stop()  # reaps it
        cluster.start_controller_sync()  # --restore, from the cluster's controller_args

        # The same client (its sockets reconnect to the same ports, same key):
        assert rc[ids].pull("kept", block=True) == [42] * 4
        assert rc[ids].apply_sync(os.getpid) == pids
        # A new client sees the same engines.
        with Client(connection_file(tmp_path / "security", "client", "kept")) as fresh:
            fresh.wait_for_engines(4, timeout=30)
            assert sorted(fresh.ids) == ids
            assert fresh[ids].apply_sync(lambda: kept) == [42] * 4  # type: ignore[name-defined]  # noqa: F821
    finally:
        cluster.stop_cluster_sync()
    assert not state.exists()  # a cluster stopped leaves nothing to restore


def test_a_restored_controller_drops_the_engines_that_died_meanwhile(tmp_path: Path) -> None:
    cluster = Cluster(
        n=2, profile_dir=str(tmp_path), cluster_id="gone", controller_args=("--restore",)
    )
    rc = cluster.start_and_connect_sync()
    try:
        pids = dict(zip(sorted(rc.ids), rc[sorted(rc.ids)].apply_sync(os.getpid), strict=True))
        rc.queue_status()
        old = cluster.controller
        assert old is not None
        assert old.pid is not None
        os.kill(old.pid, signal.SIGKILL)
        old.stop()
        os.kill(pids[1], signal.SIGKILL)  # an engine dies while there is no controller
        cluster.start_controller_sync()
        with Client(connection_file(tmp_path / "security", "client", "gone")) as fresh:
            fresh.wait_for_engines(1, timeout=30)
            assert fresh.ids == [0]
            assert fresh[0].apply_sync(os.getpid) == pids[0]
    finally:
        cluster.stop_cluster_sync()


def test_an_engine_whose_process_has_ended_is_not_taken_back(tmp_path: Path) -> None:
    """A dead engine not yet reaped by its parent (a zombie) still has a pid, and a
    descriptor can be opened on it: the restored controller must see that it ended."""
    zombie = subprocess.Popen(["true"])
    try:
        deadline = time.monotonic() + 10
        while Path(f"/proc/{zombie.pid}/stat").read_text().split(") ")[1][0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        registration = RegistrationRequest(
            uuid="dead",
            shell_port=1,
            control_port=2,
            iopub_port=3,
            hb_port=4,
            pid=zombie.pid,
            host=host_identity(),
        )
        save_state(
            state_file(tmp_path, "z"),
            ControllerState(
                key="k",
                signature_scheme="hmac-sha256",
                ip="127.0.0.1",
                ports={},
                next_id=1,
                engines=(KnownEngine(id=0, registration=registration),),
            ),
        )
        controller = Controller(tmp_path, cluster_id="z", restore=True)
        try:
            assert controller.engines == {}
        finally:
            controller.close()
    finally:
        zombie.wait()


def test_restore_without_a_state_file_starts_afresh(tmp_path: Path) -> None:
    with Cluster(n=1, profile_dir=str(tmp_path), controller_args=("--restore",)) as rc:
        assert rc[:].apply_sync(lambda: 1) == [1]
