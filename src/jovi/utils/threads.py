"""Threads of jovi's own machinery, which debuggers of user code must leave alone.

A debugger of user code (debugpy, through the kernel's debugger) traces every thread
and, at a breakpoint, stops them all wherever they are.  A thread of jovi stopped in
the middle of an import holds Python's import lock, and the stopped program can then
no longer evaluate anything: the debugger hangs.  jovi's threads are therefore marked
before they start, with the attributes pydevd (debugpy's engine) reads to recognise
its own threads; other tools ignore them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import threading

__all__ = ["is_internal", "mark_internal"]


def mark_internal(thread: threading.Thread) -> threading.Thread:
    """Mark ``thread`` (before it starts) as jovi's own: never traced nor stopped by a
    debugger of user code.  Returns it."""
    thread.pydev_do_not_trace = True  # type: ignore[attr-defined]
    thread.is_pydev_daemon_thread = True  # type: ignore[attr-defined]
    return thread


def is_internal(thread: threading.Thread) -> bool:
    """Whether ``thread`` was marked with :func:`mark_internal`."""
    return bool(getattr(thread, "is_pydev_daemon_thread", False))
