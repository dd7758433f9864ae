"""The kernel's interrupt gate: what SIGINT does, and SIGINTs the main thread missed."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from jovi.kernel.lifetime import HANDLED_SLACK_S, InterruptGate


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_sigint_counts_as_missed_only_while_code_runs_and_no_handler_ran_for_it():
    clock = Clock()
    gate = InterruptGate(clock=clock)
    assert not gate.missed(clock.now)  # idle: nothing to interrupt
    gate.open = True
    assert gate.missed(clock.now)  # the handler never ran
    gate.last_handled = clock.now - HANDLED_SLACK_S / 2  # ran just before the watch read it
    assert not gate.missed(clock.now)
    clock.now += 10
    assert gate.missed(clock.now)  # a later SIGINT, and the handler ran long ago
    gate.open = False
    assert not gate.missed(clock.now)


def test_the_handler_notes_when_it_ran_and_raises_only_while_open():
    clock = Clock()
    gate = InterruptGate(clock=clock)
    gate._handle(signal.SIGINT, None)
    assert (gate.ignored, gate.last_handled) == (1, 100.0)
    gate.open = True
    clock.now = 101.0
    with pytest.raises(KeyboardInterrupt):
        gate._handle(signal.SIGINT, None)
    assert gate.last_handled == 101.0


def test_a_sigint_while_closed_is_kept_for_the_cell_the_gate_aims_at_and_ends_it():
    gate = InterruptGate(clock=Clock())
    asked = []

    def aim(entered):
        asked.append(entered)
        return "cell-2"

    gate.aim = aim
    assert gate.enter("cell-1")  # nothing kept: open
    gate.open = False
    gate._handle(signal.SIGINT, None)
    assert (asked, gate.kept_for, gate.ignored) == (["cell-1"], "cell-2", 0)
    assert not gate.enter("cell-2")  # kept for it: it must not run
    assert (gate.open, gate.kept_for) == (False, None)
    assert gate.enter("cell-3")  # a later cell runs


def test_a_sigint_while_closed_with_no_cell_to_aim_at_is_ignored():
    gate = InterruptGate(clock=Clock())
    gate.aim = lambda entered: None
    gate._handle(signal.SIGINT, None)
    assert (gate.kept_for, gate.ignored) == (None, 1)
    assert gate.enter("cell-1")


def test_install_and_uninstall_leave_the_signal_module_as_they_found_it():
    before_handler = signal.getsignal(signal.SIGINT)
    gate = InterruptGate()
    gate.install()
    watches = [t for t in threading.enumerate() if t.name == "jovi-interrupt-watch"]
    assert len(watches) == 1
    gate.uninstall()
    assert signal.getsignal(signal.SIGINT) is before_handler
    assert signal.set_wakeup_fd(-1) == -1  # no wake-up file left behind
    assert not watches[0].is_alive()


def test_a_sigint_another_thread_took_reaches_the_main_thread_waiting():
    gate = InterruptGate()
    gate.install()
    try:
        gate.open = True
        released = threading.Event()

        main = threading.main_thread().native_id

        def take_it() -> None:  # once the main thread waits (asleep in the kernel)
            deadline = time.monotonic() + 10
            while _state(main) != "S" and time.monotonic() < deadline:
                time.sleep(0.001)
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)

        taker = threading.Thread(target=take_it)
        with pytest.raises(KeyboardInterrupt):
            taker.start()
            released.wait(10)  # only the gate's second SIGINT ends this wait
        taker.join()
        assert gate.redelivered == 1
    finally:
        gate.open = False
        gate.uninstall()


def _state(native_id: int | None) -> str:
    """A thread's scheduling state from /proc ("R" running, "S" asleep ...)."""
    stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0]
