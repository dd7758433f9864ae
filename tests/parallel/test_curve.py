"""CurveZMQ on: an encrypted cluster works, and a peer without the server key is
refused by ZeroMQ itself (its handshake fails; none of its messages is read).

These tests always start their cluster with ``--curve``; the whole parallel suite runs
encrypted with ``JOVI_PARALLEL_CURVE=1`` (``make test-parallel-curve``).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from typing import TYPE_CHECKING

import numpy as np
import pytest
import zmq
from zmq.utils.monitor import recv_monitor_message

from jovi.cli.controller import curve_from_environment
from jovi.parallel import Client, Cluster
from jovi.parallel.files import connection_file, read_controller_file
from jovi.parallel.messages import ConnectionRequest
from jovi.protocol.session import Session
from jovi.transport.zmq.curve import CurveKeys, make_client, new_server_keys

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.integration

HANDSHAKE_EVENTS = (
    zmq.EVENT_HANDSHAKE_SUCCEEDED
    | zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL
    | zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL
    | zmq.EVENT_HANDSHAKE_FAILED_AUTH
)

FAILED = {
    zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL,
    zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL,
    zmq.EVENT_HANDSHAKE_FAILED_AUTH,
}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two engines of a controller started with ``--curve``."""
    cluster = Cluster(
        n=2, profile_dir=str(tmp_path_factory.mktemp("profile")), controller_args=("--curve",)
    )
    cluster.start_and_connect_sync()
    yield cluster
    cluster.stop_cluster_sync()


def _handshake(sock: zmq.Socket[bytes], url: str) -> int:
    """Connect ``sock`` to ``url`` and return the first handshake event ZeroMQ reports."""
    monitor = sock.get_monitor_socket(HANDSHAKE_EVENTS)
    try:
        sock.connect(url)
        assert monitor.poll(30_000), "ZeroMQ reported no handshake at all"
        return int(recv_monitor_message(monitor)["event"])
    finally:
        sock.disable_monitor()
        monitor.close(linger=0)


def test_the_connection_files_hold_the_server_key(cluster: Cluster) -> None:
    client = json.loads(
        connection_file(cluster.security_dir, "client", cluster.cluster_id).read_text()
    )
    engine = json.loads(
        connection_file(cluster.security_dir, "engine", cluster.cluster_id).read_text()
    )
    assert len(client["curve_serverkey"]) == 40
    assert "curve_secretkey" not in client  # clients never learn the secret half
    assert engine["curve_serverkey"] == client["curve_serverkey"]
    assert len(engine["curve_secretkey"]) == 40
    for role in ("client", "engine"):
        path = connection_file(cluster.security_dir, role, cluster.cluster_id)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_encrypted_cluster_runs_calls_moves_data_and_balances(cluster: Cluster) -> None:
    rc = cluster.client
    assert rc is not None
    pids = rc[:].apply_sync(os.getpid)
    assert len(set(pids)) == 2
    big = np.arange(1_000_000, dtype=np.float64)  # large: sent straight to the engine
    rc[0].push({"big": big}, block=True)
    assert (
        rc[0].apply_sync(
            lambda: float(__import__("jovi.parallel.ops").parallel.ops.namespace()["big"].sum())
        )
        == big.sum()
    )
    assert rc.load_balanced_view().map_sync(lambda x: x * x, range(8)) == [x * x for x in range(8)]


def test_a_socket_without_keys_fails_the_handshake_and_is_not_answered(cluster: Cluster) -> None:
    rc = cluster.client
    assert rc is not None
    context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    try:
        plain = context.socket(zmq.DEALER)
        plain.linger = 0
        assert _handshake(plain, rc.info.url("registration")) in FAILED
        session = Session(rc.session.key)
        # Once the handshake failed ZeroMQ may drop the pipe at any moment; a DEALER
        # without a pipe blocks on send, so the send must not wait (both outcomes,
        # queued into a refused pipe or refused at once, leave the request unread).
        with contextlib.suppress(zmq.Again):
            plain.send_multipart(
                session.serialize(session.message(ConnectionRequest())), flags=zmq.NOBLOCK
            )
        # The engines' own sockets refuse it too (a client may reach them directly).
        shell = rc._paths.shells[0]
        to_engine = context.socket(zmq.DEALER)
        to_engine.linger = 0
        assert _handshake(to_engine, shell) in FAILED
        # The same request from a socket with the server key is answered: the
        # unanswered one above was refused, not lost.
        keyed = context.socket(zmq.DEALER)
        keyed.linger = 0
        make_client(keyed, CurveKeys(rc.info.curve_serverkey))
        assert _handshake(keyed, rc.info.url("registration")) == zmq.EVENT_HANDSHAKE_SUCCEEDED
        keyed.send_multipart(session.serialize(session.message(ConnectionRequest())))
        assert keyed.poll(10_000)
        assert not plain.poll(0)
    finally:
        context.destroy(linger=0)


def test_a_client_with_a_wrong_server_key_times_out_with_a_plain_error(
    cluster: Cluster, tmp_path: Path
) -> None:
    path = connection_file(cluster.security_dir, "client", cluster.cluster_id)
    data = json.loads(path.read_text())
    data["curve_serverkey"] = new_server_keys().public
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    assert read_controller_file(forged).curve_serverkey == data["curve_serverkey"]
    with pytest.raises(TimeoutError, match="did not answer within 2 s"):
        Client(forged, timeout=2)


def test_a_client_without_the_server_key_times_out(cluster: Cluster, tmp_path: Path) -> None:
    path = connection_file(cluster.security_dir, "client", cluster.cluster_id)
    data = json.loads(path.read_text())
    del data["curve_serverkey"]
    forged = tmp_path / "keyless.json"
    forged.write_text(json.dumps(data))
    with pytest.raises(TimeoutError):
        Client(forged, timeout=1)


def test_the_environment_turns_curve_on(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("JOVI_PARALLEL_CURVE", "IPP_ENABLE_CURVE"):
        monkeypatch.delenv(name, raising=False)
    assert not curve_from_environment()
    monkeypatch.setenv("JOVI_PARALLEL_CURVE", "1")
    assert curve_from_environment()
    monkeypatch.setenv("JOVI_PARALLEL_CURVE", "0")
    monkeypatch.setenv("IPP_ENABLE_CURVE", "true")
    assert curve_from_environment()
