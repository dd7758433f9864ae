"""The kernel's life cycle: every transition of the table, and nothing else, without threads."""

from __future__ import annotations

import itertools

import pytest

from jovi.kernel.lifecycle import (
    TRANSITIONS,
    KernelEvent,
    KernelState,
    Lifecycle,
    LifecycleError,
)

S, E = KernelState, KernelEvent


def _at(state: KernelState) -> Lifecycle:
    """A life cycle brought to ``state`` through allowed events."""
    lifecycle = Lifecycle()
    path = {
        S.STARTING: [],
        S.IDLE: [E.SHELL_READY],
        S.BUSY: [E.SHELL_READY, E.MAIN_STARTED],
        S.STOPPING: [E.SHUTDOWN],
        S.STOPPED: [E.SHUTDOWN, E.FINISH],
    }[state]
    for event in path:
        lifecycle.fire(event)
    assert lifecycle.state is state
    return lifecycle


@pytest.mark.parametrize(("state", "event"), list(itertools.product(S, E)))
def test_each_event_in_each_state_moves_as_the_table_says_or_is_refused(state, event):
    lifecycle = _at(state)
    expected = TRANSITIONS.get((state, event))
    if expected is None:
        with pytest.raises(LifecycleError, match=f"cannot handle '{event.value}' while"):
            lifecycle.fire(event)
        assert lifecycle.state is state  # a refused event changes nothing
    else:
        assert lifecycle.fire(event) is expected


def test_a_kernel_lives_from_start_to_stop():
    lifecycle = Lifecycle()
    states = [
        lifecycle.fire(event)
        for event in (
            E.SHELL_READY,
            E.MAIN_STARTED,
            E.MAIN_FINISHED,
            E.MAIN_STARTED,
            E.SHUTDOWN,
            E.MAIN_FINISHED,
        )
    ]
    assert states == [S.IDLE, S.BUSY, S.IDLE, S.BUSY, S.STOPPING, S.STOPPING]
    assert lifecycle.finish() is True
    assert lifecycle.state is S.STOPPED


def test_only_one_party_finishes_a_shutdown():
    # The main thread ending and the grace period ending may both try: one sends the reply.
    lifecycle = _at(S.STOPPING)
    assert [lifecycle.finish(), lifecycle.finish()] == [True, False]
    assert _at(S.BUSY).finish() is False  # nothing to finish before a shutdown


def test_main_running_follows_the_main_shell_also_while_stopping():
    lifecycle = _at(S.BUSY)
    assert lifecycle.main_running
    lifecycle.fire(E.SHUTDOWN)
    assert lifecycle.main_running  # the shutdown waits for it
    lifecycle.fire(E.MAIN_FINISHED)
    assert not lifecycle.main_running
    assert lifecycle.stopping


def test_a_request_started_after_a_shutdown_leaves_the_kernel_stopping():
    lifecycle = _at(S.STOPPING)
    assert lifecycle.fire(E.MAIN_STARTED) is S.STOPPING  # the kernel then drops it


def test_waiting_for_a_state_returns_at_once_when_there_and_times_out_otherwise():
    lifecycle = _at(S.STOPPED)
    assert lifecycle.wait_for(S.STOPPED, timeout=0)
    assert not _at(S.IDLE).wait_for(S.STOPPED, timeout=0.01)
