"""The seeds' DirectView transcripts, end to end on four real engines."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from jovi.parallel import Client, CompositeError, Reference, RemoteError, interactive

if TYPE_CHECKING:
    from jovi.parallel import Cluster

pytestmark = pytest.mark.integration


def test_apply_sync_on_every_engine_gives_each_its_own_process(rc: Client) -> None:
    pids = rc[:].apply_sync(os.getpid)
    assert rc.ids == [0, 1, 2, 3]
    assert len(set(pids)) == 4
    assert os.getpid() not in pids
    assert rc[:].apply_sync(lambda: "Hello, World") == ["Hello, World"] * 4


def test_one_engine_by_id_gives_one_value(rc: Client) -> None:
    assert rc[2].apply_sync(lambda x, y=1: x * 10 + y, 4, y=2) == 42


def test_push_pull_and_the_dict_interface(rc: Client) -> None:
    dview = rc[:]
    dview["a"] = 5
    dview["b"] = 10
    assert dview.apply_sync(lambda x: a + b + x, 27) == [42] * 4  # type: ignore[name-defined]  # noqa: F821
    assert dview.pull(("a", "b"), block=True) == [[5, 10]] * 4
    dview.push({"c": "speed"}, block=True)
    assert dview["c"] == ["speed"] * 4


def test_execute_on_parts_of_the_cluster(rc: Client) -> None:
    dview = rc[:]
    dview["a"] = 5
    dview["b"] = 10
    rc[::2].execute("c=a+b", block=True)
    rc[1::2].execute("c=a-b", block=True)
    assert dview["c"] == [15, -5, 15, -5]


def test_execute_output_is_in_the_metadata(rc: Client) -> None:
    result = rc[:].execute("print('hi from', 6 * 7)", silent=False)
    result.get(timeout=30)
    assert result.stdout == ["hi from 42\n"] * 4


def test_scatter_and_gather_round_trip(rc: Client) -> None:
    dview = rc[:]
    dview.scatter("a", range(16), block=True)
    assert dview["a"] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]
    assert dview.gather("a", block=True) == list(range(16))
    dview.scatter("x", np.arange(10.0), block=True)
    gathered = dview.gather("x", block=True)
    assert isinstance(gathered, np.ndarray)
    np.testing.assert_array_equal(gathered, np.arange(10.0))


def test_map_like_the_builtin(rc: Client) -> None:
    dview = rc[:]
    assert dview.map_sync(lambda x: x**10, range(32)) == [x**10 for x in range(32)]
    result = dview.map_async(lambda x, y: x + y, range(5), range(10, 15))
    assert result.get(timeout=30) == [10, 12, 14, 16, 18]


def test_the_parallel_decorator(rc: Client) -> None:
    @rc[:].parallel(block=True)
    def echo(x: Any) -> str:
        return str(x)

    assert echo(range(5)) == ["[0, 1]", "[2]", "[3]", "[4]"]
    assert echo.map(range(5)) == ["0", "1", "2", "3", "4"]


def test_the_remote_decorator_runs_in_the_engine_namespace(rc: Client) -> None:
    rc[:]["offset"] = 100

    @rc[:].remote(block=True)
    def shifted(x: int) -> int:
        return x + offset  # type: ignore[name-defined]  # noqa: F821

    assert shifted(1) == [101] * 4


def test_a_failure_on_every_engine_is_a_composite_error(rc: Client) -> None:
    with pytest.raises(CompositeError) as caught:
        rc[:].execute("1/0", block=True)
    error = caught.value
    assert [e.ename for e in error.elist] == ["ZeroDivisionError"] * 4
    assert [e.engine_id for e in error.elist] == [0, 1, 2, 3]
    with pytest.raises(RemoteError) as first:
        error.raise_exception()
    assert first.value.ename == "ZeroDivisionError"
    assert "1/0" in first.value.traceback
    limited = type("Limited", (CompositeError,), {"tb_limit": 1})("x", error.elist)
    assert "... 3 more exceptions ..." in "\n".join(limited.render_traceback())


def test_a_failed_apply_on_one_engine_raises_its_remote_error(rc: Client) -> None:
    def fails() -> None:
        raise KeyError("missing")

    with pytest.raises(RemoteError) as caught:
        rc[1].apply_sync(fails)
    assert caught.value.ename == "KeyError"
    assert "in fails" in caught.value.traceback
    assert caught.value.engine_id == 1


def test_get_with_a_timeout_raises_timeout_error(rc: Client) -> None:
    result = rc[0].apply_async(__import__("time").sleep, 3)
    with pytest.raises(TimeoutError):
        result.get(timeout=0.2)
    assert not result.ready()
    assert result.get(timeout=30) is None
    assert result.successful()
    assert result.metadata["engine_id"] == 0
    assert result.metadata["started"]
    assert result.metadata["completed"]


def test_received_arrays_are_read_only_views(rc: Client) -> None:
    array = np.arange(1_000_000, dtype=np.float64)
    rc[:].push({"big": array}, block=True)
    on_engines = rc[:].apply_sync(
        lambda: (big.flags.writeable, float(big.sum()))  # type: ignore[name-defined]  # noqa: F821
    )
    assert on_engines == [(False, float(array.sum()))] * 4
    back = rc[0].pull("big", block=True)
    assert back.flags.writeable is False
    np.testing.assert_array_equal(back, array)


def test_reference_and_interactive_resolve_on_the_engine(rc: Client) -> None:
    rc[:]["secret"] = 7
    assert rc[0].apply_sync(lambda x: x * 2, Reference("secret")) == 14

    @interactive
    def uses_engine_globals() -> int:
        return secret + 1  # type: ignore[name-defined]  # noqa: F821

    assert rc[:].apply_sync(uses_engine_globals) == [8] * 4


def test_sync_imports_imports_on_the_engines(rc: Client) -> None:
    dview = rc[:]
    with dview.sync_imports(quiet=True):
        import json

    assert dview.apply_sync(lambda: json.dumps([1])) == ["[1]"] * 4  # type: ignore[name-defined]


def test_closures_travel_by_value(rc: Client) -> None:
    factor = 3

    def times(x: int) -> int:
        return x * factor

    assert rc[:].map_sync(times, [1, 2, 3, 4, 5]) == [3, 6, 9, 12, 15]


def test_queue_status_counts_completed_requests(rc: Client) -> None:
    rc[:].apply_sync(int)
    status = rc.queue_status()
    assert set(status) == {0, 1, 2, 3, "unassigned"}
    assert all(status[i]["queue"] == 0 and status[i]["completed"] >= 1 for i in range(4))


def test_a_64_mb_array_reaches_two_engines_quickly(rc: Client) -> None:
    array = np.ones(8 * 1024 * 1024)  # 64 MB of float64
    started = time.perf_counter()
    rc[:2].push({"big": array}, block=True)
    elapsed = time.perf_counter() - started
    assert rc[:2].apply_sync(lambda: big.nbytes) == [array.nbytes] * 2  # type: ignore[name-defined]  # noqa: F821
    assert elapsed < 2.5  # the upstream figure is 1.1 s


def test_a_second_client_waits_for_the_engines_and_says_when_too_few_come(
    cluster: Cluster,
) -> None:
    second = Client(profile_dir=cluster.profile_dir, cluster_id=cluster.cluster_id)
    try:
        second.wait_for_engines(4, timeout=10)
        assert len(second.ids) == 4
        with pytest.raises(TimeoutError) as raised:
            second.wait_for_engines(5, timeout=0.2)
        assert "\n" not in str(raised.value)
    finally:
        second.close()
