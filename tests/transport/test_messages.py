"""Messages over a channel: what passes the session's checks is delivered, the rest dropped."""

from __future__ import annotations

import asyncio
import logging

import pytest

from jovi.errors import ReplayedMessage, SignatureMismatch
from jovi.protocol import ExecuteRequest, Received, Session, Stream
from jovi.transport import MessageChannel, memory_channel_pair

KEY = b"k"


def test_messages_go_through_signed_and_typed():
    async def main() -> None:
        a, b = memory_channel_pair()
        sender = MessageChannel(a, Session(KEY))
        receiver = MessageChannel(b, Session(KEY), name="shell")
        message = sender.session.message(ExecuteRequest(code="1"))
        await sender.send(message, [b"route"])
        assert await receiver.recv() == Received([b"route"], message)
        await sender.aclose()
        assert sender.closed

    asyncio.run(main())


def test_forged_tampered_and_replayed_messages_are_dropped_and_logged(caplog):
    async def main() -> list[str]:
        a, b = memory_channel_pair()
        refused: list[str] = []
        receiver = MessageChannel(
            b,
            Session(KEY),
            name="iopub",
            on_refused=lambda error, frames: refused.append(type(error).__name__),
        )
        good = Session(KEY)
        forger = Session(b"not the key")
        genuine = good.serialize(good.message(Stream(name="stdout", text="GOOD")))
        tampered = [*genuine[:-1], genuine[-1].replace(b"GOOD", b"EVIL")]
        await a.send(forger.serialize(forger.message(Stream(name="stdout", text="FORGED"))))
        await a.send(tampered)
        await a.send(genuine)
        await a.send(genuine)  # replayed
        last = good.message(Stream(name="stdout", text="LAST"))
        await a.send(good.serialize(last))
        received = [(await receiver.recv()).message.content.text for _ in range(2)]
        assert received == ["GOOD", "LAST"]
        return refused

    with caplog.at_level(logging.WARNING, logger="jovi.transport"):
        refused = asyncio.run(main())
    assert refused == ["SignatureMismatch", "SignatureMismatch", "ReplayedMessage"]
    assert [record.getMessage()[:40] for record in caplog.records] == [
        "Invalid message on iopub dropped (Signat",
        "Invalid message on iopub dropped (Signat",
        "Invalid message on iopub dropped (Replay",
    ]


def test_strict_channels_raise_what_they_refuse():
    async def main() -> None:
        a, b = memory_channel_pair()
        receiver = MessageChannel(b, Session(KEY), strict=True)
        session = Session(KEY)
        frames = session.serialize(session.message(ExecuteRequest(code="1")))
        await a.send(frames)
        await receiver.recv()
        await a.send(frames)
        with pytest.raises(ReplayedMessage):
            await receiver.recv()
        await a.send(Session(b"other").serialize(session.message(ExecuteRequest(code="2"))))
        with pytest.raises(SignatureMismatch):
            await receiver.recv()

    asyncio.run(main())
