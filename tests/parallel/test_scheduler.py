"""The task scheduler's decisions, without sockets."""

from __future__ import annotations

import pytest

from jovi.parallel.scheduler import Dependency, Task, TaskScheduler


def _task(name: str, **options: object) -> Task:
    return Task(name, [b"client", name], **options)  # type: ignore[arg-type]


def _known(msg_id: str) -> bool:
    return msg_id.startswith("t")


def test_lru_takes_the_engine_used_least_recently() -> None:
    scheduler = TaskScheduler("lru", hwm=0)
    for engine in (0, 1, 2):
        scheduler.add_engine(engine)
    for name in ("t1", "t2", "t3", "t4"):
        scheduler.submit(_task(name))
    assigned, failed = scheduler.schedule(0, _known)
    assert [t.engine for t in assigned] == [0, 1, 2, 0]
    assert failed == []


def test_leastload_takes_the_engine_with_the_fewest_tasks() -> None:
    scheduler = TaskScheduler("leastload", hwm=0)
    for engine in (0, 1):
        scheduler.add_engine(engine)
    scheduler.submit(_task("t1"))
    scheduler.submit(_task("t2"))
    scheduler.schedule(0, _known)
    scheduler.record("t1", True, 0)
    scheduler.submit(_task("t3"))
    assigned, _ = scheduler.schedule(0, _known)
    assert assigned[0].engine == 0


def test_hwm_keeps_tasks_waiting() -> None:
    scheduler = TaskScheduler("lru", hwm=1)
    scheduler.add_engine(0)
    for name in ("t1", "t2"):
        scheduler.submit(_task(name))
    assigned, _ = scheduler.schedule(0, _known)
    assert [t.msg_id for t in assigned] == ["t1"]
    assert [t.msg_id for t in scheduler.queue] == ["t2"]
    scheduler.record("t1", True, 0)
    assigned, _ = scheduler.schedule(0, _known)
    assert [t.msg_id for t in assigned] == ["t2"]


def test_an_unknown_dependency_is_impossible_and_a_late_one_times_out() -> None:
    scheduler = TaskScheduler()
    scheduler.add_engine(0)
    scheduler.submit(_task("t1", after=Dependency(frozenset({"nothing"}))))
    scheduler.submit(_task("t2", after=Dependency(frozenset({"t9"})), deadline=5.0))
    _, failed = scheduler.schedule(0, _known)
    assert [(t.msg_id, name) for t, name, _ in failed] == [("t1", "ImpossibleDependency")]
    _, failed = scheduler.schedule(6, _known)
    assert [(t.msg_id, name) for t, name, _ in failed] == [("t2", "DependencyTimeout")]


def test_any_dependency_is_met_by_one() -> None:
    scheduler = TaskScheduler()
    scheduler.add_engine(0)
    scheduler.record("t1", False, 0)
    scheduler.submit(_task("t3", after=Dependency(frozenset({"t1", "t2"}), all=False)))
    assigned, _ = scheduler.schedule(0, _known)
    assert assigned == []
    scheduler.record("t2", True, 0)
    assigned, _ = scheduler.schedule(0, _known)
    assert [t.msg_id for t in assigned] == ["t3"]


def test_targets_without_engines_are_impossible() -> None:
    scheduler = TaskScheduler()
    scheduler.add_engine(0)
    scheduler.submit(_task("t1", targets=frozenset({5})))
    _, failed = scheduler.schedule(0, _known)
    assert failed[0][1] == "ImpossibleDependency"


def test_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown scheme"):
        TaskScheduler("fastest")


def test_a_long_queue_of_plain_tasks_is_not_rescanned_while_engines_are_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 10,000 queued tasks once made every event scan the whole queue, so the
    # controller fell behind its heartbeats and dropped busy engines.
    scheduler = TaskScheduler("lru", hwm=1)
    scheduler.add_engine(0)
    for index in range(10_000):
        scheduler.submit(_task(f"t{index}"))
    looked_at = 0
    original = scheduler._candidates

    def counting(task: Task, where: object) -> list[int] | None:
        nonlocal looked_at
        looked_at += 1
        return original(task, where)  # type: ignore[arg-type]

    monkeypatch.setattr(scheduler, "_candidates", counting)
    for _ in range(100):
        scheduler.schedule(0, _known)
    assert looked_at <= 101
    assert len(scheduler.queue) == 9_999


def test_outcomes_are_kept_for_the_latest_requests_only() -> None:
    scheduler = TaskScheduler(outcome_limit=3)
    scheduler.add_engine(0)
    for i in range(5):
        scheduler.record(f"t{i}", True, 0)
    assert list(scheduler.finished) == ["t2", "t3", "t4"]
    scheduler.submit(_task("t5", after=Dependency(frozenset({"t0"}))))
    scheduler.submit(_task("t6", after=Dependency(frozenset({"t4"}))))
    assigned, failed = scheduler.schedule(0, lambda msg_id: False)
    assert [t.msg_id for t, _, _ in failed] == ["t5"]  # forgotten: can never be met
    assert [t.msg_id for t in assigned] == ["t6"]
    scheduler.forget(["t3"])
    assert list(scheduler.finished) == ["t2", "t4"]


def test_abort_takes_waiting_tasks_out_of_the_queue() -> None:
    scheduler = TaskScheduler(hwm=1)
    scheduler.add_engine(0)
    for name in ("t1", "t2", "t3"):
        scheduler.submit(_task(name))
    scheduler.schedule(0, _known)  # t1 runs
    taken = scheduler.abort({"t1", "t3"})
    assert [t.msg_id for t in taken] == ["t3"]  # a running task is the engine's to skip
    assert [t.msg_id for t in scheduler.queue] == ["t2"]


def test_tiny_tasks_are_prefetched_only_while_a_deep_queue_waits() -> None:
    scheduler = TaskScheduler(hwm=1, short_task_s=0.01, short_task_hwm=3, deep_queue=5)
    scheduler.add_engine(0)
    for i in range(8):
        scheduler.submit(_task(f"t{i}"))
    assigned, _ = scheduler.schedule(0, _known)
    assert len(assigned) == 1  # nothing known of the engine yet: hwm
    scheduler.record("t0", True, 0, duration=0.001)
    assigned, _ = scheduler.schedule(0, _known)
    assert len(assigned) == 3  # its last task was tiny and 7 wait: up to short_task_hwm
    for task in assigned:
        scheduler.record(task.msg_id, True, 0, duration=0.5)
    assigned, _ = scheduler.schedule(0, _known)
    assert len(assigned) == 1  # a long one ends the prefetch
    scheduler.record(assigned[0].msg_id, True, 0, duration=0.001)
    assigned, _ = scheduler.schedule(0, _known)
    assert len(assigned) == 1  # 3 wait: not a deep queue


def test_a_task_unmet_on_an_engine_goes_to_another_and_fails_when_all_refused() -> None:
    scheduler = TaskScheduler("lru", hwm=1)
    for engine in (0, 1, 2):
        scheduler.add_engine(engine)
    scheduler.submit(_task("t1"))
    assigned, _ = scheduler.schedule(0, _known)
    tried = [assigned[0].engine]
    for _ in range(2):
        scheduler.unmet("t1", tried[-1])
        assigned, failed = scheduler.schedule(0, _known)
        assert failed == []
        tried.append(assigned[0].engine)
    assert sorted(tried) == [0, 1, 2]  # never twice on the same engine
    assert scheduler.engines[tried[0]].tasks == set()  # the refusing engine has room again
    scheduler.unmet("t1", tried[-1])
    assigned, failed = scheduler.schedule(0, _known)
    assert assigned == []
    assert [(task.msg_id, ename) for task, ename, _ in failed] == [("t1", "ImpossibleDependency")]
    assert scheduler.unmet("t-unknown", 0) is None
