"""ZeroMQ channels: sockets for kernels and clients, and the heartbeat.

* :mod:`~jovi.transport.zmq.binding`: making and binding plain sockets (no asyncio);
* :mod:`~jovi.transport.zmq.kernelsockets`: a kernel's five sockets, bound on any
  context (no asyncio);
* :mod:`~jovi.transport.zmq.heartbeat`: :class:`Heartbeat`, an echo that needs no GIL;
* :mod:`~jovi.transport.zmq.channel`: :class:`ZmqChannel` (asyncio), binding and
  connecting;
* :mod:`~jovi.transport.zmq.pinger`: :class:`HeartbeatPinger` (asyncio);
* :mod:`~jovi.transport.zmq.sockets`: a kernel's and a client's channels from
  connection info (asyncio).

Names are imported from their modules on first use, so that a kernel importing the
blocking parts does not import asyncio.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.transport.zmq.binding import DEFAULT_LINGER_MS, ZERO_COPY_THRESHOLD, SocketKind
    from jovi.transport.zmq.channel import ZmqChannel, bind_channel, connect_channel
    from jovi.transport.zmq.heartbeat import Heartbeat
    from jovi.transport.zmq.kernelsockets import KernelZmqSockets, bind_kernel_sockets
    from jovi.transport.zmq.pinger import HeartbeatPinger
    from jovi.transport.zmq.sockets import (
        ClientChannels,
        KernelChannels,
        open_client_channels,
        open_kernel_channels,
    )

_HOMES = {
    "DEFAULT_LINGER_MS": "jovi.transport.zmq.binding",
    "ZERO_COPY_THRESHOLD": "jovi.transport.zmq.binding",
    "SocketKind": "jovi.transport.zmq.binding",
    "ZmqChannel": "jovi.transport.zmq.channel",
    "bind_channel": "jovi.transport.zmq.channel",
    "connect_channel": "jovi.transport.zmq.channel",
    "Heartbeat": "jovi.transport.zmq.heartbeat",
    "HeartbeatPinger": "jovi.transport.zmq.pinger",
    "KernelZmqSockets": "jovi.transport.zmq.kernelsockets",
    "bind_kernel_sockets": "jovi.transport.zmq.kernelsockets",
    "ClientChannels": "jovi.transport.zmq.sockets",
    "KernelChannels": "jovi.transport.zmq.sockets",
    "open_client_channels": "jovi.transport.zmq.sockets",
    "open_kernel_channels": "jovi.transport.zmq.sockets",
}

__all__ = [
    "DEFAULT_LINGER_MS",
    "ZERO_COPY_THRESHOLD",
    "ClientChannels",
    "Heartbeat",
    "HeartbeatPinger",
    "KernelChannels",
    "KernelZmqSockets",
    "SocketKind",
    "ZmqChannel",
    "bind_channel",
    "bind_kernel_sockets",
    "connect_channel",
    "open_client_channels",
    "open_kernel_channels",
]

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
