"""Watching a kernel and starting it again when it dies.

A :class:`KernelRestarter` watches one :class:`~jovi.kernels.KernelManager`'s kernel
on a thread of its own, two ways:

* its process: the thread sleeps until the process ends (a pidfd on Linux, so a
  ``kill -9`` is noticed at once; elsewhere it looks every :data:`PROCESS_POLL_S`
  seconds);
* its heartbeat: a kernel whose process runs but whose heartbeat has not answered for
  ``time_to_dead`` seconds, after it did answer once, is dead too (stopped, hung
  below Python, on a machine that went away); it is killed before the restart.

Every decision (restart or give up, on which ports, when a row of restarts ends) is
made by a :class:`~jovi.kernels.restart_policy.RestartPolicy`, which does no I/O; the
thread only turns what it sees into the policy's events and carries out the
instructions it gets back.  A death is recorded with the manager first
(:meth:`~jovi.kernels.KernelManager.record_death`), so waiting clients learn of it
whatever comes next; then the ``died`` callbacks are called, the kernel is started
again and the ``restarted`` callbacks are called.  A kernel that keeps dying is
restarted at most ``restart_limit`` times in a row (a run of ``stable_start_time``
seconds ends the row); then the ``failed`` callbacks are called and watching stops.
A kernel that never answered is restarted on new ports (``random_ports_until_alive``),
in case another program took one of its ports.  A restart the manager was asked for
is not a death: the restarter watches the new process.  Callbacks run on the
restarter's thread, which :meth:`KernelRestarter.stop` joins.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Final

from jovi.config import Bool, Configurable, Float, Int
from jovi.kernels.restart_policy import (
    Finish,
    FireDied,
    FireFailed,
    FireRestarted,
    HeartbeatLost,
    KernelReplaced,
    ProcessDied,
    Restart,
    RestarterState,
    RestartFailed,
    RestartPolicy,
    RestartSucceeded,
    Start,
    Stop,
    Unwatch,
    Watch,
)
from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.client import HeartbeatMonitor
    from jovi.kernels.manager import KernelManager
    from jovi.kernels.process import KernelProcess
    from jovi.kernels.restart_policy import Event, Instruction

__all__ = ["EVENTS", "PROCESS_POLL_S", "STOP_WAIT_S", "KernelRestarter"]

log = get_logger("jovi.kernels")

PROCESS_POLL_S: Final = 0.1
"""How often the kernel's process is looked at where it cannot be waited for."""
STOP_WAIT_S: Final = 30.0
"""How long :meth:`KernelRestarter.stop` waits for the thread (a restart under way)."""

EVENTS: Final = ("died", "restarted", "failed")
_ALIASES: Final = {"restart": "restarted", "dead": "failed"}  # jupyter_client's names


class KernelRestarter(Configurable):
    """Restarts a manager's kernel when it dies.

    Args:
        manager: The manager whose kernel is watched.
        clock: The time in seconds the policy reads at starts and deaths (a row of
            restarts ends after ``stable_start_time`` of it); tests pass their own.
    """

    config_aliases = ("IOLoopKernelRestarter",)

    time_to_dead = Float(
        3.0,
        min=0.1,
        help="Seconds without a heartbeat after which a kernel whose process still runs "
        "is taken for dead (its process ending is noticed at once).",
    )
    restart_limit = Int(
        5, min=0, help="How many restarts in a row before giving up (the 'failed' event)."
    )
    random_ports_until_alive = Bool(
        True, help="Restart on new ports a kernel that never answered (a port may be taken)."
    )
    stable_start_time = Float(
        10.0, min=0.0, help="Seconds a restarted kernel must live to end a row of restarts."
    )
    use_heartbeat = Bool(True, help="Also take a silent heartbeat for a death.")
    debug = Bool(False, help="Log every event the restarter sees and what it does about it.")

    def __init__(
        self,
        manager: KernelManager,
        *,
        clock: Callable[[], float] = time.monotonic,
        **options: object,
    ) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.manager = manager
        self.policy = RestartPolicy(self, clock=clock)
        """The decisions; fed on the restarter's thread (under ``_policy_lock``)."""
        self._policy_lock = threading.Lock()
        self._callbacks: dict[str, list[Callable[[], object]]] = {event: [] for event in EVENTS}
        self._thread: threading.Thread | None = None
        self._threads = OwnedThreads("the restarter")
        self._stopping = threading.Event()
        self._inbox: _Inbox | None = None
        self._done = False  # the policy said Finish; the thread's loop ends
        # What is watched; touched by the restarter's thread only.
        self._generation = 0
        self._process: KernelProcess | None = None
        self._exit_fd: int | None = None
        self._heartbeat: HeartbeatMonitor | None = None

    # ------------------------------------------------------------------ callbacks

    def add_callback(self, callback: Callable[[], object], event: str = "restarted") -> None:
        """Call ``callback()`` on ``event``: ``died``, ``restarted`` or ``failed``
        (jupyter_client's ``restart`` and ``dead`` are accepted too).

        Raises:
            ValueError: not one of those events.
        """
        self._callbacks[_event(event)].append(callback)

    def remove_callback(self, callback: Callable[[], object], event: str = "restarted") -> None:
        """Stop calling ``callback`` on ``event``."""
        callbacks = self._callbacks[_event(event)]
        if callback in callbacks:
            callbacks.remove(callback)

    def _fire(self, event: str) -> None:
        for callback in tuple(self._callbacks[event]):
            try:
                callback()
            except Exception:
                log.exception("A %r restarter callback failed", event)

    # ------------------------------------------------------------------ the life cycle

    @property
    def state(self) -> RestarterState:
        """Watching, restarting, failed (gave up) or stopped."""
        return self.policy.state

    @property
    def restarts(self) -> int:
        """Restarts in the current row."""
        return self.policy.restarts

    @property
    def running(self) -> bool:
        """Whether the kernel is watched (the restarter's thread runs)."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start watching, a new row of restarts; return once the kernel is watched (a
        second call does nothing)."""
        if self.running:
            return
        self._stopping.clear()
        self._done = False
        self._inbox = _Inbox()
        began = threading.Event()
        self._thread = self._threads.start(
            self._run, self._inbox, began, name=f"jovi-kernel-restarter-{self.manager.kernel_id}"
        )
        began.wait()

    def stop(self) -> None:
        """Stop watching, and wait for the restarter's thread to end (a restart under way
        finishes first).  From a callback, watching stops when the callback returns."""
        self._stopping.set()
        if self._inbox is not None:
            self._inbox.wake()
        thread = self._thread
        if thread is threading.current_thread():
            return
        if thread is not None:
            thread.join(STOP_WAIT_S)
            if thread.is_alive():
                log.warning("the restarter's thread %s did not end; left behind", thread.name)
                return
            self._thread = None
        with self._policy_lock:
            self._carry_out(self.policy.handle(Stop()))  # failed or stopped: nothing runs

    def join(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds for watching to end (stopped, or failed) and
        the restarter's thread with it; whether it has."""
        thread = self._thread
        if thread is None:
            return True
        if thread is threading.current_thread():
            return False
        thread.join(timeout)
        return not thread.is_alive()

    # ------------------------------------------------------------------ the thread

    def _run(self, inbox: _Inbox, began: threading.Event) -> None:
        try:
            try:
                self._feed(Start())
            finally:
                began.set()
            while not self._done:
                self._feed(self._next_event(inbox))
        except Exception:
            log.exception("the restarter of the kernel %r failed", self.manager.kernel_name)
        finally:
            self._unwatch()
            inbox.close()

    def _feed(self, event: Event) -> None:
        """Hand ``event`` to the policy and carry out its instructions, and those of the
        outcomes they lead to; once :meth:`stop` is called, only stopping goes on."""
        pending: deque[Event] = deque([event])
        while pending:
            event = pending.popleft()
            if self._stopping.is_set():
                event = Stop()
                pending.clear()
            with self._policy_lock:
                instructions = self.policy.handle(event)
            if self.debug:
                log.debug("restarter: %s -> %s (%s)", event, instructions, self.policy.state.value)
            outcome = self._carry_out(instructions)
            if outcome is not None:
                pending.append(outcome)

    def _carry_out(self, instructions: list[Instruction]) -> Event | None:
        """Do ``instructions`` in order; the outcome of a restart, if one was done."""
        outcome: Event | None = None
        for instruction in instructions:
            if self._stopping.is_set() and not isinstance(instruction, (Unwatch, Finish)):
                continue  # stop() was called: nothing new is started or told
            match instruction:
                case Watch(heartbeat=heartbeat):
                    self._watch(heartbeat)
                case Unwatch():
                    self._unwatch()
                case FireDied(notice=notice):
                    log.warning("%s", notice)
                    self._fire("died")
                case Restart(newports=newports):
                    outcome = self._restart(newports)
                case FireRestarted():
                    self._fire("restarted")
                case FireFailed(reason=reason):
                    log.warning(
                        "the kernel %r %s; it is not started again",
                        self.manager.kernel_name,
                        reason,
                    )
                    self._fire("failed")
                case Finish():
                    self._done = True
        return outcome

    def _restart(self, newports: bool) -> Event:
        try:
            self.manager.restart(now=True, newports=newports)
        except Exception as error:  # noqa: BLE001 - the policy hears of it as a failed restart
            return RestartFailed(str(error))
        return RestartSucceeded()

    def _next_event(self, inbox: _Inbox) -> Event:
        """Sleep until something happens to the watched kernel, or :meth:`stop`."""
        while True:
            if self._stopping.is_set():
                return Stop()
            process = self._process
            wait = None if self._exit_fd is not None or process is None else PROCESS_POLL_S
            for silent in inbox.wait(self._exit_fd, wait):
                if silent == self._generation and not self._stopping.is_set():
                    notice = self.manager.notice("stopped answering its heartbeat", process)
                    if self.manager.record_death(silent, notice):
                        return HeartbeatLost(notice)
                    return KernelReplaced()
            if process is not None and not process.is_alive() and not self._stopping.is_set():
                return self._process_ended()

    def _process_ended(self) -> Event:
        notice = self.manager.death_notice(self._process)
        if not self.manager.record_death(self._generation, notice):
            return KernelReplaced()  # the manager ended it on purpose, and started another
        beat = self._heartbeat is not None and self._heartbeat.beats > 0
        return ProcessDied(notice, answered=self.manager.ever_ready or beat)

    # ------------------------------------------------------------------ watching

    def _watch(self, heartbeat: bool) -> None:
        """Watch the manager's process of now (and its heartbeat, if ``heartbeat``)."""
        self._unwatch()
        generation, process = self.manager.watched()
        self._generation, self._process = generation, process
        if process is None:
            return
        self._exit_fd = process.exit_fd()
        if not heartbeat:
            return
        import zmq  # noqa: PLC0415 - start-up cost

        from jovi.client import HeartbeatMonitor  # noqa: PLC0415 - start-up cost

        inbox = self._inbox
        assert inbox is not None
        monitor = HeartbeatMonitor(
            zmq.Context.instance(),
            self.manager.connection_info.url("hb"),
            lambda since_last: inbox.post(generation),
            time_to_dead=self.time_to_dead,
            interval=min(1.0, self.time_to_dead),
        )
        monitor.beating = False  # not dead before it ever beat: it may be starting
        self._heartbeat = monitor
        monitor.start()

    def _unwatch(self) -> None:
        monitor, self._heartbeat = self._heartbeat, None
        if monitor is not None:
            monitor.stop()
        fd, self._exit_fd = self._exit_fd, None
        if fd is not None:
            os.close(fd)
        self._process = None


class _Inbox:
    """What other threads tell the restarter's thread (heartbeat silences, by the
    generation they are about), and a wake-up it can sleep on beside a process's fd."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._posted: list[int] = []
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._closed = False

    def post(self, generation: int) -> None:
        """The heartbeat of ``generation`` went silent."""
        with self._lock:
            self._posted.append(generation)
        self.wake()

    def wake(self) -> None:
        """Wake the thread (to see a post, or a stop)."""
        with self._lock:
            if not self._closed:
                with contextlib.suppress(BlockingIOError):
                    self._writer.send(b"\0")

    def wait(self, fd: int | None, timeout: float | None) -> list[int]:
        """Sleep until woken, ``fd`` is readable or ``timeout`` passes; what was posted."""
        watched: list[int | socket.socket] = [self._reader] if fd is None else [self._reader, fd]
        select.select(watched, [], [], timeout)
        with contextlib.suppress(BlockingIOError):
            self._reader.recv(4096)
        with self._lock:
            posted, self._posted = self._posted, []
        return posted

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._reader.close()
            self._writer.close()


def _event(name: str) -> str:
    event = _ALIASES.get(name, name)
    if event not in EVENTS:
        raise ValueError(f"{name!r} is not a restarter event; use died, restarted or failed")
    return event
