"""The conformance checks catch channels that break the rules (so they can fail)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

import pytest

from jovi.testing import check_channel_pair, check_fanout, check_router_dealers
from jovi.transport import (
    Frame,
    MemoryChannel,
    MemoryPublisher,
    MemoryRouter,
    memory_channel_pair,
)


class DropsEmptyFrames(MemoryChannel):
    async def send(self, frames: Sequence[Frame]) -> None:
        await super().send([frame for frame in frames if len(frame)])


class Reorders(MemoryChannel):
    held: list[Frame] | None = None

    async def send(self, frames: Sequence[Frame]) -> None:
        if self.held is None:
            self.held = list(frames)
            return
        await super().send(frames)
        await super().send(self.held)
        self.held = None


class SendsAfterClose(MemoryChannel):
    async def send(self, frames: Sequence[Frame]) -> None:
        if self._peer is not None:
            self._peer._inbox.deliver(list(frames))


class ReturnsBytearrays(MemoryChannel):
    async def recv(self) -> list[Frame]:
        return [bytearray(frame) for frame in await super().recv()]


def pair_of(cls: type[MemoryChannel]):
    @contextlib.asynccontextmanager
    async def open_pair():
        first, second = memory_channel_pair()
        broken_first, broken_second = cls("first"), cls("second")
        broken_first._peer, broken_second._peer = broken_second, broken_first
        del first, second
        yield broken_first, broken_second
        await broken_first.aclose()
        await broken_second.aclose()

    return open_pair


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (DropsEmptyFrames, "sent [b''], received []"),
        (Reorders, "received"),
        (SendsAfterClose, "send after aclose must raise ChannelClosed"),
        (ReturnsBytearrays, "received frames must be bytes or memoryview"),
    ],
)
def test_the_pair_checks_catch_broken_channels(cls, message):
    with pytest.raises(AssertionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        asyncio.run(check_channel_pair(pair_of(cls), patience=0.5))


def test_a_receive_that_never_comes_fails_rather_than_hangs():
    @contextlib.asynccontextmanager
    async def unconnected():
        yield MemoryChannel("alone"), MemoryChannel("also alone")

    with pytest.raises(AssertionError, match=r"nothing received within 0\.2 s"):
        asyncio.run(check_channel_pair(unconnected, patience=0.2))


def test_the_router_check_catches_a_router_that_broadcasts():
    class Broadcasting(MemoryRouter):
        async def send(self, frames: Sequence[Frame]) -> None:
            for dealer in self._dealers.values():
                dealer._inbox.deliver(list(frames[1:]))

    @contextlib.asynccontextmanager
    async def open_router():
        router = Broadcasting()
        yield router, [router.connect(b"a"), router.connect(b"b")]

    with pytest.raises(AssertionError, match="dealer 0 received"):
        asyncio.run(check_router_dealers(open_router, patience=0.5))


def test_the_fanout_check_catches_a_publisher_that_serves_one_subscriber():
    class OnlyFirst(MemoryPublisher):
        async def send(self, frames: Sequence[Frame]) -> None:
            self._subscribers[0]._inbox.deliver(list(frames))

    @contextlib.asynccontextmanager
    async def open_fanout():
        publisher = OnlyFirst()
        yield publisher, [publisher.subscribe(), publisher.subscribe()]

    with pytest.raises(AssertionError, match="subscriber 1, message 0: nothing received"):
        asyncio.run(check_fanout(open_fanout, patience=0.2))


def test_closing_while_receiving_is_checked():
    class IgnoresClose(MemoryChannel):
        async def aclose(self) -> None:
            pass

        @property
        def closed(self) -> bool:
            return True

    with pytest.raises(AssertionError, match=r"a recv pending at aclose still waits after 0\.3 s"):
        asyncio.run(check_channel_pair(pair_of(IgnoresClose), patience=0.3))
