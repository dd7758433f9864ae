"""``Client.become_dask()``: the engines as a dask.distributed cluster, and back."""

from __future__ import annotations

import os

import dask
import dask.array as da
import pytest

from jovi.parallel import Client, daskbridge, interactive

pytestmark = pytest.mark.integration


@interactive  # sent by value: the engines cannot import the tests
def dask_roles() -> list[str]:
    from jovi.parallel import daskbridge

    return sorted(daskbridge._running)


@interactive
def pid_of(_: object = None) -> int:
    import os as os_

    return os_.getpid()


def test_become_dask_runs_arrays_and_delayed_graphs_on_the_engines(rc: Client) -> None:
    engine_pids = set(rc[:].apply_sync(os.getpid))
    dask_client = rc.become_dask()
    try:
        # A worker in each engine's process, and nowhere else.
        workers = dask_client.run(os.getpid)
        assert len(workers) == len(rc.ids)
        assert set(workers.values()) == engine_pids
        assert all(address.startswith("tcp://127.0.0.1:") for address in workers)

        total = da.ones((1000, 1000), chunks=100).sum()
        assert total.compute() == 1_000_000  # dask's default is now this cluster
        assert dask_client.compute(total).result(timeout=60) == 1_000_000

        parts = [dask.delayed(pid_of)(i) for i in range(20)]
        pids = dask.delayed(list)(parts).compute()
        assert set(pids) <= engine_pids

        inc = dask.delayed(lambda x: x + 1)
        graph = dask.delayed(sum)([inc(i) for i in range(10)])
        assert graph.compute() == sum(range(1, 11))

        # The engines still run jovi's requests while they are dask's workers.
        assert rc[:].apply_sync(dask_roles) == [["worker"]] * len(rc.ids)
        assert "scheduler" in daskbridge._running  # in this process, by default
    finally:
        rc.stop_dask()
    assert dask_client.status == "closed"
    assert rc.dask_client is None
    assert rc[:].apply_sync(dask_roles) == [[]] * len(rc.ids)
    assert daskbridge._running == {}
    assert set(rc[:].apply_sync(os.getpid)) == engine_pids


def test_the_scheduler_can_run_on_an_engine(rc: Client) -> None:
    dask_client = rc.become_dask(targets=[1, 2], scheduler_engine=0, ncores=2)
    try:
        assert rc[0].apply_sync(dask_roles) == ["scheduler"]
        assert rc[[1, 2]].apply_sync(dask_roles) == [["worker"], ["worker"]]
        nthreads = dask_client.nthreads()
        assert sorted(nthreads.values()) == [2, 2]
        assert dask_client.submit(lambda x: x * 2, 21).result(timeout=60) == 42
    finally:
        rc.stop_dask(targets=[1, 2])
    assert rc[:].apply_sync(dask_roles) == [[]] * len(rc.ids)
    assert rc[0].apply_sync(lambda: 7) == 7
