"""Watching a kernel and starting it again when it dies.

A :class:`KernelRestarter` watches one :class:`~jovi.kernels.KernelManager`'s kernel
on a thread of its own, two ways:

* its process: checked every :data:`PROCESS_POLL_S` seconds (a ``kill -9`` is
  noticed at once);
* its heartbeat: a kernel whose process runs but whose heartbeat has not answered for
  ``time_to_dead`` seconds, after it did answer once, is dead too (stopped, hung
  below Python, on a machine that went away); it is killed before the restart.

On a death it calls the ``died`` callbacks, starts the kernel again and calls the
``restarted`` callbacks.  A kernel that keeps dying is restarted at most
``restart_limit`` times in a row (a run of ``stable_start_time`` seconds ends the
row); then the ``failed`` callbacks are called and watching stops.  A kernel that
never answered is restarted on new ports (``random_ports_until_alive``), in case
another program took one of its ports.  Callbacks run on the restarter's thread.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Final

from jovi.config import Bool, Configurable, Float, Int
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.client import HeartbeatMonitor
    from jovi.kernels.manager import KernelManager

__all__ = ["EVENTS", "PROCESS_POLL_S", "KernelRestarter"]

log = get_logger("jovi.kernels")

PROCESS_POLL_S: Final = 0.1
"""How often the kernel's process is checked, in seconds."""

EVENTS: Final = ("died", "restarted", "failed")
_ALIASES: Final = {"restart": "restarted", "dead": "failed"}  # jupyter_client's names


class KernelRestarter(Configurable):
    """Restarts a manager's kernel when it dies.

    Args:
        manager: The manager whose kernel is watched.
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
    debug = Bool(False, help="Log every check (there are many).")

    def __init__(self, manager: KernelManager, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.manager = manager
        self.restarts = 0
        """Restarts in the current row."""
        self._callbacks: dict[str, list[Callable[[], object]]] = {event: [] for event in EVENTS}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._heartbeat: HeartbeatMonitor | None = None
        self._heartbeat_lost = threading.Event()
        self._watched = 0  # the generation of the process watched

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

    # ------------------------------------------------------------------ watching

    @property
    def running(self) -> bool:
        """Whether the kernel is watched."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start watching (a second call does nothing)."""
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._watch, name="jovi-kernel-restarter", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (from any thread but a callback's)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)
        self._thread = None
        self._stop_heartbeat()

    def _start_heartbeat(self) -> None:
        self._watched = self.manager.generation
        self._stop_heartbeat()
        if not self.use_heartbeat or not self.manager.has_kernel:
            return
        import zmq  # noqa: PLC0415

        from jovi.client import HeartbeatMonitor  # noqa: PLC0415

        self._heartbeat_lost.clear()
        monitor = HeartbeatMonitor(
            zmq.Context.instance(),
            self.manager.connection_info.url("hb"),
            self._on_silent_heartbeat,
            time_to_dead=self.time_to_dead,
            interval=min(1.0, self.time_to_dead),
        )
        monitor.beating = False  # not dead before it ever beat: it may be starting
        self._heartbeat = monitor
        monitor.start()

    def _on_silent_heartbeat(self, since_last: float) -> None:
        self._heartbeat_lost.set()

    def _stop_heartbeat(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.stop()
            self._heartbeat = None

    def _watch(self) -> None:
        self._start_heartbeat()
        started = time.monotonic()
        while not self._stop.wait(PROCESS_POLL_S):
            process_dead = not self.manager.is_alive()
            silent = self._heartbeat_lost.is_set()
            if self.debug:
                log.debug("restarter: process dead %s, heartbeat silent %s", process_dead, silent)
            if not (process_dead or silent):
                if self.restarts and time.monotonic() - started >= self.stable_start_time:
                    self.restarts = 0
                continue
            if self._stop.is_set():
                return
            self._on_death(process_dead)
            if self._stop.is_set():
                return
            started = time.monotonic()

    def _on_death(self, process_dead: bool) -> None:
        why = (
            self.manager.death_notice()
            if process_dead
            else self.manager.notice("stopped answering its heartbeat")
        )
        # Recorded first: waiting clients learn of it, however soon the restart comes.
        if not self.manager.record_death(self._watched, why):
            self._start_heartbeat()  # the manager replaced the process itself: watch the new one
            return
        log.warning("%s", why)
        beat = self._heartbeat is not None and self._heartbeat.beats > 0
        self._stop_heartbeat()
        self._fire("died")
        if self.restarts >= self.restart_limit:
            log.warning(
                "the kernel %r died %d times in a row; it is not started again",
                self.manager.kernel_name,
                self.restarts + 1,
            )
            self._stop.set()
            self._fire("failed")
            return
        self.restarts += 1
        newports = self.random_ports_until_alive and not (self.manager.ever_ready or beat)
        try:
            self.manager.restart(now=True, newports=newports)
        except Exception as error:  # noqa: BLE001 - reported as a failure of the restart
            log.warning("the kernel could not be started again: %s", error)
            self._stop.set()
            self._fire("failed")
            return
        self._start_heartbeat()
        self._fire("restarted")


def _event(name: str) -> str:
    event = _ALIASES.get(name, name)
    if event not in EVENTS:
        raise ValueError(f"{name!r} is not a restarter event; use died, restarted or failed")
    return event
