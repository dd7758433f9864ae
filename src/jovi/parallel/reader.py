"""Reading a client's replies on a thread of its own, for futures' callbacks and waiters.

A :class:`~jovi.parallel.client.Client` reads replies whenever a caller waits for
something; nothing is read in between.  A ``concurrent.futures`` caller expects more:
``add_done_callback``, ``concurrent.futures.wait`` and ``as_completed`` need replies
read while the caller does something else (or sleeps on an event).  The first such
use starts a :class:`ReplyReader`, a daemon thread that reads as soon as replies come
and stops when the client closes.

The client's sockets are guarded by one :class:`WakingLock`.  The reader holds it while
it polls; a thread that wants it (to send, say) wakes the poll through a pipe the poll
also watches, so it never waits for the poll's timeout; the reader then lets every
waiting thread in before polling again.  The reader itself never wakes anyone: a caller
that holds the lock while it waits for its replies reads them itself.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import TYPE_CHECKING, Final, Self

from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jovi.parallel.client import Client

__all__ = ["ReplyReader", "WakingLock"]

READ_S: Final = 0.5
"""The longest the reader polls before looking whether it should stop."""


class WakingLock:
    """A reentrant lock whose holder, polling :attr:`fd` too, is woken by a thread
    that wants the lock."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._waiting = 0
        self._changed = threading.Condition(threading.Lock())
        self._owner: int | None = None
        self._depth = 0

    @property
    def fd(self) -> int:
        """Readable when another thread wants the lock."""
        return self._read

    def held(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._owner == threading.get_ident()

    def _acquired(self) -> None:
        self._depth += 1
        self._owner = threading.get_ident()

    def _release(self) -> None:
        self._depth -= 1
        if not self._depth:
            self._owner = None
        self._lock.release()

    def __enter__(self) -> Self:
        if self._lock.acquire(blocking=False):
            self._acquired()
            return self
        with self._changed:
            self._waiting += 1
        try:
            with contextlib.suppress(BlockingIOError):  # full: a wake-up is pending anyway
                os.write(self._write, b"!")
            self._lock.acquire()
        finally:
            with self._changed:
                self._waiting -= 1
                self._changed.notify_all()
        self._acquired()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release()

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Hold the lock without waking its holder (wait until it lets go)."""
        self._lock.acquire()
        self._acquired()
        try:
            yield
        finally:
            self._release()

    def drain(self) -> None:
        """Forget the wake-ups written so far."""
        with contextlib.suppress(BlockingIOError):
            while os.read(self._read, 512):
                pass

    def let_waiters_in(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) until no thread waits for the lock."""
        with self._changed:
            self._changed.wait_for(lambda: self._waiting == 0, timeout)

    def wake(self) -> None:
        """Wake the holder's poll."""
        with contextlib.suppress(BlockingIOError):
            os.write(self._write, b"!")

    def close(self) -> None:
        """Close the pipe."""
        for fd in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(fd)


class ReplyReader:
    """A daemon thread reading ``client``'s replies until :meth:`stop`."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self._stopping = threading.Event()
        self._threads = OwnedThreads("a parallel client's replies")
        self._threads.start(self._run, name="jovi-parallel-replies")

    def _run(self) -> None:
        client, lock = self._client, self._client.lock
        while not self._stopping.is_set():
            with lock.quietly():
                if self._stopping.is_set():
                    break
                client.read_for_futures(READ_S)
            client.settle_finished()  # callbacks run with the lock free
            lock.let_waiters_in(READ_S)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop reading and wait for the thread (the client's lock must be free)."""
        self._stopping.set()
        self._client.lock.wake()
        self._threads.join(timeout)  # not the calling thread, if it is the reader
