"""The server's readiness probe of a kernel: ``kernel_info`` until the kernel answers,
read from a socket of its own (real ZeroMQ sockets, no kernel)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
import zmq
import zmq.asyncio

from jovi.server.kernels.kernel import _reply_within

pytestmark = pytest.mark.integration


def _reply(parent_id: str) -> list[bytes]:
    parent = json.dumps({"msg_id": parent_id}).encode()
    return [b"<IDS|MSG>", b"signature", b"{}", parent, b"{}", b"{}"]


async def _pair() -> tuple[zmq.asyncio.Context, zmq.asyncio.Socket, zmq.asyncio.Socket]:
    context = zmq.asyncio.Context()
    router = context.socket(zmq.ROUTER)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    dealer = context.socket(zmq.DEALER)
    dealer.setsockopt(zmq.IDENTITY, b"probe")
    dealer.connect(f"tcp://127.0.0.1:{port}")
    await dealer.send(b"hello")  # the connection is up once the router has it
    await router.recv_multipart()
    return context, router, dealer


async def _receive(socket: zmq.asyncio.Socket) -> None:
    await socket.recv_multipart()


def test_the_reply_asked_for_ends_the_wait_and_others_are_dropped():
    async def scenario() -> bool:
        context, router, dealer = await _pair()
        try:
            await router.send_multipart([b"probe", *_reply("an earlier probe")])
            await router.send_multipart([b"probe", *_reply("this probe")])
            return await _reply_within(dealer, "this probe", time.monotonic() + 5)
        finally:
            context.destroy(linger=0)

    assert asyncio.run(scenario()) is True


def test_a_reply_another_reader_takes_leaves_the_wait_ending_at_its_deadline():
    # The probe's poll sees a message, another reader of the socket takes it first:
    # the probe must not then wait for one more without a deadline (with two probes
    # of one kernel, each could wait for ever for the other's reply).
    async def scenario() -> tuple[bool, float]:
        context, router, dealer = await _pair()
        try:
            began = time.monotonic()
            async with asyncio.TaskGroup() as group:
                probe = group.create_task(
                    asyncio.wait_for(_reply_within(dealer, "mine", began + 0.5), 5)
                )
                await asyncio.sleep(0)  # the probe polls first
                group.create_task(_receive(dealer))
                await asyncio.sleep(0)  # then the other reader waits
                await router.send_multipart([b"probe", *_reply("theirs")])
            return probe.result(), time.monotonic() - began
        finally:
            context.destroy(linger=0)

    replied, took = asyncio.run(scenario())
    assert replied is False
    assert took < 2
