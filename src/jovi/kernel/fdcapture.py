"""Output written straight to file descriptors 1 and 2, captured into the kernel's streams.

C extensions, ``os.write(1, ...)``, ``os.system`` and subprocesses that inherit the
kernel's descriptors write below ``sys.stdout``.  :class:`FdCapture` points the
descriptor at a pipe (``os.dup2``) and a reader thread turns what arrives into text
on the kernel's stream.  Before the kernel replies to a request it calls
:meth:`FdCapture.drain`, which takes whatever is already in the pipe, so output
written before the request ended is sent with it.

The reader and :meth:`~FdCapture.drain` read only while holding the same lock, and
hand the text on before releasing it: no text can be read by one and delivered after
the other has drained.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import threading
from typing import TYPE_CHECKING

from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FdCapture"]

_CHUNK = 65536


class FdCapture:
    """Captures what is written to file descriptor ``fd``.

    Args:
        fd: The descriptor (1 or 2).
        write: Receives the captured text, decoded as UTF-8 (bad bytes replaced).
    """

    def __init__(self, fd: int, write: Callable[[str], None]) -> None:
        self.fd = fd
        self._write = write
        self._lock = threading.Lock()
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._read_end: int | None = None
        self._saved: int | None = None
        self._thread: threading.Thread | None = None
        self._threads = OwnedThreads(f"the capture of descriptor {fd}")

    @property
    def original(self) -> int | None:
        """A copy of the descriptor as it was before the capture (while capturing)."""
        return self._saved

    def start(self) -> None:
        """Point the descriptor at the pipe and start reading it."""
        if self._read_end is not None:
            return
        read_end, write_end = os.pipe()
        self._saved = os.dup(self.fd)
        os.dup2(write_end, self.fd)
        os.close(write_end)
        self._read_end = read_end
        self._thread = self._threads.start(self._run, name=f"jovi-fd{self.fd}-capture")

    def stop(self) -> None:
        """Give the descriptor back; the reader ends once every writer has closed the pipe."""
        saved = self._saved
        if saved is None:
            return
        self.drain()
        os.dup2(saved, self.fd)
        os.close(saved)
        self._saved = None
        # Subprocesses may still hold the pipe: the daemon reader then ends with them.

    def _run(self) -> None:
        read_end = self._read_end
        assert read_end is not None
        while True:
            try:
                select.select([read_end], [], [])
            except (OSError, ValueError):
                return
            with self._lock:
                if self._read_end != read_end or not self._read_available(read_end):
                    return

    def _read_available(self, read_end: int) -> bool:
        """Read and deliver what the pipe holds now; False at end of file."""
        while True:
            try:
                ready, _, _ = select.select([read_end], [], [], 0)
                data = os.read(read_end, _CHUNK) if ready else None
            except (OSError, ValueError):
                data = b""  # the pipe is gone: treat it as its end
            if data is None:
                return True
            if not data:
                tail = self._decoder.decode(b"", final=True)
                if tail:
                    self._write(tail)
                if self._read_end == read_end:
                    self._read_end = None
                    with contextlib.suppress(OSError):
                        os.close(read_end)
                return False
            text = self._decoder.decode(data)
            if text:
                self._write(text)
            if len(data) < _CHUNK:
                return True

    def drain(self) -> None:
        """Deliver everything already written to the descriptor (called before a reply)."""
        read_end = self._read_end
        if read_end is None or self._saved is None:
            return
        with self._lock:
            self._read_available(read_end)
