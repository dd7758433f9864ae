"""A getter with ``timeout=0`` reads what is already waiting, as jupyter_client's do
(found while building notebook execution: the getters used to give up before reading)."""

from __future__ import annotations

import asyncio

import pytest

from jovi.kernels import start_kernel

pytestmark = pytest.mark.integration


def test_a_zero_timeout_returns_a_reply_that_has_arrived():
    manager, client = start_kernel("pyimport/jovi", startup_timeout=30)
    try:
        msg_id = client.execute("1")
        assert client._socket("shell").poll(10_000), "no reply arrived"  # it is there now
        assert client.get_reply(msg_id, timeout=0).content.status == "ok"
    finally:
        client.close()
        manager.shutdown(now=True)


async def test_the_asyncio_client_peeks_too():
    from jovi.kernels import start_kernel_async

    manager, client = await start_kernel_async("pyimport/jovi", startup_timeout=30)
    try:
        msg_id = await client.execute("1")
        shell = client._channels["shell"].socket
        assert await shell.poll(10_000), "no reply arrived"  # it is there now
        assert (await client.get_reply(msg_id, timeout=0)).content.status == "ok"
        with pytest.raises(TimeoutError):
            await client.get_reply("no-such-request", timeout=0)
    finally:
        await client.aclose()
        await asyncio.to_thread(manager.shutdown, True)
