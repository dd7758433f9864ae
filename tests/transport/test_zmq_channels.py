"""ZeroMQ channels on loopback (tcp) and unix sockets (ipc) pass the conformance checks."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import pytest
import zmq
import zmq.asyncio

from jovi.errors import BindError, ChannelClosed
from jovi.testing import check_channel_pair, check_fanout, check_router_dealers
from jovi.transport import Channel
from jovi.transport.zmq import ZERO_COPY_THRESHOLD, bind_channel, connect_channel

pytestmark = pytest.mark.integration


@pytest.fixture(params=["tcp", "ipc"])
def where(request, tmp_path):
    """(transport, ip) to bind on: loopback, or a path prefix in a private directory."""
    if request.param == "tcp":
        return "tcp", "127.0.0.1"
    return "ipc", str(tmp_path / "kernel-ipc")


@contextlib.asynccontextmanager
async def zmq_context():
    context = zmq.asyncio.Context()
    try:
        yield context
    finally:
        leaked = [s for s in context._sockets if not s.closed]
        context.destroy(linger=0)
        assert leaked == [], f"sockets left open: {leaked}"


def opener(where, kinds):
    transport, ip = where

    @contextlib.asynccontextmanager
    async def open_channels():
        async with zmq_context() as context:
            bound = bind_channel(context, kinds[0], transport, ip)
            others = [
                connect_channel(context, kind, bound.endpoint, identity=f"peer-{i}".encode())
                for i, kind in enumerate(kinds[1:])
            ]
            try:
                yield bound, others
            finally:
                for channel in (bound, *others):
                    await channel.aclose(linger=0)

    return open_channels


def test_a_dealer_pair_passes_the_channel_checks(where):
    open_channels = opener(where, ["dealer", "dealer"])

    @contextlib.asynccontextmanager
    async def open_pair():
        async with open_channels() as (bound, [connected]):
            yield bound, connected

    asyncio.run(check_channel_pair(open_pair))


def test_a_router_and_dealers_pass_the_routing_checks(where):
    asyncio.run(check_router_dealers(opener(where, ["router", "dealer", "dealer"])))


async def subscribed(publisher: Channel, subscribers, kind: str) -> None:
    """Wait until every subscriber receives, then drain what was sent meanwhile."""
    async with asyncio.timeout(10):
        await _subscribed(publisher, subscribers, kind)


async def _subscribed(publisher: Channel, subscribers, kind: str) -> None:
    if kind == "xpub":
        for _ in subscribers:  # one subscription message per subscriber
            assert (await publisher.recv())[0][:1] == b"\x01"
        return
    ready = [False] * len(subscribers)
    while not all(ready):  # PUB/SUB: subscriptions take effect some time after connecting
        await publisher.send([b"probe"])
        for index, subscriber in enumerate(subscribers):
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.02):
                    await subscriber.recv()
                    ready[index] = True
    await publisher.send([b"sync"])
    for subscriber in subscribers:
        while (await subscriber.recv()) != [b"sync"]:
            pass


@pytest.mark.parametrize("kind", ["pub", "xpub"])
def test_iopub_fans_out_to_two_subscribers(where, kind):
    open_channels = opener(where, [kind, "sub", "sub"])

    @contextlib.asynccontextmanager
    async def open_fanout():
        async with open_channels() as (publisher, subscribers):
            await subscribed(publisher, subscribers, kind)
            yield publisher, subscribers

    asyncio.run(check_fanout(open_fanout))


def test_port_zero_binds_a_free_port_and_reports_it():
    async def main() -> None:
        async with zmq_context() as context:
            first = bind_channel(context, "router", "tcp", "127.0.0.1")
            second = bind_channel(context, "router", "tcp", "127.0.0.1", 0)
            assert first.port > 0
            assert second.port > 0
            assert first.port != second.port
            assert first.endpoint == f"tcp://127.0.0.1:{first.port}"
            with pytest.raises(
                BindError, match=f"cannot bind a router socket to tcp://127.0.0.1:{first.port}"
            ):
                bind_channel(context, "router", "tcp", "127.0.0.1", first.port)
            for channel in (first, second):
                await channel.aclose(linger=0)

    asyncio.run(main())


def test_a_port_used_by_another_program_is_a_bind_error():
    async def main() -> None:
        with socket.socket() as other:
            other.bind(("127.0.0.1", 0))
            other.listen()
            port = other.getsockname()[1]
            async with zmq_context() as context:
                with pytest.raises(BindError, match="Address already in use"):
                    bind_channel(context, "pub", "tcp", "127.0.0.1", port)

    asyncio.run(main())


def test_ipc_port_zero_takes_the_next_free_number(tmp_path):
    async def main() -> None:
        prefix = str(tmp_path / "k")
        (tmp_path / "k-1").touch()  # a stale file
        async with zmq_context() as context:
            channel = bind_channel(context, "router", "ipc", prefix)
            assert channel.endpoint == f"ipc://{prefix}-2"
            assert channel.port == 2
            await channel.aclose(linger=0)

    asyncio.run(main())


def test_large_frames_arrive_as_views_of_zeromq_memory_and_small_ones_as_bytes():
    async def main() -> None:
        async with opener(("tcp", "127.0.0.1"), ["dealer", "dealer"])() as (a, [b]):
            big = bytearray(b"x" * ZERO_COPY_THRESHOLD)
            await a.send([b"small", memoryview(big)])
            small, large = await b.recv()
            assert small == b"small"
            assert isinstance(large, memoryview)
            assert large == big

    asyncio.run(main())


def test_closed_channels_refuse_to_work():
    async def main() -> None:
        async with opener(("tcp", "127.0.0.1"), ["dealer", "dealer"])() as (a, [b]):
            await a.aclose()
            assert a.closed
            assert "closed" in repr(a)
            with pytest.raises(ChannelClosed):
                await a.send([b"x"])
            with pytest.raises(ChannelClosed):
                await a.recv()
            await b.send([b"into the void"])

    asyncio.run(main())
