"""jovi's own threads: each started by :class:`OwnedThreads`, owned, and marked.

Every thread jovi starts belongs to an object that closes (a kernel's I/O thread, a
client's heartbeat monitor, a restarter...).  The owner keeps an :class:`OwnedThreads`
and starts its threads through it: each gets a name that says what it does, runs with
SIGINT blocked (Ctrl-C belongs to the main thread), and is joined when the owner closes
(:meth:`OwnedThreads.join`).  docs/architecture.md, "Concurrency", lists the owners.

A debugger of user code (debugpy, through the kernel's debugger) traces every thread
and, at a breakpoint, stops them all wherever they are.  A thread of jovi stopped in
the middle of an import holds Python's import lock, and the stopped program can then
no longer evaluate anything: the debugger hangs.  jovi's threads are therefore marked
before they start, with the attributes pydevd (debugpy's engine) reads to recognise
its own threads; other tools ignore them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["OwnedThreads", "is_internal", "mark_internal", "sigint_blocked"]


def mark_internal(thread: threading.Thread) -> threading.Thread:
    """Mark ``thread`` (before it starts) as jovi's own: never traced nor stopped by a
    debugger of user code.  Returns it."""
    thread.pydev_do_not_trace = True  # type: ignore[attr-defined]
    thread.is_pydev_daemon_thread = True  # type: ignore[attr-defined]
    return thread


def is_internal(thread: threading.Thread) -> bool:
    """Whether ``thread`` was marked with :func:`mark_internal`."""
    return bool(getattr(thread, "is_pydev_daemon_thread", False))


@contextlib.contextmanager
def sigint_blocked() -> Iterator[None]:
    """Block SIGINT in this thread meanwhile; threads started meanwhile keep it blocked."""
    import signal  # noqa: PLC0415 - start-up cost: a shell is made before any thread starts

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class OwnedThreads:
    """The threads one owner started; the owner joins them when it closes.

    Args:
        owner: What owns them, for messages (``"the kernel's I/O"``).
    """

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(
        self, target: Callable[..., object], *args: Any, name: str, internal: bool = True
    ) -> threading.Thread:
        """Start ``target(*args)`` on a daemon thread called ``name``, SIGINT blocked in it.

        ``internal`` threads (jovi's machinery, the default) are also hidden from
        debuggers of user code (:func:`mark_internal`); a thread that runs user code is
        not.
        """
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        if internal:
            mark_internal(thread)
        with self._lock:
            self._threads = [known for known in self._threads if known.is_alive()]
            self._threads.append(thread)
        with sigint_blocked():
            thread.start()
        return thread

    def alive(self) -> list[threading.Thread]:
        """The threads started here that still run."""
        with self._lock:
            return [thread for thread in self._threads if thread.is_alive()]

    def join(self, timeout: float | None = None) -> list[threading.Thread]:
        """Wait for every thread (but the calling one), ``timeout`` seconds in all if
        given; returns those still running."""
        deadline = None if timeout is None else time.monotonic() + timeout
        current = threading.current_thread()
        for thread in self.alive():
            if thread is not current:
                thread.join(None if deadline is None else max(deadline - time.monotonic(), 0.0))
        return [thread for thread in self.alive() if thread is not current]
