"""Large data and pulls go straight to the engine's shell: in order with the requests
sent through the controller, and failed by the client when their engine dies."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

import numpy
import pytest

from jovi.parallel import Cluster, EngineError
from tests.parallel.markers import started_then_sleeps, wait_for

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.parallel import Client

pytestmark = pytest.mark.integration


def test_a_large_push_goes_straight_and_stays_in_order(rc: Client) -> None:
    big = numpy.arange(1 << 18, dtype=numpy.float64)  # 2 MB
    engine = rc[0]
    # Through the controller, and surely unanswered when the push is sent (a bare
    # "a = 0" was once answered first, and the push then rightly went straight).
    engine.execute("import time; time.sleep(1); a = 0", block=False)
    pushed = engine.push({"a": big}, block=False)  # waits for its turn on that path
    total = engine.apply_async(lambda: float(a.sum()))  # type: ignore[name-defined]  # noqa: F821
    assert total.get(timeout=30) == float(big.sum())
    pushed.get(timeout=30)
    straight = rc[1].push({"b": big}, block=False)
    straight.get(timeout=30)
    assert rc.db_query({"msg_id": straight.msg_id}) == []  # the controller never saw it
    assert rc.db_query({"msg_id": pushed.msg_id}) != []  # that one kept the order
    assert float(rc[1].pull("b", block=True).sum()) == float(big.sum())
    after = rc[1].apply_async(lambda: "after")  # small, after the pull: in order too
    assert after.get(timeout=30) == "after"


def test_a_request_sent_straight_fails_when_its_engine_dies(tmp_path: Path) -> None:
    with Cluster(n=1, profile_dir=str(tmp_path), controller_args=("--hb-period=0.2",)) as rc:
        pid = rc[0].apply_sync(os.getpid)
        data = os.urandom(2 << 20)
        marker = tmp_path / "started"
        slow = rc[0].apply_async(started_then_sleeps(marker, 60), data)
        wait_for(marker)
        assert rc.db_query({"msg_id": slow.msg_id}) == []  # sent straight
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(EngineError, match="died"):
            slow.get(timeout=30)
