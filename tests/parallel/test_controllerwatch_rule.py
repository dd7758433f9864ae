"""The controller watch's rule and thread, without sockets."""

from __future__ import annotations

import threading

from jovi.parallel.controllerwatch import ControllerWatch, check_interval, silent_for


def test_silence_counts_from_the_last_beat_and_a_zero_timeout_never_gives_up() -> None:
    assert silent_for(last_beat=10.0, now=12.9, timeout=3.0) is None
    assert silent_for(last_beat=10.0, now=13.0, timeout=3.0) == 3.0
    assert silent_for(last_beat=10.0, now=1e9, timeout=0.0) is None


def test_the_watch_looks_at_most_every_second() -> None:
    assert check_interval(120.0) == 1.0
    assert check_interval(2.0) == 0.5


def test_the_watch_calls_once_when_the_beats_stop_and_never_while_they_come() -> None:
    now = [0.0]
    last = [0.0]
    called: list[float] = []
    done = threading.Event()

    def on_silence(silence: float) -> None:
        called.append(silence)
        done.set()

    watch = ControllerWatch(lambda: last[0], 0.04, on_silence, clock=lambda: now[0])
    watch.start()
    try:
        now[0] = last[0] = 100.0  # beating: the clock and the beats move together
        assert not done.wait(0.1)
        now[0] = 100.05  # silent for longer than the timeout
        assert done.wait(10)
    finally:
        watch.stop()
    assert len(called) == 1
    assert called[0] >= 0.04


def test_a_zero_timeout_starts_no_thread() -> None:
    watch = ControllerWatch(lambda: 0.0, 0.0, lambda _s: None, clock=lambda: 1e9)
    watch.start()
    assert not [t for t in threading.enumerate() if t.name == "jovi-controller-watch"]
    watch.stop()
