"""The kernel's interrupt gate: what SIGINT does, and SIGINTs the main thread missed."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from jovi.kernel.lifetime import REDELIVER_AFTER_S, InterruptGate, SigintLedger


def test_the_ledger_owes_a_sigint_until_the_handler_has_run_for_it():
    ledger = SigintLedger()
    ledger.read(1)
    ledger.settle(0)
    assert ledger.owed == 1  # the handler never ran
    ledger.settle(1)
    assert ledger.owed == 0


def test_the_ledger_counts_a_handler_run_before_the_watch_read_the_sigint():
    ledger = SigintLedger()
    ledger.read(1)
    ledger.settle(2)  # a second SIGINT came and was handled before the watch read it
    assert ledger.owed == -1
    ledger.read(1)
    ledger.settle(2)
    assert ledger.owed == 0


def test_the_ledger_does_not_owe_a_resent_sigint_twice():
    ledger = SigintLedger()
    ledger.read(1)
    ledger.settle(0)
    ledger.resend()  # the main thread was stuck: sent again, its byte comes back
    ledger.read(1)
    ledger.settle(0)
    assert ledger.owed == 1
    ledger.resend()
    ledger.read(1)
    ledger.settle(1)  # one run for all of them (Python runs a pending handler once)
    assert ledger.owed == 0


def test_two_sigints_the_handler_ran_once_for_leave_one_owed():
    ledger = SigintLedger()
    ledger.read(2)
    ledger.settle(1)
    assert ledger.owed == 1
    ledger.resend()
    ledger.read(1)
    ledger.settle(2)
    assert ledger.owed == 0


def test_a_sigint_counts_as_missed_only_while_code_runs_and_no_handler_ran_for_it():
    gate = InterruptGate()
    previous = signal.signal(signal.SIGINT, gate._handle)
    try:
        gate._ledger.read(1)
        assert not gate.missed()  # idle: nothing to interrupt
        gate.open = True
        assert gate.missed()  # the handler never ran
        gate.handled += 1
        assert not gate.missed()
        gate._ledger.read(1)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        assert not gate.missed()  # the user's own handler took it
        signal.signal(signal.SIGINT, gate._handle)
        assert not gate.missed()  # and it is not owed later
    finally:
        signal.signal(signal.SIGINT, previous)


def test_the_handler_counts_its_runs_and_raises_only_while_open():
    gate = InterruptGate()
    gate._handle(signal.SIGINT, None)
    assert (gate.ignored, gate.handled) == (1, 1)
    gate.open = True
    with pytest.raises(KeyboardInterrupt):
        gate._handle(signal.SIGINT, None)
    assert gate.handled == 2


def test_a_sigint_while_closed_is_kept_for_the_cell_the_gate_aims_at_and_ends_it():
    gate = InterruptGate()
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
    gate = InterruptGate()
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


def test_one_sigint_interrupts_once_when_the_watch_reads_it_late():
    # Under load the watch may read a SIGINT long after the main thread handled it.
    # Here the main thread keeps the interpreter (a long switch interval, a busy loop)
    # for 0.2 s after its handler ran (the old rule allowed 50 ms); the watch then reads
    # the SIGINT and must see that it was handled, not send it again.
    gate = InterruptGate()
    gate.install()
    interrupts = 0
    previous_interval = sys.getswitchinterval()
    try:
        gate.open = True
        sys.setswitchinterval(1.0)
        with pytest.raises(KeyboardInterrupt):  # raised at the next bytecode
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        interrupts += 1
        spin_until = time.monotonic() + 0.2
        while time.monotonic() < spin_until:  # the watch waits for the interpreter
            pass
        sys.setswitchinterval(previous_interval)
        waited = threading.Event()
        deadline = time.monotonic() + 10 * REDELIVER_AFTER_S + 0.5
        while time.monotonic() < deadline:
            try:
                waited.wait(deadline - time.monotonic())  # a second SIGINT would end this
            except KeyboardInterrupt:
                interrupts += 1
        assert (interrupts, gate.redelivered) == (1, 0)
    finally:
        sys.setswitchinterval(previous_interval)
        gate.open = False
        gate.uninstall()


def test_a_sigint_handler_of_the_users_own_gets_each_sigint_once():
    # Code in a cell may install its own SIGINT handler; the gate's handler then never
    # runs, and the gate must not take every SIGINT for a missed one and send it again.
    gate = InterruptGate()
    gate.install()
    calls: list[int] = []
    try:
        gate.open = True
        signal.signal(signal.SIGINT, lambda signum, frame: calls.append(signum))
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        threading.Event().wait(10 * REDELIVER_AFTER_S + 0.3)  # time for redeliveries
        assert (calls, gate.redelivered) == ([signal.SIGINT], 0)
    finally:
        signal.signal(signal.SIGINT, gate._handle)
        gate.open = False
        gate.uninstall()
