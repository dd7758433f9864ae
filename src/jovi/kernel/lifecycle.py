"""The kernel's life cycle: its states, the events that move it, and who may finish it.

Everything that changes the kernel's state lives in this module, in one table of
transitions, and is tested without threads.  Three threads feed it events (the main
thread as it serves requests, the I/O thread as shutdown requests arrive and timers
fire, the thread watching the parent process); one lock makes each event atomic.

=============  ================================================================
state          meaning
=============  ================================================================
``starting``   the sockets answer (``kernel_info``); the shell is being built
``idle``       the main shell serves nothing
``busy``       the main shell serves a request
``stopping``   a shutdown was asked for; the main shell finishes what it runs
``stopped``    the shutdown reply is sent (once); the sockets close
=============  ================================================================

The shutdown reply may be sent by two parties: the main thread when it has
finished, or the I/O thread when the shutdown grace period ends first.
:meth:`Lifecycle.finish` is a compare-and-set from ``stopping`` to ``stopped``: exactly
one of them gets ``True`` and sends it.
"""

from __future__ import annotations

import enum
import threading
from typing import Final

from jovi.errors import JoviError

__all__ = ["TRANSITIONS", "KernelEvent", "KernelState", "Lifecycle", "LifecycleError"]


class KernelState(enum.Enum):
    """Where the kernel is in its life."""

    STARTING = "starting"
    IDLE = "idle"
    BUSY = "busy"
    STOPPING = "stopping"
    STOPPED = "stopped"


class KernelEvent(enum.Enum):
    """What happens to the kernel."""

    SHELL_READY = "the shell is ready"
    MAIN_STARTED = "the main shell started a request"
    MAIN_FINISHED = "the main shell finished a request"
    SHUTDOWN = "a shutdown was asked for"
    FINISH = "the shutdown reply is sent"


_S, _E = KernelState, KernelEvent

TRANSITIONS: Final[dict[tuple[KernelState, KernelEvent], KernelState]] = {
    (_S.STARTING, _E.SHELL_READY): _S.IDLE,
    (_S.STARTING, _E.SHUTDOWN): _S.STOPPING,
    (_S.IDLE, _E.MAIN_STARTED): _S.BUSY,
    (_S.IDLE, _E.SHUTDOWN): _S.STOPPING,
    (_S.BUSY, _E.MAIN_FINISHED): _S.IDLE,
    (_S.BUSY, _E.SHUTDOWN): _S.STOPPING,
    # A second shutdown request is answered; a request running when the shutdown came
    # finishes; a shell finished building after it is not used.
    (_S.STOPPING, _E.SHUTDOWN): _S.STOPPING,
    (_S.STOPPING, _E.MAIN_STARTED): _S.STOPPING,  # the request is then dropped
    (_S.STOPPING, _E.MAIN_FINISHED): _S.STOPPING,
    (_S.STOPPING, _E.SHELL_READY): _S.STOPPING,
    (_S.STOPPING, _E.FINISH): _S.STOPPED,
    (_S.STOPPED, _E.SHUTDOWN): _S.STOPPED,
    (_S.STOPPED, _E.MAIN_FINISHED): _S.STOPPED,
}
"""Every allowed transition; any other event in a state is a bug (:class:`LifecycleError`)."""


class LifecycleError(JoviError):
    """An event that cannot happen in the kernel's current state (a bug in jovi)."""


class Lifecycle:
    """The kernel's state, moved by events from any thread.

    Attributes:
        main_running: Whether the main shell is serving a request (also while
            stopping: a shutdown waits for it).
    """

    def __init__(self) -> None:
        self._state = KernelState.STARTING
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self.main_running = False

    @property
    def state(self) -> KernelState:
        """The current state."""
        return self._state

    @property
    def stopping(self) -> bool:
        """Whether a shutdown was asked for (the kernel takes no new requests)."""
        return self._state in (KernelState.STOPPING, KernelState.STOPPED)

    def fire(self, event: KernelEvent) -> KernelState:
        """Apply ``event``; return the new state.

        Raises:
            LifecycleError: ``event`` is not allowed in the current state.
        """
        with self._lock:
            return self._apply(event)

    def finish(self) -> bool:
        """Move from ``stopping`` to ``stopped``; True for the one caller that did it."""
        with self._lock:
            if self._state is not KernelState.STOPPING:
                return False
            self._apply(KernelEvent.FINISH)
            return True

    def wait_for(self, state: KernelState, timeout: float | None = None) -> bool:
        """Wait until the kernel is in ``state``; False if ``timeout`` seconds pass first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._state is state, timeout)

    def _apply(self, event: KernelEvent) -> KernelState:
        new = TRANSITIONS.get((self._state, event))
        if new is None:
            raise LifecycleError(
                f"the kernel cannot handle '{event.value}' while {self._state.value}"
            )
        if event is KernelEvent.MAIN_STARTED:
            self.main_running = True
        elif event is KernelEvent.MAIN_FINISHED:
            self.main_running = False
        self._state = new
        self._changed.notify_all()
        return new
