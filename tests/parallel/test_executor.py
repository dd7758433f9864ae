"""``ViewExecutor`` and AsyncResult as a ``concurrent.futures.Future``, on real engines."""

from __future__ import annotations

import concurrent.futures
import os
import threading
from typing import TYPE_CHECKING

import pytest

from jovi.parallel import AsyncResult, RemoteError, ViewExecutor, interactive

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.parallel import Client

pytestmark = pytest.mark.integration


@interactive  # sent by value: the engines of a clean clone cannot import the tests
def _fail(x: int) -> int:
    raise ValueError(f"bad {x}")


def test_submit_gives_a_future_of_the_call_on_an_engine(rc: Client) -> None:
    with rc.load_balanced_view().executor as ex:
        assert isinstance(ex, ViewExecutor)
        future = ex.submit(pow, 2, 10)
        assert isinstance(future, concurrent.futures.Future)
        assert isinstance(future, AsyncResult)
        assert future.result(timeout=30) == 1024
        assert future.done()
        assert future.exception() is None
        pids = {ex.submit(os.getpid).result(30) for _ in range(8)}
    assert pids <= set(rc[:].apply_sync(os.getpid))


def test_map_yields_the_results_in_order(rc: Client) -> None:
    ex = rc.executor()
    assert list(ex.map(lambda x, y: x * y, range(10), range(10, 20))) == [
        x * y for x, y in zip(range(10), range(10, 20), strict=True)
    ]
    assert list(ex.map(abs, [])) == []
    direct = rc[:].executor
    assert list(direct.map(lambda x: -x, range(7))) == [-x for x in range(7)]


def test_errors_propagate_as_remote_errors(rc: Client) -> None:
    ex = rc.executor()
    future = ex.submit(_fail, 3)
    with pytest.raises(RemoteError, match="bad 3"):
        future.result(30)
    error = future.exception(30)
    assert isinstance(error, RemoteError)
    assert error.ename == "ValueError"
    with pytest.raises(RemoteError, match="bad"):
        list(ex.map(_fail, [1, 2]))


def test_wait_and_as_completed_are_woken_by_the_reader(rc: Client) -> None:
    ex = rc.executor()
    futures = [ex.submit(pow, 3, i) for i in range(6)]
    done, not_done = concurrent.futures.wait(futures, timeout=30)
    assert not not_done
    assert sorted(f.result() for f in done) == sorted(3**i for i in range(6))
    more = [ex.submit(pow, 5, i) for i in range(4)]
    got = [f.result() for f in concurrent.futures.as_completed(more, timeout=30)]
    assert sorted(got) == [1, 5, 25, 125]


def test_a_callback_runs_once_the_result_is_in(rc: Client, tmp_path: Path) -> None:
    ex = rc.executor()
    marker = tmp_path / "go"
    called = threading.Event()
    seen: list[object] = []

    def callback(future: concurrent.futures.Future[object]) -> None:
        seen.append(future.result())
        called.set()

    # The call waits for the test's go-ahead, so the callback is added before the
    # reply exists and must be run by the reader thread, not by add_done_callback.
    future = ex.submit(_wait_for_file, str(marker))
    future.add_done_callback(callback)
    assert not called.is_set()
    marker.touch()
    assert called.wait(30)
    assert seen == ["went"]
    late: list[object] = []
    future.add_done_callback(lambda f: late.append(f.result()))  # done: called at once
    assert late == ["went"]


@interactive
def _wait_for_file(path: str) -> str:
    import os as os_
    import time

    while not os_.path.exists(path):  # noqa: PTH110 - sent by value, standalone
        time.sleep(0.01)
    return "went"


def test_shutdown_waits_and_refuses_new_calls(rc: Client, tmp_path: Path) -> None:
    marker = tmp_path / "go"
    ex = rc.executor()
    future = ex.submit(_wait_for_file, str(marker))
    threading.Timer(0.2, marker.touch).start()
    ex.shutdown(wait=True)
    assert future.done()
    assert future.result(0) == "went"
    with pytest.raises(RuntimeError, match="after shutdown"):
        ex.submit(abs, 1)


def test_a_sent_request_cannot_be_cancelled(rc: Client) -> None:
    future = rc.executor().submit(abs, -1)
    assert future.cancel() is False
    assert not future.cancelled()
    assert future.result(30) == 1


def test_another_thread_sends_while_the_reader_waits(rc: Client) -> None:
    ex = rc.executor()
    first = ex.submit(abs, -5)
    first.add_done_callback(lambda _f: None)  # the reader thread runs from here on
    results: list[int] = []

    def submit_more() -> None:
        results.extend(ex.submit(abs, -i).result(30) for i in range(20))

    thread = threading.Thread(target=submit_more)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    assert results == list(range(20))
    assert first.result(30) == 5


def test_closing_the_client_joins_its_reader_thread(rc: Client) -> None:
    from jovi.parallel import Client as NewClient

    other = NewClient(rc.url_file)
    try:
        future = other.executor().submit(abs, -3)
        future.add_done_callback(lambda _f: None)
        assert future.result(30) == 3
        readers = [t for t in threading.enumerate() if t.name == "jovi-parallel-replies"]
        assert len(readers) >= 2  # rc's (the tests above started it) and other's
    finally:
        other.close()
    readers_after = [t for t in threading.enumerate() if t.name == "jovi-parallel-replies"]
    assert len(readers_after) == len(readers) - 1


def test_a_callback_on_another_clients_request_runs_once_the_hub_has_it(
    rc: Client, tmp_path: Path
) -> None:
    from jovi.parallel import Client as NewClient

    marker = tmp_path / "go"
    sent = rc.executor().submit(_wait_for_file, str(marker))
    called = threading.Event()
    seen: list[object] = []
    with NewClient(rc.url_file) as other:
        from_hub = other.get_result(sent.msg_id)
        from_hub.add_done_callback(lambda f: (seen.append(f.result()), called.set()))
        assert not called.is_set()
        marker.touch()
        assert called.wait(30)  # read by other's reader thread, which polls the hub
    assert seen == ["went"]
    assert sent.result(30) == "went"
