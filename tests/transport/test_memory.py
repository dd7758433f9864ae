"""In-memory channels pass the conformance checks, and behave like their ZeroMQ models."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from jovi.errors import ChannelClosed
from jovi.testing import check_channel_pair, check_fanout, check_router_dealers
from jovi.transport import (
    Channel,
    MemoryPublisher,
    MemoryRouter,
    ReceiveChannel,
    SendChannel,
    memory_channel_pair,
)


@contextlib.asynccontextmanager
async def open_pair():
    first, second = memory_channel_pair()
    yield first, second
    await first.aclose()
    await second.aclose()


@contextlib.asynccontextmanager
async def open_router():
    router = MemoryRouter()
    dealers = [router.connect(b"client-a"), router.connect(b"client-b")]
    yield router, dealers
    for end in (router, *dealers):
        await end.aclose()


@contextlib.asynccontextmanager
async def open_fanout():
    publisher = MemoryPublisher()
    subscribers = [publisher.subscribe(), publisher.subscribe(b"")]
    yield publisher, subscribers
    for end in (publisher, *subscribers):
        await end.aclose()


def test_a_memory_pair_passes_the_channel_checks():
    asyncio.run(check_channel_pair(open_pair))


def test_a_memory_router_and_dealers_pass_the_routing_checks():
    asyncio.run(check_router_dealers(open_router))


def test_a_memory_publisher_and_subscribers_pass_the_fanout_checks():
    asyncio.run(check_fanout(open_fanout))


def test_the_ends_have_the_channel_interfaces():
    first, _ = memory_channel_pair()
    router = MemoryRouter()
    publisher = MemoryPublisher()
    assert isinstance(first, Channel)
    assert isinstance(router, Channel)
    assert isinstance(router.connect(b"x"), Channel)
    assert isinstance(publisher, SendChannel)
    assert isinstance(publisher.subscribe(), ReceiveChannel)


def test_frames_are_passed_by_reference():
    async def main() -> None:
        first, second = memory_channel_pair()
        buffer = memoryview(bytearray(1000))
        await first.send([buffer])
        [got] = await second.recv()
        assert got is buffer

    asyncio.run(main())


def test_subscribers_get_only_their_topics():
    async def main() -> None:
        publisher = MemoryPublisher()
        status = publisher.subscribe(b"kernel.1.status")
        everything = publisher.subscribe()
        await publisher.send([b"stream.stdout", b"x"])
        await publisher.send([b"kernel.1.status", b"y"])
        assert await status.recv() == [b"kernel.1.status", b"y"]
        assert await everything.recv() == [b"stream.stdout", b"x"]
        await status.aclose()
        await publisher.send([b"kernel.1.status", b"z"])  # a closed subscriber is skipped
        await publisher.aclose()
        with pytest.raises(ChannelClosed):
            await publisher.send([b"a"])

    asyncio.run(main())


def test_a_router_refuses_two_live_dealers_with_one_identity():
    async def main() -> None:
        router = MemoryRouter()
        dealer = router.connect(b"same")
        with pytest.raises(ValueError, match="already connected"):
            router.connect(b"same")
        await dealer.aclose()
        again = router.connect(b"same")
        await again.send([b"hi"])
        assert await router.recv() == [b"same", b"hi"]

    asyncio.run(main())


def test_messages_to_a_closed_end_are_dropped_as_with_zeromq():
    async def main() -> None:
        first, second = memory_channel_pair()
        await second.aclose()
        await first.send([b"into the void"])
        assert second.closed
        assert not first.closed

    asyncio.run(main())
