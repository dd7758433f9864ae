"""An engine's watch on its controller: when no heartbeat has come from the controller
for ``timeout`` seconds, the engine shuts down.

The controller's heart monitor is the only peer that sends an engine beats (one every
``hb_period``, a second by default), so their silence means the controller is gone:
killed, its machine down, or the network between them cut.  Without the watch such an
engine would wait for ever, holding its memory and, on a batch system, its allocation.
A controller restarted with ``--restore`` within the timeout takes the engine back.

:func:`silent_for` is the rule (no I/O, tested alone); :class:`ControllerWatch` runs it
on a thread of its own, reading the time of the last beat from the engine's heartbeat
(:attr:`~jovi.transport.zmq.heartbeat.Heartbeat.last_beat`).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Final

from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["ControllerWatch", "check_interval", "silent_for"]

_LONGEST_CHECK_S: Final = 1.0


def silent_for(last_beat: float, now: float, timeout: float) -> float | None:
    """How long the controller has been silent, when that is ``timeout`` or more (None:
    it is not, or ``timeout`` is 0, which means never give up)."""
    silence = now - last_beat
    if timeout <= 0 or silence < timeout:
        return None
    return silence


def check_interval(timeout: float) -> float:
    """How often the watch looks: a quarter of the timeout, at most a second."""
    return min(_LONGEST_CHECK_S, timeout / 4)


class ControllerWatch:
    """Calls ``on_silence(seconds)`` once, on a thread of its own, when ``last_beat()``
    is ``timeout`` seconds old or more.

    Args:
        last_beat: When the controller's last beat arrived (``time.monotonic()``).
        timeout: Seconds of silence to wait (0: never give up; the watch does not start).
        on_silence: What to do then (the engine shuts down).
        clock: "Now" (the engine's: when its heartbeat thread last looked for beats).
    """

    def __init__(
        self,
        last_beat: Callable[[], float],
        timeout: float,
        on_silence: Callable[[float], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._last_beat = last_beat
        self.timeout = timeout
        self._on_silence = on_silence
        self._clock = clock
        self._stopped = threading.Event()
        self._threads = OwnedThreads("the controller watch")

    def start(self) -> None:
        """Start watching (nothing when the timeout is 0)."""
        if self.timeout > 0:
            self._threads.start(self._run, name="jovi-controller-watch")

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop watching and join the thread."""
        self._stopped.set()
        self._threads.join(timeout)

    def _run(self) -> None:
        interval = check_interval(self.timeout)
        while not self._stopped.wait(interval):
            # "Now" first: a beat noted between the two reads makes the silence shorter,
            # never longer.
            now = self._clock()
            silence = silent_for(self._last_beat(), now, self.timeout)
            if silence is not None:
                self._on_silence(silence)
                return
