"""ZeroMQ contexts for a controller or client with hundreds of engines.

A controller holds four sockets to every engine and a client may hold one straight
to each: 256 engines need over a thousand sockets, ZeroMQ's default cap per context
(1,023), and as many file descriptors, near the usual soft limit (1,024).  The
process's soft limit is raised to its hard limit, and the context's cap to match.

Its sockets' queues have no high-water mark: a ROUTER (the controller's relays) and a
PUB (its IOPub) drop what a full queue cannot take, and a dropped reply or output is a
request the client waits for forever (20,000 tasks sent before the client read a reply
overflowed the default of 1,000).  A client reads what it is sent when it waits.
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
    context.setsockopt(zmq.SNDHWM, 0)  # the sockets made from now on: no limit, no drop
    context.setsockopt(zmq.RCVHWM, 0)
    return context
