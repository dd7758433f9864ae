"""The server's long-lived tasks, all owned by one task group (docs/design/style.md, C8).

A kernel's IOPub reader and a client's socket readers outlive the request that
started them (a client's readers go on buffering while it is away), so they cannot
belong to that request.  They belong to :class:`TaskOwner`, whose task group the
server's lifespan opens and closes: when the server stops, every one of them is
cancelled and awaited.  A task that fails is logged and ends alone; it does not
bring the others down.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Coroutine

__all__ = ["TaskOwner"]

log = get_logger("jovi.server")


class TaskOwner:
    """Starts the server's long-lived tasks in its task group, and ends them all."""

    def __init__(self) -> None:
        self._group: asyncio.TaskGroup | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The time tasks can be started: the server's lifespan."""
        async with asyncio.TaskGroup() as group:
            self._group = group
            try:
                yield
            finally:
                self._group = None
                for task in tuple(self._tasks):
                    task.cancel()

    def spawn(self, coroutine: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        """Run ``coroutine`` as a task of the server; cancel it to end it early.

        Raises:
            RuntimeError: the server is not running.
        """
        if self._group is None:
            coroutine.close()
            raise RuntimeError("the server is not running: no task can be started")
        task = self._group.create_task(_logged(coroutine, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


async def _logged(coroutine: Coroutine[Any, Any, None], name: str) -> None:
    try:
        await coroutine
    except Exception:
        log.exception("the server's task %r failed", name)
