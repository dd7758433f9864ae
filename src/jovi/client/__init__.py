"""Layer 3: talking to any Jupyter kernel (jovi's, ipykernel, IRkernel...).

* :mod:`~jovi.client.blocking`: :class:`BlockingKernelClient`, for synchronous code;
* :mod:`~jovi.client.asynchronous`: :class:`AsyncKernelClient`, the same methods awaited;
* :mod:`~jovi.client.core`: what both share without I/O (signing, checking, sorting);
* :mod:`~jovi.client.requests`: the requests, with jupyter_client's names;
* :mod:`~jovi.client.readiness`: waiting until a kernel answers;
* :mod:`~jovi.client.interactive`: ``execute_interactive``'s hooks;
* :mod:`~jovi.client.heartbeat`: watching the heartbeat;
* :mod:`~jovi.client.connect`: finding connection files;
* :mod:`~jovi.client.connection_file`: reading and writing them;
* :mod:`~jovi.client.owner`: what a client knows of the manager that started its kernel;
* :mod:`~jovi.client.compat`: messages as jupyter_client's dicts.

Frontends use the client (and :mod:`jovi.kernels` to start kernels), never the
protocol's transport directly; the message classes they read are re-exported here.
Each name is imported from its module on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.client.asynchronous import AsyncKernelClient
    from jovi.client.blocking import BlockingKernelClient
    from jovi.client.compat import as_dict
    from jovi.client.connect import find_connection_file, latest_connection_file
    from jovi.client.connection_file import (
        connection_file_path,
        read_connection_file,
        write_connection_file,
    )
    from jovi.client.core import ClientCore, Handler
    from jovi.client.heartbeat import HeartbeatMonitor
    from jovi.client.interactive import InteractiveRun, ask_at_terminal, print_output
    from jovi.client.owner import KernelOwner
    from jovi.protocol import (
        ConnectionInfo,
        Content,
        Message,
    )

__all__ = [
    "AsyncKernelClient",
    "BlockingKernelClient",
    "ClientCore",
    "ConnectionInfo",
    "Content",
    "Handler",
    "HeartbeatMonitor",
    "InteractiveRun",
    "KernelOwner",
    "Message",
    "as_dict",
    "ask_at_terminal",
    "connection_file_path",
    "find_connection_file",
    "latest_connection_file",
    "print_output",
    "read_connection_file",
    "write_connection_file",
]

_HOMES = {
    "AsyncKernelClient": "jovi.client.asynchronous",
    "BlockingKernelClient": "jovi.client.blocking",
    "ClientCore": "jovi.client.core",
    "ConnectionInfo": "jovi.protocol",
    "Content": "jovi.protocol",
    "Handler": "jovi.client.core",
    "HeartbeatMonitor": "jovi.client.heartbeat",
    "InteractiveRun": "jovi.client.interactive",
    "KernelOwner": "jovi.client.owner",
    "Message": "jovi.protocol",
    "as_dict": "jovi.client.compat",
    "ask_at_terminal": "jovi.client.interactive",
    "connection_file_path": "jovi.client.connection_file",
    "find_connection_file": "jovi.client.connect",
    "latest_connection_file": "jovi.client.connect",
    "print_output": "jovi.client.interactive",
    "read_connection_file": "jovi.client.connection_file",
    "write_connection_file": "jovi.client.connection_file",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
