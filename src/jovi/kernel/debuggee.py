"""The kernel's process as debugpy's debuggee: starting debugpy, and what it must leave alone.

Everything that calls debugpy's Python API (or its engine, pydevd) is here; the debug
session (:mod:`~jovi.kernel.debugsession`) only speaks DAP to it.

* :func:`listen` starts debugpy once per process, on a free loopback port;
* the kernel's own threads are never traced nor stopped: those that run before the
  debugger starts are marked by name (:func:`hide_kernel_threads`), later ones mark
  themselves (:func:`jovi.utils.threads.mark_internal`);
* the kernel's own code is left out of stepping and of stack traces
  (:func:`kernel_code_rules`);
* :func:`trace_again` repairs a thread whose tracing an interrupt at a breakpoint
  turned off.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Final

from jovi.utils.log import get_logger
from jovi.utils.threads import mark_internal

__all__ = [
    "hide_kernel_threads",
    "kernel_code_rules",
    "listen",
    "trace_again",
]

log = get_logger("jovi.kernel")

_EXCLUDED_MODULES: Final = (
    "debugpy",
    "zmq",
    "asyncio",
    "selectors",
    "threading",
    "contextlib",
    "runpy",
    "concurrent",
)
"""Modules that run a cell (with jovi's own directory, where ``python -m jovi`` runs as
``__main__``): never stepped into, and left out of stack traces, so that stepping out
of a cell ends in the cell."""

_KERNEL_THREADS: Final = frozenset({"jovi-kernel-control", "jovi-kernel-io", "jovi-parent-watch"})
_KERNEL_THREAD_PREFIXES: Final = ("jovi-fd", "jovi-heartbeat-")
"""The kernel's threads started before any debugger, by name."""


def listen() -> tuple[str, int]:
    """Start debugpy (its adapter runs in a helper process); where clients connect to it.

    Raises:
        ImportError: debugpy cannot be imported.
        RuntimeError: debugpy could not start.
    """
    # pydevd warns on stderr (a cell's output) about frozen modules, which matter only
    # to breakpoints in the standard library.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import debugpy  # noqa: PLC0415, T100 - the optional extra, used on demand

    hide_kernel_threads()  # before debugpy traces every thread
    host, port = debugpy.listen(("127.0.0.1", 0))  # noqa: T100 - on request
    return str(host), int(port)


def hide_kernel_threads() -> None:
    """Mark the kernel's threads that started before the debugger (see the module)."""
    for thread in threading.enumerate():
        name = thread.name
        if name in _KERNEL_THREADS or name.startswith(_KERNEL_THREAD_PREFIXES):
            mark_internal(thread)


def kernel_code_rules() -> list[dict[str, Any]]:
    """debugpy's ``rules`` (of ``attach``) that leave the kernel's own code out."""
    directory = str(Path(__file__).parents[1])  # jovi's package directory
    rules: list[dict[str, Any]] = [{"path": directory, "include": False}]
    rules += [{"module": name, "include": False} for name in _EXCLUDED_MODULES]
    return rules


def trace_again(thread: threading.Thread) -> None:
    """Debug ``thread`` (the caller's) again after an interrupt at a breakpoint.

    The ``KeyboardInterrupt`` is raised inside debugpy's code, which makes Python turn
    the thread's tracing off (no breakpoint would stop it any more) and leaves the
    thread marked as stopped in debugpy (tracing it again would stop it at once).  So
    the thread is marked as running, as debugpy's ``continue`` does, then traced again.
    """
    try:
        import debugpy  # noqa: PLC0415, T100 - imported by listen() already
        from _pydevd_bundle.pydevd_additional_thread_info import (  # noqa: PLC0415 - optional dependency
            set_additional_thread_info,
        )
        from _pydevd_bundle.pydevd_thread_lifecycle import (  # noqa: PLC0415 - optional dependency
            internal_run_thread,
        )
    except ImportError as error:
        log.warning("breakpoints no longer stop %s: %s", thread.name, error)
        return
    internal_run_thread(thread, set_additional_thread_info)
    debugpy.trace_this_thread(True)
