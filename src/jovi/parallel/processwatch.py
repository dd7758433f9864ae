"""Watching an engine's process from the controller, where both run on one machine.

An engine killed (``kill -9``, the kernel's out-of-memory killer) sends nothing: a
controller that only listened to heartbeats would learn of it ``hb_period * hb_misses``
seconds later.  On Linux a process can be watched through a *pidfd*
(``os.pidfd_open``): a descriptor that becomes readable the moment the process ends.
The controller polls it with its sockets, so a dead engine is dropped (and its
requests fail with ``EngineError``) at once; the same descriptor lets the controller
signal an engine whose own threads are stuck, without the race of a reused pid.

This is the nanny of ipyparallel (a supervising process per engine) without the
process: one descriptor per engine.  It needs the engine to run on the controller's
machine, in its pid namespace: the engine says where it runs (:func:`host_identity`)
and the controller watches only engines whose identity is its own.  Engines
elsewhere (ssh, batch systems) are known by their heartbeats alone.
"""

from __future__ import annotations

import os
import select
import signal
from functools import cache
from pathlib import Path

__all__ = ["host_identity", "open_process", "process_ended", "send_signal"]


@cache
def host_identity() -> str:
    """This machine's boot and pid namespace: equal in two processes when a pid means
    the same process in both ("" where it cannot be told)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        namespace = Path("/proc/self/ns/pid").stat().st_ino
    except OSError:
        return ""
    return f"{boot}:{namespace}"


def open_process(pid: int) -> int | None:
    """A descriptor that becomes readable when process ``pid`` ends; None where pidfds
    are not available.

    Raises:
        ProcessLookupError: there is no such process (it has ended).
    """
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is None or pid <= 0:
        return None
    try:
        return int(pidfd_open(pid))
    except ProcessLookupError:
        raise
    except OSError:  # not supported by this kernel, or not allowed
        return None


def process_ended(pidfd: int) -> bool:
    """Whether the process of ``pidfd`` has ended already (a process that ended and is
    not yet reaped by its parent still has its pid, and a pidfd opens on it)."""
    poll = select.poll()
    poll.register(pidfd, select.POLLIN)
    return bool(poll.poll(0))


def send_signal(pidfd: int, signum: int) -> None:
    """Send ``signum`` to the process of ``pidfd``.

    Raises:
        OSError: it could not be sent (the process has ended...).
    """
    signal.pidfd_send_signal(pidfd, signum)
