"""Loggers that import :mod:`logging` when they first log.

``logging`` (with the ``traceback``, ``string`` and ``textwrap`` it imports) is a few
milliseconds of start-up; most modules of the shell engine only log when something
goes wrong.  ``log = get_logger("jovi")`` at module level costs nothing until
``log.warning(...)`` is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import logging

__all__ = ["get_logger"]


class _DeferredLogger:
    """Stands for ``logging.getLogger(name)``; becomes it on the first attribute read."""

    __slots__ = ("_logger", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._logger: logging.Logger | None = None

    def __getattr__(self, attribute: str) -> Any:
        logger = self._logger
        if logger is None:
            import logging  # noqa: PLC0415 - the point of this class

            logger = self._logger = logging.getLogger(self._name)
        return getattr(logger, attribute)

    def __repr__(self) -> str:
        return (
            f"<logger {self._name} (not yet used)>" if self._logger is None else repr(self._logger)
        )


def get_logger(name: str) -> logging.Logger:
    """The logger ``name``, imported and looked up when first used."""
    return cast("logging.Logger", _DeferredLogger(name))
