"""BroadcastView: one message to the controller, copied to each engine; on one
machine, large data shared through memory (written once, mapped read-only by each
engine, the file removed once every engine answered)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np
import pytest

from jovi.parallel import CompositeError, interactive
from jovi.parallel.sharedbuffers import SHARED_BYTES, SHM_DIR

if TYPE_CHECKING:
    from jovi.parallel import Client

pytestmark = pytest.mark.integration


def _my_files() -> list[str]:
    return [p.name for p in SHM_DIR.iterdir() if p.name.startswith(f"jovi-{os.getpid()}-")]


@interactive  # sent by value: the engines cannot import this module in a clean clone
def _describe(name: str) -> tuple[int, bool, float, str]:
    value = globals()[name]
    base = value
    while getattr(base, "base", None) is not None:
        base = base.base
    if isinstance(base, memoryview):
        base = base.obj
    return os.getpid(), bool(value.flags.writeable), float(value.sum()), type(base).__name__


def test_a_large_push_is_shared_through_memory_and_the_file_removed(rc: Client) -> None:
    data = np.arange(SHARED_BYTES // 4, dtype="float64")  # twice the threshold
    view = rc.broadcast_view()
    sent_before = len(rc.history)
    view.push({"shared": data}, block=True)
    assert len(rc.history) - sent_before == 4  # one msg_id per engine
    described = view.apply_sync(_describe, "shared")
    assert len({pid for pid, *_ in described}) == 4
    assert all(not writeable for _, writeable, _, _ in described)  # read-only, as received
    assert {total for _, _, total, _ in described} == {float(data.sum())}
    assert {kind for *_, kind in described} == {"mmap"}  # the engines map one file
    assert _my_files() == []  # removed once every engine answered


def test_small_data_and_calls_go_through_the_controller_once(rc: Client) -> None:
    view = rc.broadcast_view()
    result = view.apply_async(os.getpid)
    pids = result.get(timeout=30)
    assert len(set(pids)) == 4
    assert len(set(result.msg_ids)) == 4
    assert [rc.metadata[m]["engine_id"] for m in result.msg_ids] == rc.ids
    records = rc.db_query({"msg_id": {"$in": result.msg_ids}}, keys=["msg_id", "engine_uuid"])
    assert {r["msg_id"] for r in records} == set(result.msg_ids)  # each engine's copy is recorded


def test_an_error_on_one_engine_is_that_engines(rc: Client) -> None:
    @interactive
    def fail_on_first(first: int) -> int:
        import os

        if os.getpid() == first:
            raise ValueError("only here")
        return 1

    first_pid = rc[rc.ids[0]].apply_sync(os.getpid)
    with pytest.raises(CompositeError) as raised:
        rc.broadcast_view().apply_sync(fail_on_first, first_pid)
    [(engine, error)] = [(e.engine_id, e) for e in raised.value.elist]
    assert engine == rc.ids[0]
    assert error.ename == "ValueError"


def test_a_broadcast_keeps_the_order_after_data_sent_straight(rc: Client) -> None:
    big = np.ones((1 << 20) // 8 + 1)  # sent straight to each engine by a DirectView
    direct = rc[:]
    direct.push({"ordered": big}, block=False)
    totals = rc.broadcast_view().apply_sync(lambda: float(ordered.sum()))  # type: ignore[name-defined]  # noqa: F821
    assert totals == [float(big.sum())] * 4
