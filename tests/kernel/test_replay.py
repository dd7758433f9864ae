"""No request from before a restart runs after it (replay protection across restarts)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
import zmq

from jovi.kernel.replay import MAX_SESSIONS, ReplayFile, ReplayFloors, RestartGuard
from jovi.kernels import KernelManager
from jovi.protocol import ExecuteRequest, Session
from jovi.protocol.message import Header

T0 = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)


def _header(session: str, seconds: float) -> Header:
    return Header(
        msg_id=f"{session}-{seconds}",
        msg_type="execute_request",
        session=session,
        date=T0 + datetime.timedelta(seconds=seconds),
    )


def test_requests_dated_at_or_before_a_sessions_floor_are_refused():
    floors = ReplayFloors({"a": T0})
    assert not floors.admit(_header("a", -1))
    assert not floors.admit(_header("a", 0))
    assert floors.admit(_header("a", 0.001))
    assert floors.admit(_header("b", -100))  # another client: not affected
    assert floors.admit(Header(msg_id="x", msg_type="execute_request", session="a"))  # no date


def test_floors_follow_the_newest_request_and_round_trip_through_the_file_text():
    floors = ReplayFloors()
    assert floors.record(_header("a", 1)) is True
    assert floors.record(_header("a", 0.5)) is False  # older than the floor: no change
    assert floors.record(_header("b", 2)) is True
    again = ReplayFloors.loads(floors.dumps("key1"), "key1")
    assert again.before == {
        "a": T0 + datetime.timedelta(seconds=1),
        "b": T0 + datetime.timedelta(seconds=2),
    }
    assert ReplayFloors.loads(floors.dumps("key1"), "another key").before == {}
    assert ReplayFloors.loads("not json", "key1").before == {}
    assert ReplayFloors.loads('{"key": "key1", "sessions": 3}', "key1").before == {}


def test_only_the_most_recent_sessions_are_kept():
    floors = ReplayFloors()
    for number in range(MAX_SESSIONS + 10):
        floors.record(_header(f"s{number}", number))
    assert len(floors.now) == MAX_SESSIONS
    assert "s0" not in floors.now
    assert f"s{MAX_SESSIONS + 9}" in floors.now


def test_the_file_is_private_and_a_shorter_text_never_leaves_a_broken_one(tmp_path):
    path = tmp_path / "kernel-1.json.replay"
    file = ReplayFile(path, b"secret")
    floors = ReplayFloors()
    for number in range(20):
        floors.record(_header(f"session-{number}", number))
    file.save(floors)
    assert path.stat().st_mode & 0o777 == 0o600
    short = ReplayFloors()
    short.record(_header("z", 1))
    file.save(short)  # shorter than what the file held
    assert json.loads(path.read_text())["sessions"] == {
        "z": (T0 + datetime.timedelta(seconds=1)).isoformat()
    }
    assert b"secret" not in path.read_bytes()
    assert ReplayFile(path, b"secret").load().before.keys() == {"z"}
    file.remove()
    assert not path.exists()


def test_the_guard_saves_before_it_admits_and_refuses_what_the_last_process_saw(tmp_path):
    path = tmp_path / "k.json.replay"
    first = RestartGuard(ReplayFile(path, b"k"))
    assert first.admit(_header("a", 5))
    first.file.close()
    second = RestartGuard(ReplayFile(path, b"k"))  # the restarted kernel
    assert not second.admit(_header("a", 5))
    assert not second.admit(_header("a", 4))
    assert second.refused == 2
    assert second.admit(_header("a", 6))


def _send_and_wait(socket, frames, session, msg_id, seconds):
    socket.send_multipart(frames)
    poller = zmq.Poller()
    poller.register(socket, zmq.POLLIN)
    deadline = seconds * 1000
    while poller.poll(deadline):
        _, reply = session.deserialize(socket.recv_multipart())
        if reply.parent_msg_id == msg_id:
            return reply
    return None


@pytest.mark.integration
def test_a_request_captured_before_a_restart_does_not_run_after_it(jovi_kernelspec, tmp_path):
    marker = tmp_path / "ran.txt"
    manager = KernelManager("jovi")
    manager.start_kernel()
    context = zmq.Context()
    try:
        manager.wait_for_ready(timeout=30)
        info = manager.connection_info
        session = Session(info.key)
        captured = session.message(
            ExecuteRequest(code=f"open({str(marker)!r}, 'a').write('ran\\n')", silent=True)
        )
        frames = session.serialize(captured)
        socket = context.socket(zmq.DEALER)
        socket.connect(info.url("shell"))
        assert _send_and_wait(socket, frames, session, captured.msg_id, 30) is not None
        assert marker.read_text() == "ran\n"
        socket.close(linger=0)

        manager.restart(now=False)
        manager.wait_for_ready(timeout=30)
        socket = context.socket(zmq.DEALER)
        socket.connect(manager.connection_info.url("shell"))
        assert _send_and_wait(socket, frames, session, captured.msg_id, 1.5) is None
        assert marker.read_text() == "ran\n"  # the replay did not run
        fresh = session.message(ExecuteRequest(code="1", silent=True))
        reply = _send_and_wait(socket, session.serialize(fresh), session, fresh.msg_id, 30)
        assert reply is not None  # the same client's new requests do
        assert reply.content.status == "ok"
        socket.close(linger=0)
    finally:
        manager.shutdown(now=False)
        context.term()
    runtime = Path(manager.connection_file).parent
    assert not list(runtime.glob("*.replay"))  # gone with the kernel
