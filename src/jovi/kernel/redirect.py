"""Pointing the process's output and input at the kernel while it serves.

:meth:`OutputRedirect.start` replaces ``sys.stdout`` and ``sys.stderr`` with
:class:`~jovi.kernel.streams.OutStream` objects, optionally captures file descriptors
1 and 2 (:mod:`~jovi.kernel.fdcapture`), and makes ``input()`` and
``getpass.getpass()`` ask the client (:mod:`~jovi.kernel.stdin`).
:meth:`OutputRedirect.stop` puts everything back.

The kernel's own log must not become user output: :meth:`OutputRedirect.start`
points the ``jovi`` logger's handlers at a copy of the original stderr, taken before
the descriptors are captured.
"""

from __future__ import annotations

import builtins
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any, TextIO

from jovi.kernel.fdcapture import FdCapture
from jovi.kernel.streams import OutStream
from jovi.utils.log import configured_logger

if TYPE_CHECKING:
    import logging
    from collections.abc import Mapping

    from jovi.kernel.stdin import StdinBridge
    from jovi.kernel.streams import StreamBuffer

__all__ = ["OutputRedirect"]

_FDS = {"stdout": 1, "stderr": 2}


class OutputRedirect:
    """Swaps the process's standard streams for the kernel's, and back.

    Args:
        streams: The kernel's buffers, by stream name (``stdout``, ``stderr``).
        stdin: Answers ``input()`` and ``getpass()``.
    """

    def __init__(self, streams: Mapping[str, StreamBuffer], stdin: StdinBridge) -> None:
        self._streams = streams
        self._stdin = stdin
        self.captures: list[FdCapture] = []
        self._saved: dict[str, Any] = {}
        self._log_stream: TextIO | None = None
        self._log_handlers: list[tuple[logging.Handler, logging.Handler]] = []

    @property
    def active(self) -> bool:
        """Whether the streams are redirected."""
        return bool(self._saved)

    def start(self, *, capture_fds: bool = True) -> None:
        """Redirect ``sys.stdout``, ``sys.stderr``, ``input`` and ``getpass`` (and, with
        ``capture_fds``, descriptors 1 and 2)."""
        if self._saved:
            return
        self._saved = {
            "stdout": sys.stdout,
            "stderr": sys.stderr,
            "input": builtins.input,
            "getpass": getpass.getpass,
        }
        self._keep_log_on_original_stderr()
        if capture_fds:
            for name, fd in _FDS.items():
                capture = FdCapture(fd, self._streams[name].write)
                capture.start()
                self.captures.append(capture)
        fds = {capture.fd for capture in self.captures}
        sys.stdout = OutStream(self._streams["stdout"], fileno=1 if 1 in fds else None)
        sys.stderr = OutStream(self._streams["stderr"], fileno=2 if 2 in fds else None)
        builtins.input = self._stdin.input
        getpass.getpass = self._stdin.getpass

    def _keep_log_on_original_stderr(self) -> None:
        try:
            copy = os.dup(2)
        except OSError:
            return
        self._log_stream = os.fdopen(copy, "w", buffering=1, encoding="utf-8", errors="replace")
        import logging  # noqa: PLC0415 - the kernel is ready by now

        logger = configured_logger("jovi")
        for handler in list(logger.handlers):
            if isinstance(handler, logging.StreamHandler):
                replacement = logging.StreamHandler(self._log_stream)
                replacement.setFormatter(handler.formatter)
                replacement.setLevel(handler.level)
                logger.removeHandler(handler)
                logger.addHandler(replacement)
                self._log_handlers.append((handler, replacement))

    def drain(self) -> None:
        """Take in what the captured descriptors hold now."""
        for capture in self.captures:
            capture.drain()

    def stop(self) -> None:
        """Put the original streams, descriptors, ``input`` and ``getpass`` back."""
        if not self._saved:
            return
        for capture in self.captures:
            capture.stop()
        self.captures.clear()
        sys.stdout = self._saved["stdout"]
        sys.stderr = self._saved["stderr"]
        builtins.input = self._saved["input"]
        getpass.getpass = self._saved["getpass"]
        self._saved = {}
        logger = configured_logger("jovi")
        for original, replacement in self._log_handlers:
            logger.removeHandler(replacement)
            logger.addHandler(original)
        self._log_handlers.clear()
        if self._log_stream is not None:
            self._log_stream.close()
            self._log_stream = None
