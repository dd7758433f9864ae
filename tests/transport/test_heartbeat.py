"""The heartbeat answers while the kernel's main thread sleeps or holds the GIL in C code."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import zmq
import zmq.asyncio

from jovi.errors import BindError
from jovi.transport.zmq import Heartbeat, HeartbeatPinger

pytestmark = pytest.mark.integration

CHILD = Path(__file__).with_name("heartbeat_child.py")


def ping_while_blocked(mode: str) -> tuple[list[float | None], float, float]:
    """Start the child, ping three times while its main thread blocks.

    Returns the round trips (None: missed), how long the pings took, how long the
    child was blocked.
    """
    with subprocess.Popen(
        [sys.executable, str(CHILD), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            beats, pinging = asyncio.run(ping(child))
            assert child.stdout is not None
            blocked = float(child.stdout.readline().split()[1])
            assert child.wait(10) == 0
            return beats, pinging, blocked
        finally:
            if child.poll() is None:
                child.kill()


async def ping(child: subprocess.Popen[str]) -> tuple[list[float | None], float]:
    assert child.stdin is not None
    assert child.stdout is not None
    context = zmq.asyncio.Context()
    pinger = HeartbeatPinger(context, f"tcp://127.0.0.1:{int(child.stdout.readline())}")
    try:
        assert await pinger.ping(10.0) is not None, "no heartbeat before blocking"
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "blocking"
        started = time.monotonic()
        # Let the child get into its block: right after printing, its main thread may
        # still be waiting to take the GIL back.
        await asyncio.sleep(0.1)
        beats = [await pinger.ping(0.3) for _ in range(3)]
        return beats, time.monotonic() - started
    finally:
        await pinger.aclose()
        context.term()


@pytest.mark.parametrize("mode", ["sleep", "gil"])
def test_the_heartbeat_answers_while_the_main_thread_is_blocked(mode):
    beats, pinging, blocked = ping_while_blocked(mode)
    assert None not in beats, f"missed beats: {beats}"
    assert max(beats) < 0.3
    assert pinging < blocked, "the pings must have happened while the child was blocked"


def test_a_python_echo_thread_would_not_answer_while_the_gil_is_held():
    # The control: what the test above would see without libzmq's GIL-free proxy.
    beats, _pinging, blocked = ping_while_blocked("python-echo")
    assert blocked > 0.5
    assert None in beats, f"a Python echo answered while the GIL was held: {beats}"


def heartbeat_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("jovi-heartbeat")]


def test_start_stop_and_nothing_left_behind():
    async def main(heartbeat: Heartbeat) -> list[float | None]:
        context = zmq.asyncio.Context()
        pinger = HeartbeatPinger(context, heartbeat.endpoint)
        beats = [await pinger.ping(5.0), await pinger.ping(5.0, payload=b"\x00other")]
        await pinger.aclose()
        context.term()
        return beats

    before = heartbeat_threads()
    with Heartbeat("tcp", "127.0.0.1") as heartbeat:
        assert heartbeat.running
        assert heartbeat.port > 0
        assert len(heartbeat_threads()) == len(before) + 1
        beats = asyncio.run(main(heartbeat))
        with pytest.raises(RuntimeError, match="already started"):
            heartbeat.start()
    assert None not in beats
    assert not heartbeat.running
    assert heartbeat_threads() == before
    heartbeat.stop()  # idempotent


def test_after_a_missed_or_cancelled_beat_a_new_socket_gets_the_next_one():
    async def main() -> tuple[float | None, float | None]:
        context = zmq.asyncio.Context()
        heartbeat = Heartbeat("tcp", "127.0.0.1")
        port = heartbeat.start()
        heartbeat.stop()  # nobody answers on that port any more
        pinger = HeartbeatPinger(context, port)
        missed = await pinger.ping(0.2)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(0.05):  # a ping cancelled half-way by its caller
                await pinger.ping(5.0)
        revived = Heartbeat("tcp", "127.0.0.1", int(port.rsplit(":", 1)[1]))
        revived.start()
        try:
            answered = await pinger.ping(5.0)
        finally:
            revived.stop()
            await pinger.aclose()
            context.term()
        return missed, answered

    missed, answered = asyncio.run(main())
    assert missed is None
    assert answered is not None


def test_the_heartbeat_on_ipc(tmp_path):
    with Heartbeat("ipc", str(tmp_path / "hb")) as heartbeat:
        assert heartbeat.endpoint == f"ipc://{tmp_path / 'hb'}-1"
        assert heartbeat.port == 1


def test_a_heartbeat_port_in_use_is_a_bind_error():
    with Heartbeat("tcp", "127.0.0.1") as heartbeat:
        taken = Heartbeat("tcp", "127.0.0.1", heartbeat.port)
        with pytest.raises(
            BindError, match=f"cannot bind the heartbeat to tcp://127.0.0.1:{heartbeat.port}"
        ):
            taken.start()
        assert not taken.running
