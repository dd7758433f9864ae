"""The controller watches the processes of the engines on its machine: an engine killed
is reported at once (not after its heartbeats are missed), and an engine stuck where
SIGINT cannot reach it is ended through the client."""

from __future__ import annotations

import os
import signal
import time
from typing import TYPE_CHECKING

import pytest

from jovi.kernel.kernel import Kernel
from jovi.parallel import Cluster, EngineError, interactive
from tests.parallel.markers import wait_for

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration

REPORTED_WITHIN_S = 1.0
"""The heartbeats alone (1 s period, 3 misses) take 3 s or more."""


@interactive  # sent by value: the engines of a clean clone cannot import the tests
def _stuck(marker: str) -> None:
    """Blocks SIGINT on the engine's main thread, says so, then sleeps 60 s."""
    import signal as signals
    import time as clock
    from pathlib import Path as _Path

    signals.pthread_sigmask(signals.SIG_BLOCK, {signals.SIGINT})
    _Path(marker).touch()
    clock.sleep(60)


def test_an_engine_killed_is_reported_at_once(tmp_path: Path) -> None:
    cluster = Cluster(n=2, profile_dir=str(tmp_path))  # heartbeats: 1 s, 3 misses
    rc = cluster.start_and_connect_sync()
    try:
        pid = rc[0].apply_sync(os.getpid)
        result = rc[0].apply_async(time.sleep, 60)
        killed = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(EngineError):
            result.get(timeout=30)
        assert time.monotonic() - killed < REPORTED_WITHIN_S
        deadline = time.monotonic() + REPORTED_WITHIN_S
        while 0 in rc.ids and time.monotonic() < deadline:
            rc.spin(0.05)
        assert rc.ids == [1]
    finally:
        cluster.stop_cluster_sync()


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_stuck_engine_is_ended_through_the_client(tmp_path: Path, signum: int) -> None:
    cluster = Cluster(n=1, profile_dir=str(tmp_path))
    rc = cluster.start_and_connect_sync()
    try:
        marker = tmp_path / "stuck"
        result = rc[0].apply_async(_stuck, str(marker))
        wait_for(marker)
        rc.send_signal(signal.SIGINT, targets=0)  # does not reach the blocked call
        assert not result.wait(0.5)
        sent = time.monotonic()
        rc.send_signal(signum, targets=0)  # answered by the controller
        with pytest.raises(EngineError):
            result.get(timeout=30)
        # SIGTERM: the kernel gives running code its shutdown grace, then exits.
        grace = Kernel.shutdown_grace.default() if signum == signal.SIGTERM else 0.0
        assert time.monotonic() - sent < REPORTED_WITHIN_S + grace
    finally:
        cluster.stop_cluster_sync()


def test_a_request_reaching_the_controller_after_its_engine_died_says_it_died(
    tmp_path: Path,
) -> None:
    """A request sent while the engine dies may reach the controller after the engine was
    dropped (the client had not heard yet): its error still says that the engine died."""
    cluster = Cluster(n=1, profile_dir=str(tmp_path))
    rc = cluster.start_and_connect_sync()
    try:
        pid = rc[0].apply_sync(os.getpid)
        engine_uuid = rc._engines[0]
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while 0 in rc.ids and time.monotonic() < deadline:
            rc.spin(0.05)
        assert rc.ids == []
        rc._engines[0] = engine_uuid  # as a client the notification has not reached yet
        result = rc[0].apply_async(os.getpid)
        with pytest.raises(EngineError) as caught:
            result.get(timeout=30)
        assert caught.value.evalue == (
            f"Engine 0 died before request {result.msg_id!r} reached it: its process {pid} ended"
        )
    finally:
        cluster.stop_cluster_sync()
