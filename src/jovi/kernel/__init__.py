"""Layer 3: jovi's Python kernel, the shell engine behind the Jupyter messaging protocol.

* :mod:`~jovi.kernel.kernel`: :class:`Kernel`, which routes requests and runs them;
* :mod:`~jovi.kernel.server`: :class:`KernelServer`, what the kernel's channels carry;
* :mod:`~jovi.kernel.iothread`: :class:`IOThread`, the sockets bound and served on a thread
  (by :mod:`~jovi.kernel.socketloop`);
* :mod:`~jovi.kernel.execution`, :mod:`~jovi.kernel.requests`: serving the requests;
* :mod:`~jovi.kernel.output`, :mod:`~jovi.kernel.streams`,
  :mod:`~jovi.kernel.fdcapture`, :mod:`~jovi.kernel.redirect`: output as messages;
* :mod:`~jovi.kernel.stdin`: ``input()`` through the client;
* :mod:`~jovi.kernel.comms`: comms (widgets);
* :mod:`~jovi.kernel.lifetime`: interrupts, and exiting with the parent process;
* :mod:`~jovi.kernel.inline` and :mod:`~jovi.kernel.backend_inline`: inline figures;
* :mod:`~jovi.kernel.magics`: ``%connect_info``, ``%matplotlib``;
* :mod:`~jovi.kernel.debugger` (with :mod:`~jovi.kernel.debugsession`,
  :mod:`~jovi.kernel.dap`, :mod:`~jovi.kernel.debuggee`,
  :mod:`~jovi.kernel.debugcells`, :mod:`~jovi.kernel.debugvars`): the debugger of
  JupyterLab and VS Code, on debugpy.

Names are imported from their modules on first use: importing this package imports
neither ZeroMQ nor matplotlib, and a kernel can bind its sockets before it imports
the rest of itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.kernel.comms import Comm, CommManager
    from jovi.kernel.inline import InlineBackend
    from jovi.kernel.iothread import IOThread
    from jovi.kernel.kernel import Kernel
    from jovi.kernel.output import KernelOutput
    from jovi.kernel.server import KernelServer, KernelSockets, Request

_HOMES = {
    "Comm": "jovi.kernel.comms",
    "CommManager": "jovi.kernel.comms",
    "InlineBackend": "jovi.kernel.inline",
    "IOThread": "jovi.kernel.iothread",
    "Kernel": "jovi.kernel.kernel",
    "KernelOutput": "jovi.kernel.output",
    "KernelServer": "jovi.kernel.server",
    "KernelSockets": "jovi.kernel.server",
    "Request": "jovi.kernel.server",
}

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

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
