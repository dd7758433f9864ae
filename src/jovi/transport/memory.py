"""In-memory channels: the ZeroMQ patterns on asyncio queues, for tests and in-process kernels.

* :func:`memory_channel_pair`: two connected two-way channels (like PAIR sockets);
* :class:`MemoryRouter` with :meth:`MemoryRouter.connect` dealers: the router receives
  ``[identity, *frames]`` and routes what it sends by the first frame, as a ROUTER
  socket does with DEALER peers (a message for an unknown identity is dropped);
* :class:`MemoryPublisher` with :meth:`MemoryPublisher.subscribe` subscribers: every
  subscriber whose prefix matches the first frame gets every message, as with PUB/SUB.

Frames are passed by reference, never copied (a ``bytearray`` arrives as a
``memoryview`` of it, as received frames are ``bytes`` or ``memoryview``).  All ends
must be used from one event loop (the one running when they are first used).  As
with ZeroMQ, closing one end does not tell the other: messages sent to a closed end
are dropped.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Final

from jovi.errors import ChannelClosed

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.transport.base import Frame

__all__ = [
    "MemoryChannel",
    "MemoryDealer",
    "MemoryPublisher",
    "MemoryRouter",
    "MemorySubscriber",
    "memory_channel_pair",
]


class _Closed:
    """Put in an inbox to wake the receivers of a closed end."""


_CLOSED: Final = _Closed()


class _Inbox:
    """The receiving half shared by every memory end."""

    __slots__ = ("_closed", "_queue", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._queue: asyncio.Queue[list[Frame] | _Closed] = asyncio.Queue()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def deliver(self, frames: list[Frame]) -> None:
        if not self._closed:
            # Received frames are bytes or memoryviews, as from ZeroMQ; a view of a
            # bytearray still shares its memory.
            self._queue.put_nowait(
                [memoryview(frame) if isinstance(frame, bytearray) else frame for frame in frames]
            )

    async def recv(self) -> list[Frame]:
        if self._closed:
            raise ChannelClosed(f"{self.name} is closed")
        item = await self._queue.get()
        if isinstance(item, _Closed):
            self._queue.put_nowait(item)  # wake the next waiter too
            raise ChannelClosed(f"{self.name} was closed while receiving")
        return item

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put_nowait(_CLOSED)

    def check_open(self) -> None:
        if self._closed:
            raise ChannelClosed(f"{self.name} is closed")


class MemoryChannel:
    """One end of a :func:`memory_channel_pair`."""

    def __init__(self, name: str = "memory channel") -> None:
        self._inbox = _Inbox(name)
        self._peer: MemoryChannel | None = None

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._inbox.closed

    async def send(self, frames: Sequence[Frame]) -> None:
        """Deliver ``frames`` to the other end."""
        self._inbox.check_open()
        if self._peer is not None:
            self._peer._inbox.deliver(list(frames))

    async def recv(self) -> list[Frame]:
        """Wait for the next message from the other end."""
        return await self._inbox.recv()

    async def aclose(self) -> None:
        """Close this end."""
        self._inbox.close()


def memory_channel_pair() -> tuple[MemoryChannel, MemoryChannel]:
    """Two connected in-memory channels: what one sends, the other receives."""
    first, second = MemoryChannel("memory channel A"), MemoryChannel("memory channel B")
    first._peer, second._peer = second, first
    return first, second


class MemoryRouter:
    """The routing end: receives ``[identity, *frames]`` from its dealers and sends
    ``[identity, *frames]`` to the dealer with that identity."""

    def __init__(self, name: str = "memory router") -> None:
        self._inbox = _Inbox(name)
        self._dealers: dict[bytes, MemoryDealer] = {}

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._inbox.closed

    def connect(self, identity: bytes) -> MemoryDealer:
        """A new dealer connected to this router under ``identity``.

        Raises:
            ValueError: a connected dealer already has ``identity``.
        """
        known = self._dealers.get(identity)
        if known is not None and not known.closed:
            raise ValueError(f"a dealer with identity {identity!r} is already connected")
        dealer = MemoryDealer(self, identity)
        self._dealers[identity] = dealer
        return dealer

    async def send(self, frames: Sequence[Frame]) -> None:
        """Send ``frames[1:]`` to the dealer whose identity is ``frames[0]``."""
        self._inbox.check_open()
        if not frames:
            return
        dealer = self._dealers.get(bytes(frames[0]))
        if dealer is not None:
            dealer._inbox.deliver(list(frames[1:]))

    async def recv(self) -> list[Frame]:
        """The next message from any dealer, its identity first."""
        return await self._inbox.recv()

    async def aclose(self) -> None:
        """Close the router."""
        self._inbox.close()


class MemoryDealer:
    """A client end of a :class:`MemoryRouter` (make one with ``router.connect``)."""

    def __init__(self, router: MemoryRouter, identity: bytes) -> None:
        self._router = router
        self.identity = identity
        self._inbox = _Inbox(f"memory dealer {identity!r}")

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._inbox.closed

    async def send(self, frames: Sequence[Frame]) -> None:
        """Send ``frames`` to the router, which sees this dealer's identity first."""
        self._inbox.check_open()
        self._router._inbox.deliver([self.identity, *frames])

    async def recv(self) -> list[Frame]:
        """The next message the router sent to this dealer."""
        return await self._inbox.recv()

    async def aclose(self) -> None:
        """Close this dealer."""
        self._inbox.close()


class MemoryPublisher:
    """The publishing end: each message goes to every matching subscriber."""

    def __init__(self, name: str = "memory publisher") -> None:
        self.name = name
        self._closed = False
        self._subscribers: list[MemorySubscriber] = []

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._closed

    def subscribe(self, *prefixes: bytes) -> MemorySubscriber:
        """A new subscriber getting the messages whose first frame starts with one of
        ``prefixes`` (everything when none are given, as with ``b""``)."""
        subscriber = MemorySubscriber(prefixes or (b"",))
        self._subscribers.append(subscriber)
        return subscriber

    async def send(self, frames: Sequence[Frame]) -> None:
        """Publish ``frames``."""
        if self._closed:
            raise ChannelClosed(f"{self.name} is closed")
        self._subscribers = [s for s in self._subscribers if not s.closed]
        topic = bytes(frames[0]) if frames else b""
        for subscriber in self._subscribers:
            if subscriber.matches(topic):
                subscriber._inbox.deliver(list(frames))

    async def aclose(self) -> None:
        """Close the publisher."""
        self._closed = True


class MemorySubscriber:
    """A receiving end of a :class:`MemoryPublisher` (make one with ``subscribe``)."""

    def __init__(self, prefixes: tuple[bytes, ...]) -> None:
        self.prefixes = prefixes
        self._inbox = _Inbox("memory subscriber")

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._inbox.closed

    def matches(self, topic: bytes) -> bool:
        """Whether a message whose first frame is ``topic`` is for this subscriber."""
        return any(topic.startswith(prefix) for prefix in self.prefixes)

    async def recv(self) -> list[Frame]:
        """The next published message."""
        return await self._inbox.recv()

    async def aclose(self) -> None:
        """Stop receiving."""
        self._inbox.close()
