"""Wake-ups between the kernel's threads, sent when the waking thread is about to sleep.

When one of the kernel's threads wakes another while it still runs Python, the woken
thread starts, finds the GIL taken and waits for it: the hand-over costs two wake-ups
(the signal, then the GIL), each an interrupt from one processor to another, which is
dear on a virtual machine.  So the I/O loop and the executors defer the wake-ups they
send until they are about to wait themselves, when the GIL is about to be free: the
I/O loop just before it polls its sockets, an executor before its event loop waits
and before it serves the next request.  A thread that does not take part (a user's
thread printing, say) wakes at once.

Only wake-ups whose thread is about to sleep anyway are deferred: the hand-over of a
request to its executor, and the end of the executors' work.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["defer", "send_deferred", "take_part"]

_local = threading.local()


def take_part() -> None:
    """From now on, wake-ups this thread sends with :func:`defer` wait for
    :func:`send_deferred` (which the thread must call before it waits)."""
    _local.pending = []


def defer(wake: Callable[[], object]) -> None:
    """Call ``wake`` when this thread is about to wait, or now if it does not take part."""
    pending: list[Callable[[], object]] | None = getattr(_local, "pending", None)
    if pending is None:
        wake()
    else:
        pending.append(wake)


def send_deferred() -> None:
    """Send the wake-ups this thread deferred, in order."""
    pending: list[Callable[[], object]] | None = getattr(_local, "pending", None)
    while pending:
        pending.pop(0)()
