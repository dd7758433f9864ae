"""10,000 random and malformed multipart messages: the kernel stays alive and answers.

One in-process kernel (memory channels) serves every generated batch: unsigned
garbage, frames around the delimiter, correctly signed frames of broken JSON, signed
headers of any message type with any content.  After each batch a valid
``kernel_info_request`` must be answered.  Signed messages never carry requests that
would run code (no ``execute_request``).
"""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jovi.config import Config
from jovi.protocol import DELIMITER
from jovi.protocol.shell import KernelInfoReply, KernelInfoRequest
from jovi.testing.kernel import open_memory_kernel

KEY = "property-test-key"
BATCH = 100
BATCHES = 100  # 10,000 messages in all

SAFE_TYPES = [
    "kernel_info_request",
    "complete_request",
    "inspect_request",
    "is_complete_request",
    "history_request",
    "comm_info_request",
    "comm_msg",
    "comm_close",
    "connect_request",
    "debug_request",
    "input_reply",
    "status",
]

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
json_values = (
    scalars
    | st.lists(scalars, max_size=3)
    | st.dictionaries(st.text(max_size=4), scalars, max_size=2)
)


def _header(msg_type: str, fields: dict) -> dict:
    return {
        "msg_id": "m",
        "msg_type": msg_type,
        "session": "s",
        "username": "u",
        "date": "2024-01-01T00:00:00.000000Z",
        "version": "5.3",
        **fields,
    }


@st.composite
def signed_parts(draw):
    """Correctly signed frames whose JSON may be anything (or not JSON at all)."""
    msg_type = draw(st.sampled_from(SAFE_TYPES) | st.text(max_size=12))
    header = draw(
        st.builds(
            _header, st.just(msg_type), st.dictionaries(st.text(max_size=5), scalars, max_size=1)
        )
        | json_values
    )
    parts = [
        json.dumps(header).encode(),
        draw(st.sampled_from([b"{}", b"[]", b"null"]) | st.binary(max_size=16)),
        draw(st.sampled_from([b"{}", b'{"a": 1}']) | st.binary(max_size=8)),
        json.dumps(draw(st.dictionaries(st.text(max_size=8), json_values, max_size=4))).encode()
        if draw(st.booleans())
        else draw(st.binary(max_size=24)),
    ]
    if draw(st.booleans()):
        parts[draw(st.integers(0, 3))] = draw(st.binary(max_size=12))
    return parts


def frames_strategy(signer):
    garbage = st.lists(st.binary(max_size=32), max_size=8)
    around_delimiter = st.builds(
        lambda before, after: [*before, DELIMITER, *after],
        st.lists(st.binary(max_size=8), max_size=2),
        st.lists(st.binary(max_size=32), max_size=7),
    )
    signed = signed_parts().map(lambda parts: [b"ident", DELIMITER, signer.sign(parts), *parts])
    return st.one_of(garbage, around_delimiter, signed)


class _KernelThread:
    """The kernel's event loop on a thread of its own, driven from a sync test."""

    def __init__(self, tmp_path) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self.client = None
        self.kernel = None
        self.thread = threading.Thread(
            target=self.loop.run_until_complete, args=(self._main(tmp_path),)
        )

    async def _main(self, tmp_path) -> None:
        self._stop = asyncio.Event()
        # jedi stays off: random code to complete would only make the test slow.
        config = Config({"Completer": {"use_jedi": False}})
        async with open_memory_kernel(tmp_path / "profile", key=KEY, config=config) as (
            kernel,
            client,
        ):
            self.kernel, self.client = kernel, client
            self.ready.set()
            await self._stop.wait()

    def run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    def stop(self) -> None:
        assert self._stop is not None
        self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(30)
        self.loop.close()


@pytest.fixture(scope="module")
def kernel_thread(tmp_path_factory):
    runner = _KernelThread(tmp_path_factory.mktemp("properties"))
    runner.thread.start()
    assert runner.ready.wait(30)
    yield runner
    runner.stop()


def test_random_and_malformed_messages_never_stop_the_kernel(kernel_thread):
    client = kernel_thread.client
    signer = client.session.signer
    sent = []

    async def send_batch(batch):
        for frames in batch:
            await client.send_frames(frames)
            await client.send_frames(frames, "control")
        request = await client.send(KernelInfoRequest())
        return await client.reply(request)

    @settings(
        max_examples=BATCHES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(frames_strategy(signer), min_size=BATCH // 2, max_size=BATCH // 2))
    def one_batch(batch):
        reply = kernel_thread.run(send_batch(batch))
        assert isinstance(reply.content, KernelInfoReply)
        sent.append(len(batch) * 2)

    one_batch()
    assert sum(sent) >= 10_000
    assert kernel_thread.kernel.server.refused > 0
