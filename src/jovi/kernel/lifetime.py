"""Signals and process lifetime: interrupting user code, dying with the parent.

* :class:`InterruptGate`: SIGINT raises ``KeyboardInterrupt`` in the main thread only
  while user code runs (and the gate's watch tells the kernel of a SIGTERM, whichever
  thread took it); an idle kernel ignores it (a kernel manager always interrupts
  before it asks for shutdown, and that must not kill an idle kernel).  A SIGINT that
  comes while the main shell has a cell to run but runs no user code (between two
  queued cells, or before a cell sent a moment ago starts) is kept for that cell,
  which then ends with ``KeyboardInterrupt`` before it runs: the user interrupted the
  work they had sent, and a loaded machine must not decide which.  It also sees
  every SIGINT that reaches the process, through the signal module's wake-up file, and
  sends one to the main thread again when the main thread's handler did not run: a
  SIGINT can arrive without it, when another thread takes it or when CPython 3.11 lets
  another thread's check for pending calls hide it from the main thread (an interrupt
  sent just as a cell printed was lost that way, the cell sleeping on).  Whether the
  handler ran for a SIGINT is counted (:class:`SigintLedger`), not timed: on a loaded
  machine the watch may read a SIGINT long after the handler ran for it, and a time
  window then took it for a missed one and interrupted the cell a second time.  While
  user code has a SIGINT handler of its own, the gate sends nothing again: that
  handler takes the SIGINTs (it was called fifty times a second for one).
* :func:`interrupt_main_thread`: the ``interrupt_request`` message does what the signal
  does, by sending SIGINT to the main thread (which also wakes it from ``sleep``).
* :func:`sigint_blocked`: threads started inside it never receive SIGINT, so the
  signal always reaches the main thread.
* :class:`ParentWatch`: the kernel exits when the process that started it
  (``JPY_PARENT_PID``) dies.  On Linux it waits on a pidfd (no polling); elsewhere it
  checks once a second.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
from typing import TYPE_CHECKING, Any, Final

from jovi.utils.threads import OwnedThreads, sigint_blocked

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType

__all__ = [
    "InterruptGate",
    "ParentWatch",
    "SigintLedger",
    "interrupt_main_thread",
    "sigint_blocked",
]

_POLL_S = 1.0


REDELIVER_AFTER_S: Final = 0.02
"""How long after the watch read a SIGINT it checks that the main thread handled it."""


class SigintLedger:
    """Counts the SIGINTs the main thread's handler has not run for yet (no I/O, no clock).

    Every SIGINT writes one byte to the signal module's wake-up file, which the watch
    reads, and makes the handler run once on the main thread, before or after that
    read; two SIGINTs close together may make it run only once.  The watch adds what it
    reads (:meth:`read`) and, when it checks, the handler's count of runs
    (:meth:`settle`): what remains is owed.  A SIGINT the watch sent again writes a
    byte too; :meth:`resend` notes it so that its byte is not owed a second time.
    """

    def __init__(self) -> None:
        self.owed = 0
        """SIGINTs read for which the handler has not run (below zero: it has run for
        SIGINTs whose bytes are not read yet)."""
        self._handled_seen = 0
        self._resent = 0

    def read(self, count: int) -> None:
        """The watch read ``count`` SIGINT bytes."""
        own = min(count, self._resent)
        self._resent -= own
        self.owed += count - own

    def settle(self, handled: int) -> None:
        """The handler has run ``handled`` times in all."""
        self.owed -= handled - self._handled_seen
        self._handled_seen = handled

    def forgive(self) -> None:
        """Owe nothing: another handler took the SIGINTs read so far."""
        self.owed = 0

    def resend(self) -> None:
        """The watch sends a SIGINT again: its byte is not a new one."""
        self._resent += 1


class InterruptGate:
    """Decides what SIGINT does in the main thread.

    While :attr:`open`, SIGINT raises ``KeyboardInterrupt``; otherwise it is ignored.
    When it arrives while the main thread's event loop waits (a cell awaits
    something), raising there would stop the loop, not the cell: the gate calls
    :attr:`while_waiting` instead, which cancels the awaiting cell.
    """

    def __init__(self) -> None:
        self.open = False
        self.ignored = 0
        """How many interrupts arrived while no user code ran."""
        self.while_waiting: Callable[[], None] | None = None
        """Interrupts a cell whose event loop waits (cancels it)."""
        self.handled = 0
        """How many times the main thread's handler has run."""
        self.redelivered = 0
        """How many SIGINTs the gate sent again because the main thread missed them."""
        self.aim: Callable[[str | None], str | None] | None = None
        """Names the cell a SIGINT arriving while no user code runs is kept for (the
        main shell's first cell not yet entered; the argument is the last cell
        entered), or None: the SIGINT is ignored.  Runs in the signal handler, on the
        main thread: it must take no lock."""
        self.kept_for: str | None = None
        """The cell (its request's ``msg_id``) a SIGINT was kept for."""
        self.entered: str | None = None
        """The cell the gate was last opened for."""
        self.on_terminate: Callable[[], None] | None = None
        """Called on the watch's thread when a SIGTERM arrives.  Python runs a signal's
        handler on the main thread only, when it next runs bytecode; the system may
        give the signal to another thread, and an idle kernel's main thread sleeps in
        its event loop until something wakes it.  The watch sees every signal."""
        self._ledger = SigintLedger()  # the watch's own
        self._previous: Any = None
        self._wakeup: tuple[int, int] | None = None  # the watch's pipe (read, write)
        self._previous_wakeup_fd = -1
        self._closing = threading.Event()
        self._threads = OwnedThreads("the interrupt gate")

    def install(self) -> None:
        """Become the SIGINT handler and start watching for SIGINTs (main thread only)."""
        self._previous = signal.signal(signal.SIGINT, self._handle)
        read, write = os.pipe()
        os.set_blocking(write, False)
        self._previous_wakeup_fd = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        self._wakeup = (read, write)
        self._closing.clear()
        self._threads.start(self._watch, read, name="jovi-interrupt-watch")

    def uninstall(self) -> None:
        """Give SIGINT back to the handler it had before; stop watching."""
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self._wakeup is not None:
            read, write = self._wakeup
            self._wakeup = None
            with contextlib.suppress(ValueError):  # another wake-up file was set meanwhile
                signal.set_wakeup_fd(self._previous_wakeup_fd)
            self._closing.set()
            os.close(write)  # the watch reads the end of the file and returns
            self._threads.join()
            os.close(read)

    def enter(self, cell: str) -> bool:
        """Open for ``cell`` (its request's ``msg_id``) on the main thread; False, and
        stay closed, when a SIGINT was kept for it (it must not run)."""
        self.open = True  # from here a SIGINT raises: the caller's cell ends with it
        self.entered = cell
        if self.kept_for == cell:
            self.open = False
            self.kept_for = None
            return False
        return True

    def missed(self) -> bool:
        """Whether user code runs and the main thread's handler has not run for every
        SIGINT the watch read (on the watch's thread).  Never while the user's code has
        a SIGINT handler of its own: that one took them."""
        self._ledger.settle(self.handled)
        if signal.getsignal(signal.SIGINT) != self._handle:
            self._ledger.forgive()
            return False
        return self.open and self._ledger.owed > 0

    def _watch(self, read: int) -> None:
        """Read the signal numbers the signal module writes; send a SIGINT the main
        thread missed to it again (on the watch's thread)."""
        while True:
            try:
                data = os.read(read, 512)
            except OSError:
                return
            if not data:
                return
            on_terminate = self.on_terminate
            if signal.SIGTERM in data and on_terminate is not None:
                on_terminate()
            sigints = data.count(signal.SIGINT)
            if sigints:
                self._ledger.read(sigints)
                if self._closing.wait(REDELIVER_AFTER_S):
                    return
                if self.missed():
                    self.redelivered += 1
                    self._ledger.resend()
                    interrupt_main_thread()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        del signum
        self.handled += 1
        if not self.open:
            kept_for = self.aim(self.entered) if self.aim is not None else None
            if kept_for is None:
                self.ignored += 1
            else:
                self.kept_for = kept_for
            return
        if self.while_waiting is not None and _in_event_loop_wait(frame):
            self.while_waiting()
            return
        raise KeyboardInterrupt


def _in_event_loop_wait(frame: FrameType | None) -> bool:
    """Whether ``frame`` is the event loop's own code (waiting in ``selectors``, or
    between callbacks in ``asyncio``), rather than a cell's."""
    if frame is None:
        return False
    filename = frame.f_code.co_filename.replace("\\", "/")
    return filename.endswith("/selectors.py") or "/asyncio/" in filename


def interrupt_main_thread() -> None:
    """Send SIGINT to the main thread (as Ctrl-C in a terminal would)."""
    ident = threading.main_thread().ident
    if ident is not None:
        signal.pthread_kill(ident, signal.SIGINT)


class ParentWatch:
    """Calls ``on_death`` (on a thread of its own) when process ``pid`` ends.

    Args:
        pid: The parent's process id (``JPY_PARENT_PID``).
        on_death: What to do then (the kernel shuts down).
    """

    def __init__(self, pid: int, on_death: Callable[[], None]) -> None:
        self.pid = pid
        self._on_death = on_death
        self._original_ppid = os.getppid()
        self._released = False
        self._threads = OwnedThreads("the parent watch")

    def start(self) -> None:
        """Start watching (for the rest of the process: the thread waits on the parent and
        is not joined; the process exits with it or when the parent dies)."""
        self._threads.start(self._run, name="jovi-parent-watch")

    def release(self) -> None:
        """Let the kernel outlive its parent (the user left with ``exit(keep_kernel=True)``)."""
        self._released = True

    def _run(self) -> None:
        pidfd_open = getattr(os, "pidfd_open", None)
        descriptor = None
        if pidfd_open is not None:
            with contextlib.suppress(OSError):
                descriptor = pidfd_open(self.pid)
        if descriptor is not None:
            with contextlib.suppress(OSError, ValueError):
                select.select([descriptor], [], [])
            os.close(descriptor)
        else:
            event = threading.Event()
            from jovi.utils.processes import pid_running  # noqa: PLC0415 - on the watch thread

            while pid_running(self.pid) and not self._reparented():
                event.wait(_POLL_S)
        if not self._released:
            self._on_death()

    def _reparented(self) -> bool:
        # Our own parent was the watched process and we were handed to another.
        return self._original_ppid == self.pid and os.getppid() != self.pid
