"""While the prompt waits, what other code prints appears above it.

Threads, asyncio loops running in threads, GUI callbacks and logging handlers may
write while the user types.  Written straight to the terminal, that text would land
in the middle of the input line.  :func:`output_above_prompt` routes ``sys.stdout``,
``sys.stderr`` and the logging handlers that write to them through prompt_toolkit's
:class:`~prompt_toolkit.patch_stdout.StdoutProxy` for as long as the prompt is shown:
the text is printed above the prompt, which is then drawn again with what was typed.

A running cell is not affected: its output goes straight to the terminal, unbatched.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["output_above_prompt"]


@contextmanager
def output_above_prompt() -> Iterator[None]:
    """Print whatever is written during the block above the running prompt."""
    from prompt_toolkit.patch_stdout import patch_stdout  # noqa: PLC0415 - with the editor

    replaced = (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)
    with patch_stdout(raw=True):
        moved = _point_logging_at(sys.stdout, replaced)
        try:
            yield
        finally:
            for handler, stream in moved:
                handler.stream = stream


def _point_logging_at(proxy: object, replaced: tuple[object, ...]) -> list[tuple[Any, object]]:
    """Send the logging handlers that write to the terminal's streams to ``proxy``;
    return each moved handler with its stream, to put back.

    A handler keeps the stream it was made with (``logging.basicConfig()`` in a cell
    holds the real stderr), so replacing ``sys.stderr`` alone would not reach it.
    Nothing is done, and nothing imported, when logging is not in use.
    """
    logging = sys.modules.get("logging")
    if logging is None:
        return []
    loggers: list[Any] = [logging.getLogger()]
    loggers += [
        logger
        for logger in list(logging.Logger.manager.loggerDict.values())
        if isinstance(logger, logging.Logger)
    ]
    moved: list[tuple[Any, object]] = []
    seen: set[int] = set()
    for logger in loggers:
        for handler in list(logger.handlers):
            stream = getattr(handler, "stream", None)
            if (
                id(handler) in seen
                or type(handler) is not logging.StreamHandler
                or not any(stream is target for target in replaced if target is not None)
            ):
                continue
            seen.add(id(handler))
            moved.append((handler, stream))
            handler.stream = proxy
    return moved
