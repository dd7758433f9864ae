"""``sys.stdout`` and ``sys.stderr`` in the kernel: text coalesced into few ``stream`` messages.

Writing is cheap: :meth:`OutStream.write` only appends the text, with the request it
belongs to (:mod:`~jovi.kernel.parents`), to a buffer (no lock, no message).  The
first write after a flush asks the I/O loop to flush the buffer ``flush_interval``
seconds later, so a loop printing a million lines sends a few dozen messages, not a
million.  An explicit ``flush()`` (``print(..., flush=True)``) asks the I/O loop to
flush as soon as it can, once per burst, so a loop of flushed prints costs no more
than a loop of plain ones.  The kernel flushes both streams synchronously before any
other output of the request (a display, a result, an error) and before its reply,
so text appears in the order it was written relative to them.

A buffer holds at most ``max_pending`` characters: a writer past it flushes on its
own thread and then waits while the kernel's outbox is full, so printing runs at the
pace the clients read and memory stays bounded (:mod:`~jovi.kernel.outbox`).

In a child made by ``os.fork()`` (``multiprocessing``), the kernel's I/O thread does
not exist: the child's ``sys.stdout`` and ``sys.stderr`` write straight to file
descriptors 1 and 2, which the kernel captures (:mod:`~jovi.kernel.fdcapture`), so a
child's prints and tracebacks reach the frontend too.

An optional rate limit protects clients from floods: beyond ``rate_limit``
characters per second on a stream, text is left out, and once the flood is over (or
the request ends) the stream says how much was left out and how to change the limit.
"""

from __future__ import annotations

import collections
import io
import itertools
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Final

from jovi.kernel.parents import UNSET

if TYPE_CHECKING:
    import contextvars
    from collections.abc import Callable

    from jovi.kernel.parents import Parent

__all__ = [
    "MAX_MESSAGE",
    "MAX_PENDING",
    "OutStream",
    "RateLimit",
    "StreamBuffer",
    "in_forked_child",
]

_WINDOW_S: Final = 1.0

MAX_PENDING: Final = 1024 * 1024
"""Characters a stream buffers before the writer flushes them itself."""

MAX_MESSAGE: Final = 1024 * 1024
"""Characters of one ``stream`` message at most: longer text goes out in several, so
that a client reads the first while the kernel encodes the next (frontends join
consecutive text of a stream)."""

_forked = False


def _after_fork_in_child() -> None:
    global _forked  # noqa: PLW0603 - one flag for the whole process, set once by fork
    _forked = True
    # The parent's streams never pay for the check: the child swaps the method.
    OutStream.write = OutStream._write_in_child  # type: ignore[method-assign]


os.register_at_fork(after_in_child=_after_fork_in_child)


def in_forked_child() -> bool:
    """Whether this process is a child forked from the kernel (which has no I/O thread)."""
    return _forked


def _runs(parents: list[Parent | None], texts: list[str]) -> list[tuple[Parent | None, str]]:
    """The texts joined into one run per stretch of the same parent (by identity: a
    request's parent is one object), in order."""
    if not parents:
        return []
    first = parents[0]
    if parents.count(first) == len(parents):  # nearly always: one request wrote it all
        return [(first, "".join(texts))]
    runs: list[tuple[Parent | None, str]] = []
    start = 0
    for at in range(1, len(parents) + 1):
        if at == len(parents) or parents[at] is not parents[start]:
            runs.append((parents[start], "".join(texts[start:at])))
            start = at
    return runs


def _no_parent() -> Parent | None:
    return None


def _never_full() -> bool:
    return False


def _no_wait() -> None:
    return None


class RateLimit:
    """How many characters a stream may send per second; what it left out.

    Args:
        per_second: The limit (0: no limit).
        clock: The time in seconds (for tests).
    """

    def __init__(self, per_second: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self._clock = clock
        self._window_start = 0.0
        self._sent_in_window = 0
        self._dropping = False  # text was left out in the current window
        self.elided = 0
        """Characters left out since the last notice."""

    def admit(self, text: str) -> str:
        """The part of ``text`` that may be sent now (the rest is counted as left out)."""
        if self.per_second <= 0:
            return text
        now = self._clock()
        if now - self._window_start >= _WINDOW_S:
            self._window_start, self._sent_in_window = now, 0
            self._dropping = False
        room = max(0, self.per_second - self._sent_in_window)
        if len(text) <= room:
            self._sent_in_window += len(text)
            return text
        self._sent_in_window += room
        self.elided += len(text) - room
        self._dropping = True
        return text[:room]

    def notice(self, name: str, *, final: bool) -> str:
        """The notice about what was left out, once a flood is over or at ``final``; else ''."""
        if not self.elided or (self._dropping and not final):
            return ""
        count, self.elided = self.elided, 0
        return (
            f"\n[jovi: {count:,} characters of {name} were left out: output came faster than "
            f"the limit of {self.per_second:,} characters per second. "
            "Change it with %config Kernel.stream_rate_limit = N (0: no limit).]\n"
        )


class StreamBuffer:
    """The text written to one stream and not yet sent, with the request of each piece.

    Args:
        name: ``"stdout"`` or ``"stderr"``.
        send: ``send(name, text, parent)`` sends one ``stream`` message (called with
            the flush lock held, so messages leave in order).
        schedule: ``schedule(delay, callback)`` runs ``callback`` on the I/O loop.
        parent: The request text written now belongs to (when ``parent_var`` is not set
            in the writer's context, if it is given).
        parent_var: A context variable holding the request of the writer's context:
            read for every write (one C call), ``parent`` only where it is unset.
        wait_for_room: Blocks while too much output waits to be sent.
        room_full: Whether too much output waits to be sent now (checked at flushes).
        flush_interval: How long text may wait before it is sent, in seconds.
        rate_limit: The optional flood limit.
        max_pending: Characters buffered before a writer flushes them itself.
    """

    def __init__(
        self,
        name: str,
        send: Callable[[str, str, Parent | None], None],
        schedule: Callable[[float, Callable[[], None]], None],
        *,
        parent: Callable[[], Parent | None] = _no_parent,
        parent_var: contextvars.ContextVar[Parent | None] | None = None,
        wait_for_room: Callable[[], None] = _no_wait,
        room_full: Callable[[], bool] = _never_full,
        flush_interval: float = 0.05,
        rate_limit: RateLimit | None = None,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self.name = name
        self._send = send
        self._schedule = schedule
        self._parent = parent
        self._room_full = room_full
        self._parent_get: Callable[[Any], Any] = (
            (lambda default: default) if parent_var is None else parent_var.get
        )
        self._wait_for_room = wait_for_room
        self.flush_interval = flush_interval
        self.rate_limit = rate_limit if rate_limit is not None else RateLimit()
        self.max_pending = max_pending
        # Each write adds its parent and its text, by one deque.extend (atomic, as
        # popleft is: writers never take the lock).  Not a (parent, text) tuple: the
        # garbage collector tracks tuples, and 100,000s of them alive between flushes
        # made it sweep the whole heap again and again.
        self._parts: collections.deque[Parent | str | None] = collections.deque()
        # Characters written since the last flush (approximate); past max_pending
        # also when the last flush found the outbox full, so the next write waits.
        self._pending = 0
        self._scheduled = False
        self._soon = False
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        """Add ``text`` (from any thread); it is sent within ``flush_interval``."""
        parent = self._parent_get(UNSET)
        self._parts.extend((self._parent() if parent is UNSET else parent, text))
        self._pending += len(text)
        # Past the bound, or when the last flush found the outbox full, the writer
        # sends what it wrote and waits for room: memory stays bounded however busy
        # the I/O thread is.
        if self._pending > self.max_pending:
            self.flush()
            self._wait_for_room()
            self._pending = 0
        elif not self._scheduled:
            self._scheduled = True
            self._schedule(self.flush_interval, self._timed_flush)

    def flush_soon(self) -> None:
        """Have the I/O loop send what is buffered as soon as it can (any thread)."""
        if not self._soon and self._parts:
            self._soon = True
            self._schedule(0.0, self._soon_flush)

    def _timed_flush(self) -> None:
        # Cleared before taking the text: a write from now on schedules another flush.
        self._scheduled = False
        self.flush()

    def _soon_flush(self) -> None:
        self._soon = False
        self.flush()

    def flush(self, *, final: bool = False) -> None:
        """Send what is buffered now (``final``: the request is ending)."""
        with self._lock:
            # Taken in one C loop (starmap calls popleft without running bytecode in
            # between), so nothing runs meanwhile: no other thread, and no signal
            # handler, whose KeyboardInterrupt in a loop of pops could leave half a
            # pair behind.  An even count, since writers add pairs atomically.
            parts = self._parts
            taken = list(itertools.starmap(parts.popleft, itertools.repeat((), len(parts))))
            self._pending = 0
            parents: list[Parent | None] = taken[0::2]  # type: ignore[assignment]
            texts: list[str] = taken[1::2]  # type: ignore[assignment]
            runs = _runs(parents, texts)
            for number, (parent, text) in enumerate(runs, 1):
                text = self.rate_limit.admit(text)
                if number == len(runs):  # the notice goes with the last text
                    text += self.rate_limit.notice(self.name, final=final)
                for at in range(0, len(text), MAX_MESSAGE):
                    self._send(self.name, text[at : at + MAX_MESSAGE], parent)
            if not runs:
                notice = self.rate_limit.notice(self.name, final=final)
                if notice:
                    self._send(self.name, notice, self._parent())
            if runs and self._room_full():
                self._pending = self.max_pending + 1  # the next write waits for room

    def discard(self) -> None:
        """Forget what is buffered (a forked child must not send its parent's text)."""
        self._parts.clear()
        self._pending = 0


class OutStream(io.TextIOBase):
    """A text stream that publishes what is written to it (``sys.stdout`` in the kernel).

    Args:
        buffer: Where the text goes.
        fileno: The file descriptor whose output the kernel captures for this
            stream, if it does; ``fileno()`` returns it so that subprocesses given
            ``sys.stdout`` write into the capture.  Without it, ``fileno()`` raises
            :class:`io.UnsupportedOperation`.
    """

    def __init__(self, buffer: StreamBuffer, *, fileno: int | None = None) -> None:
        super().__init__()
        self._buffer = buffer
        self._fileno = fileno
        self._child_fd = 1 if buffer.name == "stdout" else 2
        self._master_pid = os.getpid()
        self._discarded = False  # in a forked child: the parent's buffered text was dropped
        self._is_closed = False  # `closed`, as a plain attribute: write() reads it each time

    @property
    def name(self) -> str:
        """``"<stdout>"`` or ``"<stderr>"``."""
        return f"<{self._buffer.name}>"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """Text is sent as UTF-8."""
        return "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        """Text is never encoded here, so nothing can fail."""
        return "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        if self._fileno is None:
            raise io.UnsupportedOperation(f"{self.name} of a jovi kernel has no file descriptor")
        return self._fileno

    def write(self, text: str) -> int:
        if type(text) is not str and not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self._is_closed:
            raise ValueError("I/O operation on closed stream")
        if text:
            self._buffer.write(text)
        return len(text)

    def close(self) -> None:
        self._is_closed = True
        super().close()

    def _write_in_child(self, text: str) -> int:
        """``write`` in a forked child (it replaces :meth:`write` there)."""
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._write_from_child(text)
        return len(text)

    def _write_from_child(self, text: str) -> None:
        # No I/O thread here: the descriptor (the kernel's capture pipe) takes it.
        if not self._discarded:
            self._buffer.discard()
            self._discarded = True
        data = text.encode("utf-8", "replace")
        while data:
            try:
                written = os.write(self._child_fd, data)
            except OSError:
                return
            data = data[written:]

    def flush(self) -> None:
        if not _forked:
            self._buffer.flush_soon()

    def _is_master_process(self) -> bool:
        """Whether this is the kernel's own process, not a forked child (ipykernel's name)."""
        return not _forked and os.getpid() == self._master_pid
