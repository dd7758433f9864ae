"""Signed, replay-protected messages and private connection files."""

from __future__ import annotations

import json
import stat
from typing import TYPE_CHECKING

import pytest
import zmq

from jovi.parallel import Client, interactive
from jovi.parallel.files import connection_file
from jovi.parallel.messages import ApplyRequest
from jovi.parallel.serialize import pack_apply
from jovi.protocol.session import Session
from jovi.transport.zmq.curve import make_client

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.parallel import Cluster

pytestmark = pytest.mark.integration


@interactive  # sent by value: the engine cannot import this test module
def _set_marker(value: int) -> None:
    import jovi.parallel.ops as ops

    scope = ops.namespace()
    scope["marker"] = scope.get("marker", 0) + value


def _send_raw(cluster: Cluster, rc: Client, session: Session, *, times: int = 1) -> None:
    """Send one apply_request to engine 0 through the mux, ``times`` times, as frames."""
    uuid = rc._engines[0].encode()
    message = session.message(ApplyRequest(), buffers=pack_apply(_set_marker, (1,), {}))
    frames = session.serialize(message, [uuid])
    context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    try:
        sock = context.socket(zmq.DEALER)
        sock.linger = 1000
        curve = rc.info.curve_keys()
        if curve is not None:  # the cluster encrypts (JOVI_PARALLEL_CURVE=1)
            make_client(sock, curve)
        sock.connect(rc.info.url("mux"))
        for _ in range(times):
            sock.send_multipart(frames)
        if session.key == rc.session.key:
            assert sock.poll(10_000), "the first, genuine request gets its reply"
    finally:
        context.destroy(linger=1000)


def test_connection_files_are_private(cluster: Cluster) -> None:
    for role in ("client", "engine"):
        path = connection_file(cluster.security_dir, role, cluster.cluster_id)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        data = json.loads(path.read_text())
        assert data["key"]
        assert data["signature_scheme"] == "hmac-sha256"


def test_a_client_with_a_wrong_key_gets_no_answer(cluster: Cluster, tmp_path: Path) -> None:
    path = connection_file(cluster.security_dir, "client", cluster.cluster_id)
    data = json.loads(path.read_text())
    data["key"] = "not-the-key"
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    with pytest.raises(TimeoutError):
        Client(forged, timeout=0.5)


def test_a_request_signed_with_a_wrong_key_runs_nothing(cluster: Cluster) -> None:
    rc = cluster.client
    assert rc is not None
    rc.clear()
    _send_raw(cluster, rc, Session("not-the-key"))
    # A request signed with the right key, sent after, is served after the forged one
    # would have been: the engine's namespace shows what ran.
    rc[0].apply_sync(_set_marker, 10)
    assert rc[0].pull("marker", block=True) == 10


def test_a_replayed_request_runs_once(cluster: Cluster) -> None:
    rc = cluster.client
    assert rc is not None
    rc.clear()
    _send_raw(cluster, rc, Session(rc.session.key), times=2)
    rc[0].apply_sync(_set_marker, 10)
    assert rc[0].pull("marker", block=True) == 11


def test_an_engine_with_a_wrong_key_is_not_registered(cluster: Cluster, tmp_path: Path) -> None:
    import subprocess
    import sys

    rc = cluster.client
    assert rc is not None
    path = connection_file(cluster.security_dir, "engine", cluster.cluster_id)
    data = json.loads(path.read_text())
    data["key"] = "not-the-key"
    forged = tmp_path / "forged-engine.json"
    forged.write_text(json.dumps(data))
    engine = subprocess.run(
        [
            sys.executable,
            "-m",
            "jovi",
            "engine",
            "--profile-dir",
            str(tmp_path),
            "--file",
            str(forged),
            "--EngineApp.timeout=1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert engine.returncode != 0
    assert "did not answer" in engine.stderr
    assert rc.ids == [0, 1, 2, 3]
