"""ZeroMQ contexts for a controller or client with hundreds of engines.

A controller holds four sockets to every engine and a client may hold one straight
to each: 256 engines need over a thousand sockets, ZeroMQ's default cap per context
(1,023), and as many file descriptors, near the usual soft limit (1,024).  The
process's soft limit is raised to its hard limit, and the context's cap to match.
"""

from __future__ import annotations

import resource
from typing import Final

import zmq

__all__ = ["MAX_SOCKETS", "many_sockets_context"]

MAX_SOCKETS: Final = 65_536
"""The most sockets asked for (when the descriptor limit allows as many)."""


def raise_descriptor_limit() -> int:
    """Raise this process's soft limit of open files to its hard limit; the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, MAX_SOCKETS * 2)
    if wanted > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            return soft
        return wanted
    return soft


def many_sockets_context() -> zmq.Context[zmq.Socket[bytes]]:
    """A new context that may hold as many sockets as the process's descriptors allow
    (each TCP socket needs at least one, and ZeroMQ a few of its own)."""
    limit = raise_descriptor_limit()
    context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    context.set(zmq.MAX_SOCKETS, max(1023, min(MAX_SOCKETS, limit // 2)))
    return context
