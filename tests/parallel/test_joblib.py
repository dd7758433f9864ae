"""joblib's ``Parallel`` on jovi's engines (``register_joblib_backend``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import joblib
import pytest

from jovi.parallel import Client, Cluster, RemoteError, interactive, register_joblib_backend

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration


@interactive  # sent by value: the engines cannot import the tests
def square_and_pid(i: int) -> tuple[int, int]:
    import os as os_

    return i * i, os_.getpid()


@interactive
def fail_on_three(i: int) -> int:
    if i == 3:
        raise ValueError("three")
    return i


def test_parallel_runs_the_calls_on_the_engines(rc: Client) -> None:
    register_joblib_backend(view=rc.load_balanced_view())
    with joblib.parallel_backend("jovi"):
        results = joblib.Parallel()(joblib.delayed(square_and_pid)(i) for i in range(10))
    assert [value for value, _ in results] == [i * i for i in range(10)]
    engine_pids = set(rc[:].apply_sync(os.getpid))
    assert {pid for _, pid in results} <= engine_pids
    assert os.getpid() not in engine_pids


def test_many_small_calls_are_batched_and_all_come_back(rc: Client) -> None:
    rc.load_balanced_view().register_joblib_backend("jovi-lb")
    with joblib.parallel_backend("jovi-lb"):
        results = joblib.Parallel(batch_size="auto")(
            joblib.delayed(square_and_pid)(i) for i in range(500)
        )
    assert [value for value, _ in results] == [i * i for i in range(500)]


def test_a_direct_view_backend_and_make_default(rc: Client) -> None:
    rc[:].register_joblib_backend("jovi-direct", make_default=True)
    try:
        results = joblib.Parallel()(joblib.delayed(square_and_pid)(i) for i in range(6))
    finally:
        joblib.parallel.register_parallel_backend(
            "loky", joblib.parallel.LokyBackend, make_default=True
        )
    # A direct view sends each batch to one of its engines, in turn.
    assert [value for value, _ in results] == [i * i for i in range(6)]
    assert {pid for _, pid in results} <= set(rc[:].apply_sync(os.getpid))


def test_an_error_in_a_call_is_raised(rc: Client) -> None:
    register_joblib_backend("jovi-errors", view=rc.load_balanced_view())
    with joblib.parallel_backend("jovi-errors"), pytest.raises(RemoteError, match="three"):
        joblib.Parallel()(joblib.delayed(fail_on_three)(i) for i in range(6))


def test_without_a_view_it_uses_the_default_profiles_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOVI_DIR", str(tmp_path / "jovi"))
    # The default profile's unnamed cluster: what Client() finds.
    with Cluster(n=2, cluster_id="") as rc:
        register_joblib_backend("jovi-default")
        backend = joblib.parallel.BACKENDS["jovi-default"]()
        try:
            assert backend.effective_n_jobs(None) == 2
            with joblib.parallel_backend(backend):
                results = joblib.Parallel()(joblib.delayed(square_and_pid)(i) for i in range(8))
            assert [value for value, _ in results] == [i * i for i in range(8)]
            assert {pid for _, pid in results} <= set(rc[:].apply_sync(os.getpid))
            client = backend.view.client
        finally:
            backend.terminate()
        assert client._closed  # the backend closes the client it connected
