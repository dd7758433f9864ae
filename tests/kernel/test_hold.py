"""What an executor's messages do to the kernel's loop while it works (KernelServer's hold).

A quick request should hand the GIL to the loop once, at its end, not once per
message: while the executors are in the first moments of their work, IOPub messages
and shell replies only queue, and the end of the work wakes the loop for all of them.
Control replies and input requests always wake it.  A recording driver stands in for
the loop (the server's LoopDriver boundary).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jovi.kernel.server import HOLD_S, KernelServer
from jovi.protocol import ConnectionInfo, Session
from jovi.protocol.iopub import Status
from jovi.protocol.shell import KernelInfoRequest
from jovi.protocol.stdin import InputRequest

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.server import Request


class NoHandler:
    def handle_request(self, request: Request) -> None:
        raise AssertionError("no request is expected")

    def handle_input_reply(self, message: object) -> None:
        raise AssertionError("no input reply is expected")


class RecordingDriver:
    """Counts the wake-ups; runs on no thread at all."""

    def __init__(self) -> None:
        self.wakes = 0

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        pass

    def wake_writer(self) -> None:
        self.wakes += 1

    def stop(self) -> None:
        pass

    def on_loop_thread(self) -> bool:
        return False

    def call_from_signal_handler(self, callback: Callable[[], None]) -> None:
        pass


@pytest.fixture
def served() -> tuple[KernelServer, RecordingDriver]:
    now = 100.0  # a clock that stands still: the hold never runs out during a test
    server = KernelServer(
        Session.from_connection_info(ConnectionInfo.new()), NoHandler(), clock=lambda: now
    )
    driver = RecordingDriver()
    server.attach(driver)
    return server, driver


def _woken_by(server: KernelServer, driver: RecordingDriver, send: Callable[[], None]) -> bool:
    server.writer_woken()  # the loop took what was queued: the next message may wake it
    before = driver.wakes
    send()
    return driver.wakes > before


def test_a_quick_requests_output_and_shell_reply_wait_for_the_end_of_its_work(served):
    server, driver = served
    session = server.session
    server.begin_work()
    assert not _woken_by(
        server, driver, lambda: server.publish(Status(execution_state="busy"), None)
    )
    reply = session.message(KernelInfoRequest())
    assert not _woken_by(server, driver, lambda: server.send("shell", reply, [b"client"]))
    assert len(server.outbox) == 2
    server.end_work()
    assert driver.wakes >= 1  # woken, for both
    assert len(server.outbox) == 2


def test_control_replies_and_input_requests_wake_the_loop_at_once(served):
    server, driver = served
    session = server.session
    server.begin_work()
    reply = session.message(KernelInfoRequest())
    assert _woken_by(server, driver, lambda: server.send("control", reply, [b"client"]))
    ask = session.message(InputRequest(prompt="? ", password=False))
    assert _woken_by(server, driver, lambda: server.send("stdin", ask, [b"client"]))


def test_after_the_hold_every_message_wakes_the_loop_again():
    now = [100.0]
    server = KernelServer(
        Session.from_connection_info(ConnectionInfo.new()), NoHandler(), clock=lambda: now[0]
    )
    driver = RecordingDriver()
    server.attach(driver)
    server.begin_work()
    assert server.work_poll_seconds() == pytest.approx(HOLD_S)
    now[0] += 2 * HOLD_S
    assert server.work_poll_seconds() is None
    assert _woken_by(server, driver, lambda: server.publish(Status(execution_state="busy"), None))


def test_when_no_work_is_in_hand_every_message_wakes_the_loop(served):
    server, driver = served
    assert _woken_by(server, driver, lambda: server.publish(Status(execution_state="idle"), None))
    reply = server.session.message(KernelInfoRequest())
    assert _woken_by(server, driver, lambda: server.send("shell", reply, [b"client"]))
