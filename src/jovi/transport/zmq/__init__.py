"""ZeroMQ channels: sockets for kernels and clients, and the heartbeat.

* :mod:`~jovi.transport.zmq.channel`: :class:`ZmqChannel`, binding and connecting;
* :mod:`~jovi.transport.zmq.heartbeat`: :class:`Heartbeat` (an echo that needs no
  GIL) and :class:`HeartbeatPinger`;
* :mod:`~jovi.transport.zmq.sockets`: a kernel's and a client's five sockets from
  connection info.

Importing this package imports ``zmq``; :mod:`jovi.transport` itself does not.
"""

from __future__ import annotations

from jovi.transport.zmq.channel import (
    DEFAULT_LINGER_MS,
    ZERO_COPY_THRESHOLD,
    SocketKind,
    ZmqChannel,
    bind_channel,
    connect_channel,
)
from jovi.transport.zmq.heartbeat import Heartbeat, HeartbeatPinger
from jovi.transport.zmq.sockets import (
    ClientChannels,
    KernelChannels,
    open_client_channels,
    open_kernel_channels,
)

__all__ = [
    "DEFAULT_LINGER_MS",
    "ZERO_COPY_THRESHOLD",
    "ClientChannels",
    "Heartbeat",
    "HeartbeatPinger",
    "KernelChannels",
    "SocketKind",
    "ZmqChannel",
    "bind_channel",
    "connect_channel",
    "open_client_channels",
    "open_kernel_channels",
]
