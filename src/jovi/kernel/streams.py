"""``sys.stdout`` and ``sys.stderr`` in the kernel: text coalesced into few ``stream`` messages.

Writing is cheap: :meth:`OutStream.write` only appends the text to a buffer (no lock,
no message).  The first write after a flush asks the I/O loop to flush the buffer
``flush_interval`` seconds later, so a loop printing a million lines sends a few
dozen messages, not a million.  The kernel flushes both streams synchronously
before any other output of the request (a display, a result, an error) and before
its reply, so text appears in the order it was written relative to them.

An optional rate limit protects clients from floods: beyond ``rate_limit``
characters per second on a stream, text is left out, and once the flood is over (or
the request ends) the stream says how much was left out and how to change the limit.
"""

from __future__ import annotations

import collections
import io
import threading
import time
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["OutStream", "RateLimit", "StreamBuffer"]

_WINDOW_S: Final = 1.0


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
    """The text written to one stream and not yet sent.

    Args:
        name: ``"stdout"`` or ``"stderr"``.
        send: Sends one ``stream`` message with the given text (called with the flush
            lock held, so messages leave in order).
        schedule: ``schedule(delay, callback)`` runs ``callback`` on the I/O loop.
        flush_interval: How long text may wait before it is sent, in seconds.
        rate_limit: The optional flood limit.
    """

    def __init__(
        self,
        name: str,
        send: Callable[[str, str], None],
        schedule: Callable[[float, Callable[[], None]], None],
        *,
        flush_interval: float = 0.05,
        rate_limit: RateLimit | None = None,
    ) -> None:
        self.name = name
        self._send = send
        self._schedule = schedule
        self.flush_interval = flush_interval
        self.rate_limit = rate_limit if rate_limit is not None else RateLimit()
        # deque.append and popleft are atomic: writers never take the lock.
        self._parts: collections.deque[str] = collections.deque()
        self._scheduled = False
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        """Add ``text`` (from any thread); it is sent within ``flush_interval``."""
        self._parts.append(text)
        if not self._scheduled:
            self._scheduled = True
            self._schedule(self.flush_interval, self._timed_flush)

    def _timed_flush(self) -> None:
        # Cleared before taking the text: a write from now on schedules another flush.
        self._scheduled = False
        self.flush()

    def flush(self, *, final: bool = False) -> None:
        """Send what is buffered now (``final``: the request is ending)."""
        with self._lock:
            parts = self._parts
            taken = [parts.popleft() for _ in range(len(parts))]
            text = "".join(taken)
            if text:
                text = self.rate_limit.admit(text)
            text += self.rate_limit.notice(self.name, final=final)
            if text:
                self._send(self.name, text)


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
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.closed:
            raise ValueError("I/O operation on closed stream")
        if text:
            self._buffer.write(text)
        return len(text)

    def flush(self) -> None:
        self._buffer.flush()
