"""The kernel's I/O loop on real ZeroMQ sockets (jovi.kernel.socketloop), without a kernel.

A recording handler stands in for the kernel (the server's RequestHandler boundary);
the sockets, the signing and the loop are the real ones.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
import zmq

from jovi.kernel.iothread import IOThread
from jovi.kernel.server import KernelServer
from jovi.kernel.socketloop import SocketLoop
from jovi.kernel.streams import StreamBuffer
from jovi.protocol import ConnectionInfo, Session, new_key
from jovi.protocol.iopub import IopubWelcome, Status
from jovi.protocol.shell import KernelInfoRequest
from jovi.protocol.stdin import InputReply

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jovi.kernel.server import Request
    from jovi.protocol.message import Message

TIMEOUT_MS = 5000


class RecordingHandler:
    """Keeps what the server hands over, with the thread it was called on."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.input_replies: list[Message[InputReply]] = []
        self.threads: set[int] = set()
        self.arrived = threading.Event()

    def handle_request(self, request: Request) -> None:
        self.threads.add(threading.get_ident())
        self.requests.append(request)
        self.arrived.set()

    def handle_input_reply(self, message: Message[InputReply]) -> None:
        self.input_replies.append(message)
        self.arrived.set()


class Served:
    """A server on an I/O thread, and plain client sockets connected to it."""

    def __init__(self, iopub: str = "xpub") -> None:
        self.info = ConnectionInfo.new()
        self.session = Session.from_connection_info(self.info)
        self.handler = RecordingHandler()
        self.server = KernelServer(Session.from_connection_info(self.info), self.handler)
        self.io_thread = IOThread(self.info, iopub=iopub)  # type: ignore[arg-type]
        self.info = self.io_thread.bind()
        self.context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
        self.identity = b"client-1"
        self.dealers: dict[str, zmq.Socket[bytes]] = {}
        for name in ("shell", "control", "stdin"):
            dealer = self.context.socket(zmq.DEALER)
            dealer.linger = 0
            dealer.identity = self.identity
            dealer.connect(self.info.url(name))
            self.dealers[name] = dealer
        self.stopped = threading.Event()

    def start(self) -> None:
        self.io_thread.start(self.server, on_stopped=self.stopped.set)
        assert self.server.ready.wait(5)

    def send(self, channel: str, content: Any) -> Message[Any]:
        message = self.session.message(content)
        self.dealers[channel].send_multipart(self.session.serialize(message))
        return message

    def receive(self, channel: str) -> Message[Any]:
        dealer = self.dealers[channel]
        assert dealer.poll(TIMEOUT_MS), f"nothing arrived on {channel}"
        return self.session.deserialize(dealer.recv_multipart())[1]

    def wait_for_requests(self, count: int) -> None:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while len(self.handler.requests) < count:
            assert time.monotonic() < deadline, f"{len(self.handler.requests)} of {count} came"
            time.sleep(0.005)

    def close(self) -> None:
        self.server.stop()
        self.io_thread.join(10)
        for dealer in self.dealers.values():
            dealer.close()
        self.context.term()


@pytest.fixture
def served() -> Iterator[Served]:
    served = Served()
    try:
        yield served
    finally:
        served.close()


@pytest.mark.integration
def test_a_request_reaches_the_handler_on_the_io_thread_and_a_reply_goes_back(served):
    served.start()
    request = served.send("shell", KernelInfoRequest())
    served.wait_for_requests(1)
    (got,) = served.handler.requests
    assert got.channel == "shell"
    assert got.header.msg_id == request.header.msg_id
    assert got.identities == [served.identity]
    assert served.handler.threads != {threading.get_ident()}
    # A reply sent from this (another) thread wakes the loop and reaches the client.
    served.server.send(
        "shell", served.server.session.message(Status(execution_state="idle")), got.identities
    )
    assert served.receive("shell").content == Status(execution_state="idle")


@pytest.mark.integration
def test_requests_waiting_before_the_loop_starts_are_served_control_first(served):
    # Clients connect to the bound sockets and send before the loop runs (a kernel
    # binds before it imports the rest of itself); nothing is lost, control comes first.
    for _ in range(3):
        served.send("shell", KernelInfoRequest())
    served.send("control", KernelInfoRequest())
    sockets = served.io_thread._sockets
    assert sockets is not None
    # ZeroMQ has delivered into the kernel's sockets (the loop does not read them yet).
    assert sockets.control.poll(TIMEOUT_MS)
    assert sockets.shell.poll(TIMEOUT_MS)
    served.start()
    served.wait_for_requests(4)
    assert [request.channel for request in served.handler.requests] == [
        "control",
        "shell",
        "shell",
        "shell",
    ]


@pytest.mark.integration
def test_messages_queued_before_the_loop_runs_are_sent_when_it_starts(served):
    served.server.publish(Status(execution_state="starting"), None)
    late = served.server.session.message(Status(execution_state="idle"))
    served.send("shell", KernelInfoRequest())
    served.start()
    served.wait_for_requests(1)
    served.server.send("shell", late, served.handler.requests[0].identities)
    assert served.receive("shell").header.msg_id == late.header.msg_id


@pytest.mark.integration
def test_call_later_runs_callbacks_on_the_loop_in_deadline_order(served):
    served.start()
    calls: list[tuple[str, int]] = []
    done = threading.Event()
    served.server.call_later(
        0.15, lambda: (calls.append(("late", threading.get_ident())), done.set())
    )
    served.server.call_later(0.05, lambda: calls.append(("early", threading.get_ident())))
    served.server.call_soon(lambda: calls.append(("now", threading.get_ident())))
    assert done.wait(5)
    assert [name for name, _ in calls] == ["now", "early", "late"]
    assert {thread for _, thread in calls} != {threading.get_ident()}
    assert len({thread for _, thread in calls}) == 1


@pytest.mark.integration
def test_calls_made_before_the_loop_runs_are_made_once_it_does(served):
    made = threading.Event()
    served.server.call_soon(made.set)
    assert not made.wait(0.05)
    served.start()
    assert made.wait(5)


@pytest.mark.integration
def test_a_failing_callback_is_logged_and_the_loop_goes_on(served, caplog):
    served.start()
    made = threading.Event()

    def fail() -> None:
        raise RuntimeError("boom")

    served.server.call_soon(fail)
    served.server.call_later(0.02, made.set)
    assert made.wait(5)
    assert "callback on the kernel's I/O thread failed" in caplog.text


@pytest.mark.integration
def test_invalid_messages_are_counted_and_dropped_and_the_loop_keeps_serving(served):
    served.start()
    shell = served.dealers["shell"]
    shell.send_multipart([b"not", b"a", b"message"])
    forged = Session(new_key()).serialize(Session(new_key()).message(KernelInfoRequest()))
    shell.send_multipart(forged)
    served.send("shell", KernelInfoRequest())
    served.wait_for_requests(1)
    assert served.server.refused == 2
    assert len(served.handler.requests) == 1


@pytest.mark.integration
def test_input_replies_on_stdin_go_to_the_handler(served):
    served.start()
    served.send("stdin", InputReply(value="typed"))
    assert served.handler.arrived.wait(5)
    deadline = time.monotonic() + 5
    while not served.handler.input_replies:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    assert served.handler.input_replies[0].content.value == "typed"


@pytest.mark.integration
def test_a_new_iopub_subscriber_is_welcomed_first(served):
    served.start()
    subscriber = served.context.socket(zmq.SUB)
    subscriber.linger = 0
    subscriber.subscribe(b"")
    subscriber.connect(served.info.url("iopub"))
    try:
        assert subscriber.poll(TIMEOUT_MS)
        frames = subscriber.recv_multipart()
        message = served.session.deserialize(frames)[1]
        assert isinstance(message.content, IopubWelcome)
        served.server.publish(Status(execution_state="idle"), None)
        assert subscriber.poll(TIMEOUT_MS)
        assert served.session.deserialize(subscriber.recv_multipart())[1].content == Status(
            execution_state="idle"
        )
    finally:
        subscriber.close()


@pytest.mark.integration
def test_stop_sends_what_is_queued_then_ends_the_thread(served):
    served.start()
    served.send("shell", KernelInfoRequest())
    served.wait_for_requests(1)
    identities = served.handler.requests[0].identities
    last = [served.server.session.message(Status(execution_state="idle")) for _ in range(50)]
    for message in last:
        served.server.send("shell", message, identities)
    served.server.stop()
    assert served.stopped.wait(10)
    received = [served.receive("shell").header.msg_id for _ in last]
    assert received == [message.header.msg_id for message in last]


@pytest.mark.integration
def test_a_stop_before_the_loop_runs_ends_it_at_once(served):
    served.server.stop()
    served.io_thread.start(served.server, on_stopped=served.stopped.set)
    assert served.stopped.wait(5)


@pytest.mark.integration
def test_a_flood_on_shell_does_not_hold_up_control(served):
    # Shell messages beyond one batch wait for the next turn; control is read first
    # in every turn, so a request on control is served within a batch or two.
    served.start()
    handled = threading.Event()
    original = served.handler.handle_request

    def slow_shell(request: Request) -> None:
        if request.channel == "shell":
            time.sleep(0.001)
        else:
            handled.set()
        original(request)

    served.handler.handle_request = slow_shell  # type: ignore[method-assign]
    for _ in range(1000):
        served.send("shell", KernelInfoRequest())
    time.sleep(0.05)
    served.send("control", KernelInfoRequest())
    assert handled.wait(5)
    control_at = next(
        i for i, request in enumerate(served.handler.requests) if request.channel == "control"
    )
    assert control_at < 400


@pytest.mark.integration
def test_a_subscription_made_while_the_kernel_starts_is_welcomed_before_earlier_messages(served):
    # The kernel binds, queues its "starting" status, and only then starts serving; a
    # client that subscribed in between must still get its welcome first.
    subscriber = served.context.socket(zmq.SUB)
    subscriber.linger = 0
    subscriber.subscribe(b"")
    subscriber.connect(served.info.url("iopub"))
    try:
        sockets = served.io_thread._sockets
        assert sockets is not None
        assert sockets.iopub.poll(TIMEOUT_MS)  # the subscription reached the XPUB socket
        served.server.publish(Status(execution_state="starting"), None)
        served.start()
        assert subscriber.poll(TIMEOUT_MS)
        first = served.session.deserialize(subscriber.recv_multipart())[1]
        assert isinstance(first.content, IopubWelcome)
    finally:
        subscriber.close()


@pytest.mark.integration
def test_a_subscriber_joining_during_a_flood_of_output_is_welcomed_first(served):
    # The subscription must not take effect before the kernel has read it: otherwise
    # output sent between the socket registering the subscriber and the loop reading
    # the subscription reaches the subscriber ahead of its welcome (seen once in CI
    # with jupyter_kernel_test: "status" before "iopub_welcome").
    served.start()
    flooding = threading.Event()
    stop = threading.Event()

    def flood() -> None:
        while not stop.is_set():
            served.server.publish(Status(execution_state="busy"), None)
            served.server.wait_for_room()
            flooding.set()

    producer = threading.Thread(target=flood, name="test-iopub-flood")
    producer.start()
    try:
        assert flooding.wait(5)
        for _ in range(20):
            subscriber = served.context.socket(zmq.SUB)
            subscriber.linger = 0
            subscriber.subscribe(b"")
            subscriber.connect(served.info.url("iopub"))
            try:
                assert subscriber.poll(TIMEOUT_MS)
                first = served.session.deserialize(subscriber.recv_multipart())[1]
                assert isinstance(first.content, IopubWelcome), first.msg_type
            finally:
                subscriber.close()
    finally:
        stop.set()
        producer.join(10)
    assert not producer.is_alive()


class FakeClock:
    """The loop's time, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.integration
def test_the_stream_flusher_sends_when_the_loops_clock_reaches_its_interval():
    clock = FakeClock()
    info = ConnectionInfo.new()
    io_thread = IOThread(info, iopub="pub")
    io_thread.bind()
    sockets, context = io_thread._sockets, io_thread._context
    assert sockets is not None
    assert context is not None
    server = KernelServer(Session.from_connection_info(io_thread.info), RecordingHandler())
    loop = SocketLoop(server, sockets, clock=clock)
    sent: list[str] = []
    flushed = threading.Event()

    def send(name: str, text: str, parent: object) -> None:
        sent.append(text)
        flushed.set()

    def one_turn() -> None:
        turned = threading.Event()
        loop.call_later(0, turned.set)
        assert turned.wait(5), "the loop did not run its due timers"

    buffer = StreamBuffer("stdout", send, loop.call_later, flush_interval=0.05)
    runner = threading.Thread(target=loop.run, name="test-socket-loop")
    runner.start()
    try:
        buffer.write("hello")
        clock.now += 0.04
        one_turn()
        assert sent == []
        clock.now += 0.02
        loop.wake_writer()
        assert flushed.wait(5)
        assert sent == ["hello"]
    finally:
        loop.stop()
        runner.join(10)
        sockets.close(0)
        context.term()
    assert not runner.is_alive()
