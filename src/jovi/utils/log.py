"""Loggers that import :mod:`logging` when they first log.

``logging`` (with the ``traceback``, ``string`` and ``textwrap`` it imports) is a few
milliseconds of start-up; most modules of the shell engine only log when something
goes wrong.  ``log = get_logger("jovi")`` at module level costs nothing until
``log.warning(...)`` is called.

Configuration can wait too: :func:`configure_when_used` keeps a commands' logging
set-up until a deferred logger is first used (or runs it at once when ``logging`` is
already imported), and :func:`configured_logger` is the logger with it applied.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import logging
    from collections.abc import Callable

__all__ = ["configure_when_used", "configured_logger", "get_logger"]

_pending: list[Callable[[], object]] = []
# Held while a set-up runs: a thread that asks for a logger meanwhile gets it once the
# set-up is done (the kernel's I/O thread may run it just as the main thread moves the
# handlers it adds).  Re-entrant: a set-up may log.
_pending_lock = threading.RLock()


def configure_when_used(configure: Callable[[], object]) -> None:
    """Run ``configure`` before any deferred logger is used; now if ``logging`` is loaded.

    A later call replaces a set-up that has not run yet.
    """
    with _pending_lock:
        _pending[:] = [configure]
    if "logging" in sys.modules:
        _run_pending()


def _run_pending() -> None:
    with _pending_lock:
        pending = _pending[:]
        _pending.clear()
        for configure in pending:
            configure()


def configured_logger(name: str) -> logging.Logger:
    """The logger ``name`` now (importing :mod:`logging`), with the pending set-up done."""
    import logging  # noqa: PLC0415 - imported on use

    _run_pending()
    return logging.getLogger(name)


class _DeferredLogger:
    """Stands for ``logging.getLogger(name)``; becomes it on the first attribute read."""

    __slots__ = ("_logger", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._logger: logging.Logger | None = None

    def __getattr__(self, attribute: str) -> Any:
        logger = self._logger
        if logger is None:
            logger = self._logger = configured_logger(self._name)
        return getattr(logger, attribute)

    def __repr__(self) -> str:
        return (
            f"<logger {self._name} (not yet used)>" if self._logger is None else repr(self._logger)
        )


def get_logger(name: str) -> logging.Logger:
    """The logger ``name``, imported and looked up when first used."""
    return cast("logging.Logger", _DeferredLogger(name))
