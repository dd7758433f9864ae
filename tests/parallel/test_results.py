"""AsyncResult iteration, imap, timing and progress; BroadcastView; @require/@depend,
on four real engines."""

from __future__ import annotations

import itertools
import os
import re
import sys
import time

import pytest

from jovi.parallel import (
    BroadcastView,
    Client,
    CompositeError,
    ImpossibleDependency,
    UnmetDependency,
    depend,
    dependent,
    interactive,
    require,
)

pytestmark = pytest.mark.integration


@interactive  # sent by value: the engines cannot import this module in a clean clone
def _sleep_then(seconds: float, value: int) -> int:
    import time

    time.sleep(seconds)
    return value


def test_an_unordered_map_yields_results_as_they_finish(rc: Client) -> None:
    lview = rc.load_balanced_view()
    delays = [0.8, 0.0, 0.0, 0.0]
    unordered = lview.map(_sleep_then, delays, range(4), block=False, ordered=False)
    values = list(unordered)
    assert sorted(values) == [0, 1, 2, 3]
    assert values[-1] == 0  # the slow one last
    assert sorted(unordered.get()) == [0, 1, 2, 3]
    ordered = lview.map(_sleep_then, delays, range(4), block=False)
    assert list(ordered) == [0, 1, 2, 3]


def test_ordered_iteration_yields_the_first_parts_before_the_last_finishes(rc: Client) -> None:
    lview = rc.load_balanced_view()
    result = lview.map(_sleep_then, [0.0, 1.5], [1, 2], block=False)
    iterator = iter(result)
    assert next(iterator) == 1
    assert not result.ready()  # the second task is still running
    assert next(iterator) == 2


def test_imap_reads_its_input_lazily(rc: Client) -> None:
    lview = rc.load_balanced_view()
    consumed: list[int] = []

    def source():
        for i in itertools.count():
            consumed.append(i)
            yield i

    results = lview.imap(lambda x: x * x, source(), max_outstanding=3)
    first = [next(results) for _ in range(5)]
    assert first == [0, 1, 4, 9, 16]
    assert len(consumed) <= 5 + 3  # never more than max_outstanding ahead
    results.cancel()
    assert sorted(lview.imap(lambda x: -x, range(6), ordered=False)) == [-5, -4, -3, -2, -1, 0]


def test_imap_forgets_what_it_returned_so_its_memory_stays_flat(rc: Client) -> None:
    lview = rc.load_balanced_view()
    kept_before = len(rc.results), len(rc.metadata)
    for ordered in (True, False):
        values = list(lview.imap(lambda x: x + 1, range(2000), ordered=ordered, max_outstanding=50))
        assert sorted(values) == list(range(1, 2001))
        if ordered:
            assert values == list(range(1, 2001))
    assert (len(rc.results), len(rc.metadata)) == kept_before  # nothing kept per task
    last = rc.history[-1]
    assert rc.get_result(last).get(timeout=30) == 2000  # the controller still has each


def test_timing_metadata(rc: Client) -> None:
    result = rc[:].apply_async(_sleep_then, 0.3, 1)
    assert result.elapsed >= 0
    assert result.progress <= 4
    assert result.r == [1] * 4
    assert result.result(5) == [1] * 4
    assert result.progress == 4
    assert 0.3 <= result.wall_time < 10
    assert result.elapsed == result.wall_time
    assert 4 * 0.3 <= result.serial_time < 4 * 10
    assert result.serial_time / result.wall_time > 1.5  # four engines at once


def test_wait_interactive_rewrites_one_progress_line(rc: Client, capsys) -> None:
    result = rc.load_balanced_view().map(_sleep_then, [0.2] * 8, range(8), block=False)
    result.wait_interactive(interval=0.1)
    out = capsys.readouterr().out
    states = [s for s in out.split("\r") if s.strip()]
    assert len(states) >= 2
    assert re.fullmatch(r"8/8 tasks finished after \d+ s: done\s*\n", states[-1])
    assert all(re.match(r"\d/8 tasks finished after \d+ s", s) for s in states)


def test_broadcast_view_has_the_direct_view_api(rc: Client) -> None:
    view = rc.broadcast_view()
    assert isinstance(view, BroadcastView)
    assert len(set(view.apply_sync(os.getpid))) == 4
    view.push({"shared": 7}, block=True)
    assert view.pull("shared", block=True) == [7] * 4
    view.execute("doubled = shared * 2", block=True)
    assert view["doubled"] == [14] * 4
    assert view.map_sync(lambda x: x + 1, range(8)) == list(range(1, 9))
    assert not rc.outstanding  # nothing left behind (ipyparallel issue #882)
    assert rc.broadcast_view([0, 1], is_coalescing=True).apply_sync(lambda: 1) == [1, 1]


@require("colorsys")
@interactive
def to_hls(r: float, g: float, b: float) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(r, g, b)  # type: ignore[name-defined]  # noqa: F821 - bound by @require


def test_require_imports_the_module_where_the_task_runs(rc: Client) -> None:
    assert "colorsys" not in globals()
    assert rc[:].apply_sync(to_hls, 1.0, 0.0, 0.0) == [(0.0, 0.5, 1.0)] * 4
    assert rc.load_balanced_view().apply_sync(to_hls, 1.0, 0.0, 0.0) == (0.0, 0.5, 1.0)
    assert rc[:].apply_sync(interactive(lambda: "colorsys" in globals())) == [True] * 4


def test_require_takes_module_objects(rc: Client) -> None:
    @require(time)
    def wait(t: float) -> float:
        time.sleep(t)
        return t

    assert rc.load_balanced_view().apply_sync(wait, 0.01) == 0.01


def test_an_unimportable_requirement_is_an_unmet_dependency(rc: Client) -> None:
    @require("no_such_module_here")
    def never() -> int:
        return 1

    with pytest.raises(UnmetDependency):
        rc.load_balanced_view().apply_sync(never)
    with pytest.raises(CompositeError) as error:
        rc[:].apply_sync(never)
    assert {e.ename for e in error.value.elist} == {"UnmetDependency"}


@interactive
def platform_specific(plat: str) -> bool:
    import sys

    return sys.platform == plat


@interactive
def chosen() -> bool:
    return bool(globals().get("chosen_engine", False))


def test_a_task_whose_check_fails_goes_on_to_an_engine_where_it_holds(rc: Client) -> None:
    # As ipyparallel's scheduler does: an engine that raises UnmetDependency is taken
    # off the task's list and the task goes to another; when every engine refused it,
    # it fails with ImpossibleDependency (a kind of UnmetDependency).
    rc[2].push({"chosen_engine": True})
    where = rc[2].apply_sync(os.getpid)

    @depend(chosen)
    def pid() -> int:
        import os

        return os.getpid()

    lview = rc.load_balanced_view()
    results = [lview.apply_async(pid) for _ in range(8)]
    assert [result.get(30) for result in results] == [where] * 8
    rc[2].push({"chosen_engine": False})
    with pytest.raises(ImpossibleDependency):
        lview.apply_sync(pid)


def test_depend_runs_where_the_check_holds(rc: Client) -> None:
    @depend(platform_specific, sys.platform)
    def here() -> str:
        return "ran"

    @depend(platform_specific, "no-such-platform")
    def nowhere() -> str:
        return "ran"

    lview = rc.load_balanced_view()
    assert lview.apply_sync(here) == "ran"
    with pytest.raises(UnmetDependency):
        lview.apply_sync(nowhere)
    guarded = dependent(lambda: "direct", platform_specific, sys.platform)
    assert lview.apply_sync(guarded) == "direct"
