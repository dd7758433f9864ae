"""The hub's task methods on a real cluster: db_query, get_result from another client,
resubmit, purge, abort, queue_status, send_signal, and the three database backends."""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from jovi.parallel import Client, Cluster, RemoteError
from jovi.parallel.errors import TaskAborted
from tests.parallel.markers import started_then_sleeps, wait_for

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration


def sleeper(seconds: float) -> Any:
    return lambda: __import__("time").sleep(seconds)


def wait_queued(rc: Client, engine: int) -> None:
    """Wait until the controller has a request for ``engine`` (the client's sockets to
    the relay and to the hub are not ordered with each other)."""
    deadline = time.monotonic() + 10
    while not rc.queue_status(engine)["queue"]:
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_db_query_finds_the_records_with_their_output(rc: Client) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    ar = rc[0].apply_async(lambda: print("hello") or 42)  # type: ignore[func-returns-value]
    assert ar.get(timeout=30) == 42
    assert ar.stdout == "hello\n"  # the reply counted it: the client waited for it
    lb = rc.load_balanced_view().apply_async(lambda x: x * 2, 21)
    assert lb.get(timeout=30) == 42
    keys = ["msg_id", "stdout", "completed", "engine_uuid", "queue", "client_uuid"]
    found = rc.db_query({"msg_id": {"$in": [ar.msg_id, lb.msg_id]}}, keys=keys)
    assert [r["msg_id"] for r in found] == [ar.msg_id, lb.msg_id]
    first, second = found
    assert first["stdout"] == "hello\n"
    assert first["queue"] == "mux"
    assert second["queue"] == "task"
    assert first["engine_uuid"] == rc._engines[0]
    assert first["client_uuid"] == rc.session.session_id
    assert isinstance(first["completed"], datetime)
    assert first["completed"] > before

    recent = rc.db_query(
        {"started": {"$gte": before}, "client_uuid": rc.session.session_id}, keys="msg_id"
    )
    assert {ar.msg_id, lb.msg_id} <= {r["msg_id"] for r in recent}
    assert rc.db_query({"started": {"$le": before}, "client_uuid": {"$ne": "x"}}) == []
    with_buffers = rc.db_query({"msg_id": ar.msg_id}, keys=["buffers", "result_buffers"])
    assert with_buffers[0]["buffers"]
    assert with_buffers[0]["result_buffers"]
    with pytest.raises(ValueError, match="unknown key"):
        rc.db_query({"nonsense": 1})
    assert ar.msg_id in rc.hub_history()


def test_another_client_gets_a_result_finished_and_one_still_running(
    rc: Client, cluster: Cluster
) -> None:
    done = rc[1].apply_async(lambda: "done")
    assert done.get(timeout=30) == "done"
    running = rc[1].apply_async(lambda: __import__("time").sleep(1) or "late")
    with cluster.connect_client_sync() as other:
        assert other.get_result(done.msg_id).get(timeout=10) == "done"
        result = other.get_result(running.msg_id)
        assert type(result).__name__ == "AsyncHubResult"
        assert result.get(timeout=30) == "late"
        assert other.metadata[running.msg_id]["engine_uuid"] == rc._engines[1]
        with pytest.raises(KeyError):
            other.get_result("no-such-msg-id")
    assert rc.get_result(done.msg_id, block=True) == "done"


def test_resubmit_runs_a_finished_request_again(rc: Client) -> None:
    rc[0].execute("counter = 0", block=True)
    bump = rc[0].apply_async(lambda: globals().update(counter=counter + 1) or counter)  # type: ignore[name-defined]  # noqa: F821
    assert bump.get(timeout=30) == 1
    again = rc.resubmit(bump.msg_id)
    assert again.get(timeout=30) == 2
    task = rc.load_balanced_view().apply_async(lambda: "task")
    assert task.get(timeout=30) == "task"
    assert rc.resubmit([task.msg_id], block=True) == "task"
    [record] = rc.db_query({"msg_id": bump.msg_id}, keys="resubmitted")
    assert record["resubmitted"] == again.msg_id
    slow = rc[1].apply_async(sleeper(1))
    wait_queued(rc, 1)
    with pytest.raises(ValueError, match="not finished"):
        rc.resubmit(slow.msg_id)
    slow.get(timeout=30)


def test_purge_forgets_here_and_in_the_controller(rc: Client) -> None:
    ar = rc[0].apply_async(lambda: 1)
    ar.get(timeout=30)
    slow = rc[1].apply_async(sleeper(1))
    wait_queued(rc, 1)
    with pytest.raises(RuntimeError, match="outstanding"):
        rc.purge_results(jobs=[slow])
    with pytest.raises(ValueError, match="at least one"):
        rc.purge_results()
    rc.purge_results(jobs=[ar])
    assert ar.msg_id not in rc.results
    assert rc.db_query({"msg_id": ar.msg_id}) == []
    slow.get(timeout=30)

    on_zero = rc[0].apply_async(lambda: 0)
    on_zero.get(timeout=30)
    rc.purge_results(targets=[0])
    assert rc.db_query({"msg_id": on_zero.msg_id}) == []
    assert on_zero.msg_id not in rc.results

    for i in range(5):
        rc[i % 2].apply_sync(abs, i)
    rc.purge_everything()
    assert rc.results == {}
    assert rc.metadata == {}
    assert rc.history == []
    assert rc.hub_history() == []


def test_abort_skips_queued_tasks_in_the_controller_and_on_engines(rc: Client) -> None:
    view = rc.load_balanced_view()
    running = [view.apply_async(sleeper(1.5)) for _ in rc.ids]  # one per engine (hwm 1)
    queued = [view.apply_async(lambda: "ran") for _ in range(3)]
    direct_running = rc[0].apply_async(sleeper(1.5))
    direct_queued = rc[0].apply_async(lambda: "ran")
    deadline = time.monotonic() + 10
    # The direct requests go through another socket than the tasks: wait for both.
    status = rc.queue_status()
    while (status["unassigned"], status[0]["queue"]) != (3, 2) and time.monotonic() < deadline:
        time.sleep(0.05)
        status = rc.queue_status()
    assert status["unassigned"] == 3
    assert [status[i]["tasks"] for i in rc.ids] == [1] * len(rc.ids)
    assert status[0]["queue"] == 2
    verbose = rc.queue_status(verbose=True)
    assert sorted(verbose["unassigned"]) == sorted(a.msg_id for a in queued)
    assert set(verbose[0]["queue"]) == {direct_running.msg_id, direct_queued.msg_id}
    assert rc.queue_status(0)["queue"] == 2

    rc.abort([*queued, direct_queued])
    for ar in [*queued, direct_queued]:
        with pytest.raises(TaskAborted):
            ar.get(timeout=30)
    for ar in [*running, direct_running]:
        assert ar.get(timeout=30) is None
    assert rc.queue_status()["unassigned"] == 0

    pending = rc[1].apply_async(sleeper(1))
    follower = rc[1].apply_async(lambda: "ran")
    follower.abort()
    with pytest.raises(TaskAborted):
        follower.get(timeout=30)
    pending.get(timeout=30)


def test_send_signal_interrupts_a_long_call(rc: Client, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    ar = rc[0].apply_async(started_then_sleeps(marker, 60))
    wait_for(marker)
    began = time.monotonic()
    rc.send_signal(signal.SIGINT, targets=[0])
    with pytest.raises(RemoteError) as raised:
        ar.get(timeout=20)
    assert raised.value.ename == "KeyboardInterrupt"
    assert time.monotonic() - began < 5
    assert rc[0].apply_sync(lambda: "alive") == "alive"


def test_a_cluster_without_a_database_keeps_nothing(tmp_path: Path) -> None:
    with Cluster(n=1, profile_dir=str(tmp_path), controller_args=("--nodb",)) as rc:
        ar = rc[0].apply_async(lambda: 5)
        assert ar.get(timeout=30) == 5
        with pytest.raises(KeyError, match="no task records"):
            rc.db_query({})
        with Client(rc.url_file) as other, pytest.raises(KeyError):
            other.get_result(ar.msg_id)
        assert rc.get_result(ar.msg_id).get() == 5  # its own results are here


def test_sqlite_records_live_in_the_profile(tmp_path: Path) -> None:
    args = ("--sqlitedb", "--ControllerApp.sqlite_table=tasks")
    with Cluster(n=1, profile_dir=str(tmp_path), controller_args=args) as rc:
        ar = rc[0].apply_async(lambda: print("out") or 7)  # type: ignore[func-returns-value]
        assert ar.get(timeout=30) == 7
        [record] = rc.db_query({"msg_id": ar.msg_id}, keys=["stdout", "completed"])
        assert record["stdout"] == "out\n"
        assert isinstance(record["completed"], datetime)
        with Client(rc.url_file) as other:
            assert other.get_result(ar.msg_id).get(timeout=10) == 7
        assert rc.resubmit(ar.msg_id).get(timeout=30) == 7
    assert (tmp_path / "db" / "tasks.db").is_file()
