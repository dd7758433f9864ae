"""Logging for jovi's commands, configured once per process.

Messages go to standard error as ``jovi: warning: ...``: one plain line each, never a
traceback unless the level is DEBUG.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

__all__ = ["configure_logging"]

_HANDLER_MARK = "_jovi_handler"


class _PlainFormatter(logging.Formatter):
    def __init__(self, program: str) -> None:
        super().__init__()
        self.program = program

    def format(self, record: logging.LogRecord) -> str:
        text = f"{self.program}: {record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info and record.levelno <= logging.DEBUG:
            text += "\n" + self.formatException(record.exc_info)
        return text


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time (tests and frontends replace it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.setStream(sys.stderr)
        super().emit(record)


def configure_logging(level: int, program: str = "jovi") -> logging.Logger:
    """Give the ``jovi`` logger one stderr handler and ``level``; safe to call again."""
    logger = logging.getLogger("jovi")
    handler = next((h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)), None)
    if handler is None:
        handler = _StderrHandler()
        setattr(handler, _HANDLER_MARK, True)
        logger.addHandler(handler)
    handler.setFormatter(_PlainFormatter(program))
    logger.propagate = False
    logger.setLevel(level)
    return logger
