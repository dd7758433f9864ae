"""Stopping a server nobody uses, as Jupyter Server's
``ServerApp.shutdown_no_activity_timeout`` does (cloud notebooks pay by the hour).

The server counts as used while a kernel runs or a request came within ``timeout``
seconds (a status check, ``GET /api/status``, does not count: a monitor asking must
not keep it alive).  :func:`unused` decides without a clock of its own;
:func:`stop_when_unused` is the server's task that looks every so often and asks the
server to stop, as ``POST /api/shutdown`` does.  With idle kernels culled
(``MappingKernelManager.cull_idle_timeout``) a forgotten server ends by itself.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable

    from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["ActivityMiddleware", "stop_when_unused", "unused"]

log = get_logger("jovi.server")

LOOK_EVERY_S = 60.0
"""The longest wait between two looks (a short timeout is looked at more often)."""


def unused(*, kernels: int, last_activity: float, now: float, timeout: float) -> bool:
    """Whether a server with ``kernels`` running and its last request at
    ``last_activity`` has been unused for longer than ``timeout`` at ``now``."""
    return timeout > 0 and kernels == 0 and now - last_activity > timeout


async def stop_when_unused(
    unused_for: float,
    kernels: Callable[[], int],
    last_activity: Callable[[], float],
    request_stop: Callable[[], Callable[[], None] | None],
    clock: Callable[[], float] = time.time,
) -> None:
    """Ask the server to stop once it is :func:`unused` for ``unused_for`` seconds
    (``request_stop()`` gives the server's stop, set once it runs)."""
    log.info("the server stops after %.0f s with no kernel and no request", unused_for)
    while True:
        await asyncio.sleep(min(LOOK_EVERY_S, max(unused_for / 4, 0.05)))
        now = clock()
        if unused(kernels=kernels(), last_activity=last_activity(), now=now, timeout=unused_for):
            stop = request_stop()
            if stop is not None:
                log.warning(
                    "no kernel and no request for %.0f s: the server stops", now - last_activity()
                )
                stop()
                return


class ActivityMiddleware:
    """Notes the time of every request but status checks (ASGI middleware)."""

    def __init__(self, app: ASGIApp, *, note: Callable[[], None]) -> None:
        self.app = app
        self.note = note

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not scope["path"].endswith("/api/status"):
            self.note()
        await self.app(scope, receive, send)
