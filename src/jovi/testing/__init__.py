"""The public test kit (docs/design/style.md, C22): conformance checks and doubles for jovi's parts.

Nothing in jovi imports this package; tests and other projects do.

* :mod:`~jovi.testing.transport`: :func:`check_channel_pair`,
  :func:`check_router_dealers`, :func:`check_fanout` for any channel implementation;
* :mod:`~jovi.testing.kernel`: :func:`open_memory_kernel`, jovi's kernel on in-memory
  channels with a :class:`MemoryKernelClient`.
"""

from __future__ import annotations

from jovi.testing.kernel import MemoryKernelClient, open_memory_kernel
from jovi.testing.transport import check_channel_pair, check_fanout, check_router_dealers

__all__ = [
    "MemoryKernelClient",
    "check_channel_pair",
    "check_fanout",
    "check_router_dealers",
    "open_memory_kernel",
]
