"""Forged messages never run: tampered content, tampered header, wrong key, unsigned and
replayed messages sent as raw frames to a real kernel process are dropped with a log
line, and the kernel still answers the next valid request (PROTOCOL.md §6(c))."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest

from jovi.protocol import (
    ConnectionInfo,
    ExecuteRequest,
    Session,
    read_connection_file,
    write_connection_file,
)
from jovi.protocol.wire import DELIMITER
from jovi.transport.zmq import open_client_channels

pytestmark = pytest.mark.integration

KEY = "a0436f6c-1916-498b-8eb9-e81ab9368e84"


def _execute_frames(session: Session, code: str) -> tuple[list[bytes], str]:
    message = session.message(ExecuteRequest(code=code, user_expressions={}))
    return [bytes(frame) for frame in session.serialize(message)], message.msg_id


def _forgeries(session: Session) -> dict[str, tuple[list[bytes], str]]:
    forged: dict[str, tuple[list[bytes], str]] = {}
    frames, msg_id = _execute_frames(session, "tampered_content = 1")
    at = frames.index(DELIMITER)
    frames[at + 5] = frames[at + 5].replace(b"tampered_content = 1", b"tampered_content = 2")
    forged["content tampered"] = (frames, msg_id)
    frames, msg_id = _execute_frames(session, "tampered_header = 1")
    header = json.loads(frames[at + 2])
    header["username"] = "mallory"
    frames[at + 2] = json.dumps(header).encode()
    forged["header tampered"] = (frames, msg_id)
    forged["wrong key"] = _execute_frames(Session("not the key"), "wrong_key = 1")
    frames, msg_id = _execute_frames(session, "unsigned = 1")
    frames[at + 1] = b""
    forged["unsigned"] = (frames, msg_id)
    return forged


@pytest.fixture
def kernel_process(tmp_path):
    connection_file = tmp_path / "kernel.json"
    write_connection_file(connection_file, ConnectionInfo(key=KEY))  # ports chosen by the kernel
    process = subprocess.Popen(
        [sys.executable, "-m", "jovi", "kernel", "-f", str(connection_file)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        info = read_connection_file(connection_file)
        while not info.all_ports_chosen and time.monotonic() < deadline:
            time.sleep(0.05)
            info = read_connection_file(connection_file)
        yield info, process
    finally:
        if process.poll() is None:
            process.terminate()
        process.communicate(timeout=10)


async def _reply(channel, session, msg_id, seconds):
    async with asyncio.timeout(seconds):
        while True:
            message = session.deserialize(await channel.recv()).message
            if message.parent_msg_id == msg_id:
                return message


async def _silence(channels, session, msg_id, seconds=0.5) -> bool:
    """True if nothing about ``msg_id`` arrives on shell or IOPub for ``seconds``."""

    async def watch(channel):
        while True:
            message = session.deserialize(await channel.recv()).message
            if message.parent_msg_id == msg_id:
                return message

    try:
        async with asyncio.timeout(seconds):
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(watch(channels.shell))
                tasks.create_task(watch(channels.iopub))
    except TimeoutError:
        return True
    return False


async def test_forged_and_replayed_messages_never_run(kernel_process):
    info, process = kernel_process
    session = Session(info.key)
    async with open_client_channels(info) as channels:
        frames, msg_id = _execute_frames(session, "valid = 1")
        await channels.shell.send(frames)
        first = await _reply(channels.shell, session, msg_id, 30)
        assert first.content.status == "ok"
        await channels.shell.send(frames)  # the same frames again: a replay
        assert await _silence(channels, session, msg_id) is True
        for name, (forged, forged_id) in _forgeries(session).items():
            await channels.shell.send(forged)
            assert await _silence(channels, session, forged_id), f"{name} got an answer"
        check = session.message(
            ExecuteRequest(
                code="",
                silent=True,
                user_expressions={
                    name: f"'{name}' in globals()"
                    for name in (
                        "valid",
                        "tampered_content",
                        "tampered_header",
                        "wrong_key",
                        "unsigned",
                    )
                },
            )
        )
        await channels.shell.send(session.serialize(check))
        reply = await _reply(channels.shell, session, check.msg_id, 10)
    found = {
        name: value["data"]["text/plain"] for name, value in reply.content.user_expressions.items()
    }
    assert found == {
        "valid": "True",
        "tampered_content": "False",
        "tampered_header": "False",
        "wrong_key": "False",
        "unsigned": "False",
    }
    process.terminate()
    _, stderr = process.communicate(timeout=10)
    # One line at the first refusal (the log is rate-limited), then the count at exit.
    assert stderr.count("Invalid message on shell dropped") == 1
    assert "Invalid message on shell dropped (ReplayedMessage)" in stderr
    assert (
        "jovi kernel: 5 invalid message(s) were dropped (ReplayedMessage 1, SignatureMismatch 4)"
        in stderr
    )
