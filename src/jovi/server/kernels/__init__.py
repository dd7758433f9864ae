"""The server's kernels: started, watched, and relayed to clients over WebSockets.

* :mod:`~jovi.server.kernels.registry`: the kernels by id (start, restart, shut down);
* :mod:`~jovi.server.kernels.kernel`: one kernel, its IOPub read once for every client;
* :mod:`~jovi.server.kernels.channels`: one client's channels, kept while it is away;
* :mod:`~jovi.server.kernels.frames`: the two WebSocket framings, without I/O.
"""

from __future__ import annotations

from jovi.server.kernels.registry import ServerKernels

__all__ = ["ServerKernels"]
