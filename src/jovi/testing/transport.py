"""Conformance checks for channels (docs/design/style.md, C22): run them against any transport.

Each check takes a factory, an async context manager function that opens fresh,
connected channels and closes them on exit, and raises :class:`AssertionError` naming
what a channel did wrong.  jovi runs them against its ZeroMQ channels (tcp and ipc)
and its in-memory channels; a new transport (a WebSocket bridge, say) should pass them
too.

Usage::

    @contextlib.asynccontextmanager
    async def open_pair():
        a, b = memory_channel_pair()
        yield a, b
        await a.aclose(); await b.aclose()

    await check_channel_pair(open_pair)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager

from jovi.errors import ChannelClosed
from jovi.transport.base import Channel, Frame, ReceiveChannel, SendChannel

__all__ = [
    "FanoutFactory",
    "PairFactory",
    "RouterFactory",
    "check_channel_pair",
    "check_fanout",
    "check_router_dealers",
]

PairFactory = Callable[[], AbstractAsyncContextManager[tuple[Channel, Channel]]]
"""Opens two connected two-way channels."""

RouterFactory = Callable[[], AbstractAsyncContextManager[tuple[Channel, Sequence[Channel]]]]
"""Opens a router and two or more dealers connected to it, with distinct identities."""

FanoutFactory = Callable[
    [], AbstractAsyncContextManager[tuple[SendChannel, Sequence[ReceiveChannel]]]
]
"""Opens a publisher and two or more subscribers that already receive everything."""

LARGE = 1 << 20

MESSAGES: list[list[Frame]] = [
    [b"one frame"],
    [b""],
    [b"", b"", b""],
    [b"<IDS|MSG>", b"a", b"", b"\x00\xff"],
    [bytes(range(256))],
    [bytearray(b"a bytearray")],
    [memoryview(b"a memoryview")],
    [b"head", bytes(LARGE)],
]


async def _recv(channel: ReceiveChannel, patience: float, what: str) -> list[Frame]:
    try:
        async with asyncio.timeout(patience):
            frames = await channel.recv()
    except TimeoutError:
        raise AssertionError(f"{what}: nothing received within {patience} s") from None
    bad = [type(frame).__name__ for frame in frames if not isinstance(frame, bytes | memoryview)]
    assert not bad, f"{what}: received frames must be bytes or memoryview, not {bad}"
    return frames


async def _nothing_arrives(channel: ReceiveChannel, wait: float, what: str) -> None:
    try:
        async with asyncio.timeout(wait):
            frames = await channel.recv()
    except TimeoutError:
        return
    raise AssertionError(f"{what}: received {_show(frames)}, expected nothing")


def _plain(frames: Sequence[Frame]) -> list[bytes]:
    return [bytes(frame) for frame in frames]


def _show(frames: Sequence[Frame]) -> str:
    return repr([f"<{len(f)} bytes>" if len(f) > 32 else bytes(f) for f in frames])


async def _round_trip(a: Channel, b: Channel, patience: float) -> None:
    for sender, receiver, direction in ((a, b, "first to second"), (b, a, "second to first")):
        for message in MESSAGES:
            await sender.send(message)
            got = await _recv(receiver, patience, f"{direction}, {_show(message)}")
            assert _plain(got) == _plain(message), (
                f"{direction}: sent {_show(message)}, received {_show(got)}"
            )


async def _order(a: Channel, b: Channel, patience: float) -> None:
    count = 300
    for number in range(count):
        await a.send([b"n", str(number).encode()])
    got = [_plain(await _recv(b, patience, f"message {i} of {count}")) for i in range(count)]
    assert got == [[b"n", str(i).encode()] for i in range(count)], "messages arrived out of order"


async def _waiting_receiver(a: Channel, b: Channel, patience: float) -> None:
    async with asyncio.TaskGroup() as group:
        waiting = group.create_task(_recv(b, patience, "a receiver that waited"))
        await asyncio.sleep(0.05)
        assert not waiting.done(), "recv returned before anything was sent"
        await a.send([b"late"])
    assert _plain(waiting.result()) == [b"late"]


async def _cancelled_receive_loses_nothing(a: Channel, b: Channel, patience: float) -> None:
    async with asyncio.TaskGroup() as group:
        waiting = group.create_task(b.recv())
        await asyncio.sleep(0.05)
        waiting.cancel()
    assert waiting.cancelled(), "a cancelled recv must end cancelled"
    await a.send([b"after the cancelled recv"])
    got = await _recv(b, patience, "after a cancelled recv")
    assert _plain(got) == [b"after the cancelled recv"], "a cancelled recv lost a message"


async def _closing(a: Channel, b: Channel, patience: float) -> None:
    async def wait_then_fail() -> None:
        try:
            frames = await b.recv()
        except ChannelClosed:
            return
        raise AssertionError(f"a recv pending at close returned {_show(frames)}")

    async with asyncio.TaskGroup() as group:
        pending = group.create_task(wait_then_fail())
        await asyncio.sleep(0.05)
        await b.aclose()
        try:
            async with asyncio.timeout(patience):
                await pending
        except TimeoutError:
            raise AssertionError(
                f"a recv pending at aclose still waits after {patience} s"
            ) from None
    assert b.closed, "closed must be true after aclose"
    await b.aclose()  # idempotent
    for operation, call in (
        ("send", lambda: b.send([b"x"])),
        ("recv", b.recv),
    ):
        try:
            await call()
        except ChannelClosed:
            continue
        raise AssertionError(f"{operation} after aclose must raise ChannelClosed")


def _leaves(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    found: list[BaseException] = []
    for error in group.exceptions:
        found += _leaves(error) if isinstance(error, BaseExceptionGroup) else [error]
    return found


async def _unwrapped(check: Awaitable[None]) -> None:
    """Run ``check``; an assertion failing inside a task group comes out alone."""
    try:
        await check
    except BaseExceptionGroup as group:
        failures = [error for error in _leaves(group) if isinstance(error, AssertionError)]
        if failures:
            raise failures[0] from group
        raise


async def check_channel_pair(open_pair: PairFactory, *, patience: float = 5.0) -> None:
    """Check two connected two-way channels: whole messages, frames in order, empty and
    large frames, messages in order, a receiver that waits, a cancelled receive that
    loses nothing, and closing.

    Raises:
        AssertionError: a check failed; the message says which and how.
    """
    checks: list[Callable[[Channel, Channel, float], Awaitable[None]]] = [
        _round_trip,
        _order,
        _waiting_receiver,
        _cancelled_receive_loses_nothing,
        _closing,
    ]
    for check in checks:
        async with open_pair() as (first, second):
            await _unwrapped(check(first, second, patience))


async def check_router_dealers(open_router: RouterFactory, *, patience: float = 5.0) -> None:
    """Check a router and its dealers: the router sees each dealer's identity first,
    its replies reach only the dealer named, and a reply to an unknown identity is
    dropped without an error.

    Raises:
        AssertionError: a check failed.
    """
    async with open_router() as (router, dealers):
        assert len(dealers) >= 2, "the factory must open at least two dealers"
        identities = []
        for number, dealer in enumerate(dealers):
            await dealer.send([b"hello", str(number).encode()])
            got = _plain(await _recv(router, patience, f"the router, from dealer {number}"))
            assert got[1:] == [b"hello", str(number).encode()], (
                f"the router received {got}, expected [identity, b'hello', {number}]"
            )
            identities.append(got[0])
        assert len(set(identities)) == len(dealers), f"identities are not distinct: {identities}"
        await router.send([b"no such dealer", b"lost"])
        for number, identity in enumerate(identities):
            await router.send([identity, b"reply", str(number).encode()])
        for number, dealer in enumerate(dealers):
            got = _plain(await _recv(dealer, patience, f"dealer {number}"))
            assert got == [b"reply", str(number).encode()], (
                f"dealer {number} received {got}, expected its own reply"
            )
        await _nothing_arrives(dealers[0], 0.1, "dealer 0 after its reply")


async def check_fanout(open_fanout: FanoutFactory, *, patience: float = 5.0) -> None:
    """Check a publisher and its subscribers: each subscriber receives every message,
    whole and in order.

    Raises:
        AssertionError: a check failed.
    """
    async with open_fanout() as (publisher, subscribers):
        assert len(subscribers) >= 2, "the factory must open at least two subscribers"
        messages = [[b"topic", str(number).encode(), bytes(number)] for number in range(50)]
        for message in messages:
            await publisher.send(message)
        for index, subscriber in enumerate(subscribers):
            got = [
                _plain(await _recv(subscriber, patience, f"subscriber {index}, message {n}"))
                for n in range(len(messages))
            ]
            assert got == messages, f"subscriber {index} did not receive every message in order"
