"""LoadBalancedView on real engines: dependencies, hwm, retries."""

from __future__ import annotations

import os
import random
import signal
import time
from typing import TYPE_CHECKING

import pytest

from jovi.parallel import (
    Cluster,
    Dependency,
    DependencyTimeout,
    EngineError,
    ImpossibleDependency,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from jovi.parallel import AsyncResult, Client

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """Two engines; hwm 1, lru."""
    with Cluster(n=2, profile_dir=str(tmp_path_factory.mktemp("lb"))) as rc:
        yield rc


def _random_dag(nodes: int, edges: int, seed: int) -> dict[int, set[int]]:
    """Parents of each node; an edge always goes from a lower to a higher node."""
    rng = random.Random(seed)
    parents: dict[int, set[int]] = {n: set() for n in range(nodes)}
    while sum(len(p) for p in parents.values()) < edges:
        a, b = sorted(rng.sample(range(nodes), 2))
        parents[b].add(a)
    return parents


def test_apply_and_map_with_chunks(two: Client) -> None:
    view = two.load_balanced_view()
    assert view.apply_sync(lambda x: x + 1, 41) == 42
    assert view.map_sync(lambda x: x * 2, range(10), chunksize=3) == [x * 2 for x in range(10)]
    results = [view.apply_async(abs, -i) for i in range(200)]
    assert view.wait(results, timeout=60)
    assert [r.get() for r in results] == list(range(200))
    assert {r.engine_id for r in results} == {0, 1}


def test_the_spec_dag_runs_children_after_their_parents(two: Client) -> None:
    view = two.load_balanced_view()
    parents = _random_dag(32, 128, seed=5)
    results: dict[int, AsyncResult] = {}
    for node in range(32):
        with view.temp_flags(after=[results[p] for p in parents[node]]):
            results[node] = view.apply_async(time.sleep, 0.01)
    view.wait(list(results.values()), timeout=60)
    for node, ps in parents.items():
        started = results[node].metadata["started"]
        assert all(started > results[p].metadata["completed"] for p in ps), node


def test_a_failed_parent_makes_its_children_impossible(two: Client) -> None:
    view = two.load_balanced_view()

    def fail() -> None:
        raise ValueError("node 1 fails")

    zero = view.apply_async(int)
    one = view.apply_async(fail)
    with view.temp_flags(after=[zero]):
        two_ = view.apply_async(int)
    with view.temp_flags(after=[one]):
        three = view.apply_async(int)
    with view.temp_flags(after=[three]):
        four = view.apply_async(int)
    assert two_.get(timeout=30) == 0
    for child in (three, four):
        with pytest.raises(ImpossibleDependency):
            child.get(timeout=30)
    with view.temp_flags(after=Dependency([one], success=False, failure=True)):
        assert view.apply_sync(int) == 0  # a dependency met by failure


def test_a_dependency_not_met_in_time_times_out(two: Client) -> None:
    view = two.load_balanced_view()
    slow = view.apply_async(time.sleep, 5)
    started = time.monotonic()
    with view.temp_flags(after=[slow], timeout=0.5):
        waiting = view.apply_async(int)
    with pytest.raises(DependencyTimeout):
        waiting.get(timeout=30)
    assert 0.4 < time.monotonic() - started < 3
    slow.get(timeout=30)


def test_follow_runs_where_the_followed_task_ran(two: Client) -> None:
    view = two.load_balanced_view()
    first = view.apply_async(os.getpid)
    first.get(timeout=30)
    for _ in range(4):
        with view.temp_flags(follow=[first]):
            assert view.apply_sync(os.getpid) == first.get()


def test_targets_restrict_the_engines(two: Client) -> None:
    view = two.load_balanced_view(targets=[1])
    results = [view.apply_async(int) for _ in range(6)]
    view.wait(results, timeout=30)
    assert {r.engine_id for r in results} == {1}


def _wait_for_queue(rc: Client, assigned: int) -> dict[object, object]:
    deadline = time.monotonic() + 10
    while True:
        status = rc.queue_status()
        tasks = sum(v["tasks"] for k, v in status.items() if isinstance(v, dict))
        if tasks + int(status["unassigned"]) >= assigned or time.monotonic() > deadline:  # type: ignore[call-overload]
            return status
        rc.spin(0.02)


def test_hwm_1_keeps_the_other_tasks_in_the_controller(two: Client) -> None:
    view = two.load_balanced_view()
    results = [view.apply_async(time.sleep, 0.5) for _ in range(4)]
    status = _wait_for_queue(two, 4)
    assert status[0]["tasks"] == status[1]["tasks"] == 1  # type: ignore[index]
    assert status["unassigned"] == 2
    view.wait(results, timeout=30)


def test_hwm_0_assigns_everything_at_once(tmp_path: Path) -> None:
    with Cluster(n=2, profile_dir=str(tmp_path), controller_args=("--hwm", "0")) as rc:
        view = rc.load_balanced_view()
        results = [view.apply_async(time.sleep, 0.3) for _ in range(6)]
        status = _wait_for_queue(rc, 6)
        assert status["unassigned"] == 0
        assert status[0]["tasks"] + status[1]["tasks"] == 6  # type: ignore[index]
        view.wait(results, timeout=30)


@pytest.mark.parametrize("retries", [0, 1])
def test_a_task_whose_engine_dies_is_retried_when_asked(tmp_path: Path, retries: int) -> None:
    # The default heartbeat (3 s of silence): the killed engine's end is seen through its
    # process; with 0.6 s, the survivor running the retried task was once dropped too on
    # a doubly loaded machine.
    with Cluster(n=2, profile_dir=str(tmp_path)) as rc:
        pids = dict(zip(rc.ids, rc[:].apply_sync(os.getpid), strict=True))
        view = rc.load_balanced_view()
        view.retries = retries
        task = view.apply_async(lambda: (__import__("time").sleep(2), __import__("os").getpid())[1])
        deadline = time.monotonic() + 10
        while task.metadata["engine_id"] is None and time.monotonic() < deadline:
            status = rc.queue_status()
            running = [k for k, v in status.items() if isinstance(v, dict) and v["tasks"]]
            if running:
                victim = running[0]
                break
            rc.spin(0.02)
        os.kill(pids[victim], signal.SIGKILL)
        if retries:
            survivor = next(pid for engine, pid in pids.items() if engine != victim)
            assert task.get(timeout=30) == survivor
        else:
            with pytest.raises(EngineError):
                task.get(timeout=30)
