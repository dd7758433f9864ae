"""Forged messages never run: tampered content, tampered header, wrong key, unsigned and
replayed messages sent as raw frames to a real kernel process are dropped with a log
line, and the kernel still answers the next valid request."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest

from jovi.client.connection_file import read_connection_file, write_connection_file
from jovi.protocol import ConnectionInfo, ExecuteRequest, Session
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


def _wait_for_ports(connection_file, process) -> ConnectionInfo:
    """Return the moment the kernel has written its ports: it still builds itself then,
    so a signal sent at once arrives in the first moments a client can reach it."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if connection_file.exists():
            info = read_connection_file(connection_file)
            if info.all_ports_chosen:
                return info
        assert process.poll() is None, process.communicate(timeout=5)
        time.sleep(0.001)
    raise AssertionError("the kernel did not write its ports")


def test_sigterm_stops_the_kernel_and_removes_the_connection_file_it_wrote(isolated_dirs):
    runtime = isolated_dirs / "jupyter-runtime"
    process = subprocess.Popen(
        [sys.executable, "-m", "jovi", "kernel"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    connection_file = runtime / f"kernel-{process.pid}.json"
    _wait_for_ports(connection_file, process)
    process.terminate()
    process.communicate(timeout=10)
    assert process.returncode == 0
    assert not connection_file.exists()  # the key is not left behind


def test_a_connection_file_without_a_key_is_warned_about_in_one_line(tmp_path):
    connection_file = tmp_path / "kernel.json"
    write_connection_file(connection_file, ConnectionInfo(key=""))
    process = subprocess.Popen(
        [sys.executable, "-m", "jovi", "kernel", "-f", str(connection_file)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_ports(connection_file, process)
    process.terminate()
    _, stderr = process.communicate(timeout=10)
    warnings = [line for line in stderr.splitlines() if "no key" in line]
    assert warnings == [
        (
            "jovi kernel: warning: the connection file has no key, so messages are not signed: "
            "anyone who can reach the kernel's ports can run code in it."
        )
    ]


def test_a_flood_of_subscriptions_gets_a_bounded_number_of_welcomes(kernel_process):
    import zmq

    info, process = kernel_process
    context = zmq.Context()
    subscriber = context.socket(zmq.SUB)
    subscriber.connect(info.url("iopub"))
    try:
        subscriber.setsockopt(zmq.SUBSCRIBE, b"")  # sees every welcome
        for number in range(100_000):
            subscriber.setsockopt(zmq.SUBSCRIBE, f"topic-{number}".encode())
        welcomes = 0
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            if subscriber.poll(200):
                frames = subscriber.recv_multipart()
                welcomes += b'"iopub_welcome"' in b"".join(frames)
        assert 0 < welcomes <= 200  # a burst of 50 and 50 a second, not 100,000
    finally:
        subscriber.close(linger=0)
        context.term()
    process.terminate()
    _, stderr = process.communicate(timeout=10)
    assert stderr.count("subscriptions arrive faster than") == 1


def test_refused_messages_are_logged_briefly_however_many_and_long_they_are(kernel_process):
    import zmq

    info, process = kernel_process
    context = zmq.Context()
    dealer = context.socket(zmq.DEALER)
    dealer.connect(info.url("shell"))
    started = time.monotonic()
    try:
        long = b"x" * 100_000
        for _ in range(1000):
            dealer.send_multipart([DELIMITER, b"bad signature", long, b"{}", b"{}", b"{}"])
        session = Session(KEY)
        frames, msg_id = _execute_frames(session, "1")
        dealer.send_multipart(frames)  # still answered after the flood
        while True:
            assert dealer.poll(30_000)
            _, reply = session.deserialize(dealer.recv_multipart())
            if reply.parent_msg_id == msg_id:
                break
    finally:
        dealer.close(linger=0)
        context.term()
    process.terminate()
    _, stderr = process.communicate(timeout=10)
    elapsed = time.monotonic() - started
    dropped = [line for line in stderr.splitlines() if "Invalid message on shell" in line]
    assert 1 <= len(dropped) <= 2 + elapsed / 5  # one line per five seconds, not 1,000
    assert all(len(line) < 400 for line in stderr.splitlines())
    assert "1000 invalid message(s) were dropped (SignatureMismatch 1000)" in stderr
