"""Layer 2: channels that carry the protocol's frames (ZeroMQ, or memory for tests).

* :mod:`~jovi.transport.base`: the :class:`Channel` protocols every transport offers;
* :mod:`~jovi.transport.memory`: in-memory channels (pair, router/dealer, pub/sub);
* :mod:`~jovi.transport.messages`: :class:`MessageChannel`, messages over a channel;
* :mod:`jovi.transport.zmq`: ZeroMQ sockets and the heartbeat.

Names are imported from their modules on first use: importing this package imports
neither ``zmq`` nor ``asyncio``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
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

_HOMES = {
    "Channel": "jovi.transport.base",
    "Frame": "jovi.transport.base",
    "ReceiveChannel": "jovi.transport.base",
    "SendChannel": "jovi.transport.base",
    "MemoryChannel": "jovi.transport.memory",
    "MemoryDealer": "jovi.transport.memory",
    "MemoryPublisher": "jovi.transport.memory",
    "MemoryRouter": "jovi.transport.memory",
    "MemorySubscriber": "jovi.transport.memory",
    "memory_channel_pair": "jovi.transport.memory",
    "MessageChannel": "jovi.transport.messages",
}

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

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
