"""Layer 2: channels that carry the protocol's frames (ZeroMQ, or memory for tests).

* :mod:`~jovi.transport.base`: the :class:`Channel` protocols every transport offers;
* :mod:`~jovi.transport.memory`: in-memory channels (pair, router/dealer, pub/sub);
* :mod:`~jovi.transport.messages`: :class:`MessageChannel`, messages over a channel;
* :mod:`jovi.transport.zmq`: ZeroMQ sockets and the heartbeat (imports ``zmq``, so it
  is not imported here).
"""

from __future__ import annotations

from jovi.transport.base import Channel, Frame, ReceiveChannel, SendChannel
from jovi.transport.memory import (
    MemoryChannel,
    MemoryDealer,
    MemoryPublisher,
    MemoryRouter,
    MemorySubscriber,
    memory_channel_pair,
)
from jovi.transport.messages import MessageChannel

__all__ = [
    "Channel",
    "Frame",
    "MemoryChannel",
    "MemoryDealer",
    "MemoryPublisher",
    "MemoryRouter",
    "MemorySubscriber",
    "MessageChannel",
    "ReceiveChannel",
    "SendChannel",
    "memory_channel_pair",
]
