"""Layer 3: jovi's Python kernel, the shell engine behind the Jupyter messaging protocol.

* :mod:`~jovi.kernel.kernel`: :class:`Kernel`, which routes requests and runs them;
* :mod:`~jovi.kernel.server`: :class:`KernelServer`, the channels on an event loop;
* :mod:`~jovi.kernel.iothread`: :class:`IOThread`, that loop on ZeroMQ sockets;
* :mod:`~jovi.kernel.execution`, :mod:`~jovi.kernel.requests`: serving the requests;
* :mod:`~jovi.kernel.output`, :mod:`~jovi.kernel.streams`,
  :mod:`~jovi.kernel.fdcapture`, :mod:`~jovi.kernel.redirect`: output as messages;
* :mod:`~jovi.kernel.stdin`: ``input()`` through the client;
* :mod:`~jovi.kernel.comms`: comms (widgets);
* :mod:`~jovi.kernel.lifetime`: interrupts, and exiting with the parent process;
* :mod:`~jovi.kernel.inline` and :mod:`~jovi.kernel.inline_backend`: inline figures;
* :mod:`~jovi.kernel.magics`: ``%connect_info``, ``%matplotlib``.

Importing this package imports neither ZeroMQ nor matplotlib.
"""

from __future__ import annotations

from jovi.kernel.comms import Comm, CommManager
from jovi.kernel.inline import InlineBackend
from jovi.kernel.iothread import IOThread
from jovi.kernel.kernel import Kernel
from jovi.kernel.output import KernelOutput
from jovi.kernel.server import KernelServer, KernelSockets, Request

__all__ = [
    "Comm",
    "CommManager",
    "IOThread",
    "InlineBackend",
    "Kernel",
    "KernelOutput",
    "KernelServer",
    "KernelSockets",
    "Request",
]
