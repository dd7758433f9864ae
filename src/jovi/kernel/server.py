"""The kernel's I/O side: its channels, served by a loop on a thread of its own.

The kernel runs user code on its main thread (signals, GUI toolkits and many
libraries expect it there).  Everything that touches a socket happens here instead,
on the I/O thread's event loop, so the control channel, the heartbeat and requests
that need no user code are answered while user code runs:

* three readers (shell, control, stdin) check each message's signature (a refused
  message is logged and dropped) and hand the request to the kernel's
  :class:`RequestHandler`, which answers it at once or queues it for the main thread;
* one writer sends everything submitted by any thread, through the kernel's
  :class:`~jovi.kernel.outbox.Outbox`: replies first, then IOPub messages and input
  requests in the order they were made.  Messages are signed and encoded by the
  thread that submits them; the writer only moves frames.  Threads producing output
  wait while too much of it waits to be sent (:meth:`KernelServer.wait_for_room`);
* with an XPUB IOPub socket, a fourth reader welcomes each new subscriber
  (``iopub_welcome``, protocol 5.5), at a bounded rate.

The loop does not poll: a thread that submits a message wakes the writer only when
it is asleep, so a burst of messages costs one wake-up.

Two loops drive the same server: :meth:`KernelServer.serve`, an asyncio task group
over any :class:`~jovi.transport.base.Channel` (memory channels in tests), and
:class:`~jovi.kernel.socketloop.SocketLoop`, a ``zmq.Poller`` over plain ZeroMQ
sockets, which the kernel process uses because it needs no asyncio (the kernel is
ready before asyncio could even be imported).  Both hand each arrival to
:meth:`KernelServer.receive` and send what :meth:`KernelServer.take_outgoing` gives.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol

from jovi.errors import ChannelClosed, JoviError, ReplayedMessage
from jovi.kernel import wakes
from jovi.kernel.limits import WELCOMES_PER_SECOND, RefusalLog, TokenBucket, shorten
from jovi.kernel.outbox import Outbox
from jovi.protocol.iopub import IopubWelcome
from jovi.protocol.stdin import InputReply
from jovi.transport.base import ReceiveChannel
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from jovi.kernel.replay import RestartGuard
    from jovi.protocol.message import Buffer, Content, Header, Message
    from jovi.protocol.session import Session
    from jovi.transport.base import Channel, Frame, SendChannel

__all__ = [
    "ChannelName",
    "KernelServer",
    "KernelSockets",
    "LoopDriver",
    "Request",
    "RequestHandler",
]

log = get_logger("jovi.kernel")

ChannelName = Literal["shell", "control", "stdin", "iopub"]

_BEFORE_RESTART = "a request from before the kernel restarted (replayed)"

HOLD_S: Final = 0.005
"""For this long after executors start work, their IOPub messages and shell replies do
not wake the loop
(it looks for them when this time is up, or when the work ends, if sooner): a quick
request hands the GIL to the loop once, not once per message.  Longer work wakes the
loop as usual (a loop waking on a timer all along would take the GIL from a cell
printing in a loop again and again)."""

_HELD_CHANNELS: Final = frozenset({"iopub", "shell"})
"""The channels whose messages wait while :data:`HOLD_S` runs (control replies and
input requests never wait)."""

RequestChannel = Literal["shell", "control"]

# What the first frame of an XPUB subscription message means.
_SUBSCRIBE = 1


@dataclasses.dataclass(frozen=True, slots=True)
class KernelSockets:
    """The channels a kernel serves (ZeroMQ sockets, or memory channels in tests).

    Attributes:
        shell: Requests from clients, routed by identity (ROUTER).
        control: Urgent requests (ROUTER): interrupt, shutdown, kernel_info.
        stdin: Input requests to the client that is executing (ROUTER).
        iopub: Everything published to every client (PUB or XPUB).
        welcome: Read subscriptions on ``iopub`` (an XPUB socket) and welcome each
            subscriber with ``iopub_welcome``.
    """

    shell: Channel
    control: Channel
    stdin: Channel
    iopub: SendChannel
    welcome: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Request:
    """A checked request from a client.

    Attributes:
        channel: Where it came from (``"shell"`` or ``"control"``); the reply goes back
            there.
        identities: The routing identities of the client, for the reply.
        message: The request.
    """

    channel: RequestChannel
    identities: list[bytes]
    message: Message[Content]

    @property
    def header(self) -> Header:
        """The request's header (the parent of everything it causes)."""
        return self.message.header

    @property
    def content(self) -> Content:
        """The request's typed content."""
        return self.message.content


class RequestHandler(Protocol):
    """What the server hands requests to (the kernel); called on the I/O thread."""

    def handle_request(self, request: Request) -> None:
        """Answer ``request`` now, or queue it (must not block)."""
        ...

    def handle_input_reply(self, message: Message[InputReply]) -> None:
        """An ``input_reply`` arrived on stdin."""
        ...


class LoopDriver(Protocol):
    """The loop serving a :class:`KernelServer`, as the server's other threads see it."""

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the loop after ``delay`` seconds (from any thread)."""
        ...

    def wake_writer(self) -> None:
        """Have the loop send what is queued (from any thread)."""
        ...

    def stop(self) -> None:
        """Have the loop send what is queued, then return (from any thread)."""
        ...

    def on_loop_thread(self) -> bool:
        """Whether the caller runs on the loop."""
        ...

    def call_from_signal_handler(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the loop soon; safe in a signal handler."""
        ...


class _AsyncioDriver:
    """The :class:`LoopDriver` of :meth:`KernelServer.serve`."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        import asyncio  # noqa: PLC0415 - only tests' memory kernels serve on asyncio

        self._asyncio = asyncio
        self.loop = loop
        self.wakeup = asyncio.Event()
        self.stopped = asyncio.Event()

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        loop = self.loop
        with contextlib.suppress(RuntimeError):  # the loop is closed: the kernel is stopping
            if delay <= 0:
                loop.call_soon_threadsafe(callback)
            else:
                loop.call_soon_threadsafe(loop.call_later, delay, callback)

    def wake_writer(self) -> None:
        self.call_later(0.0, self.wakeup.set)

    def stop(self) -> None:
        self.call_later(0.0, self.stopped.set)

    def on_loop_thread(self) -> bool:
        try:
            return self._asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    def call_from_signal_handler(self, callback: Callable[[], None]) -> None:
        self.call_later(0.0, callback)  # memory kernels get no signals


class KernelServer:
    """Serves a kernel's channels on a loop; its sending methods work from any thread.

    Args:
        session: Signs and checks every message.
        handler: Gets every checked request.
    """

    def __init__(
        self,
        session: Session,
        handler: RequestHandler,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.handler = handler
        self._clock = clock
        """Seconds, for the hold of :meth:`begin_work` (tests give their own)."""
        self.outbox = Outbox()
        """What waits to be sent: replies, then IOPub and stdin messages in order."""
        self._driver: LoopDriver | None = None
        self._wake_pending = False
        self.busy_since: float | None = None
        """When the executors started the work in hand (None: they are idle); see
        :meth:`begin_work`."""
        self._stop_requested = False
        self._early_calls: list[tuple[float, Callable[[], None]]] = []
        self._early_lock = threading.Lock()
        self.ready = threading.Event()
        """Set once :meth:`serve` is receiving (other threads may wait for it)."""
        self.refused = 0
        """How many messages were dropped as unsigned, forged, replayed or malformed."""
        self.refusal_log = RefusalLog()
        self.restart_guard: RestartGuard | None = None
        """Refuses requests from before the kernel's restart (set when it has a file)."""
        self.welcomes = TokenBucket(WELCOMES_PER_SECOND)
        self.unwelcomed = 0
        """Subscriptions not welcomed because they came faster than the bound."""

    # ------------------------------------------------------------ any thread

    @property
    def on_loop_thread(self) -> bool:
        """Whether the caller runs on the server's loop."""
        driver = self._driver
        return driver is not None and driver.on_loop_thread()

    def send(
        self,
        channel: ChannelName,
        message: Message[Content],
        identities: Sequence[bytes] = (),
        *,
        first: bool = False,
    ) -> None:
        """Sign ``message`` and queue it for ``channel`` (to ``identities``); never blocks.

        Replies (shell and control) go ahead of queued output; IOPub and stdin
        messages keep their order.  ``first`` puts an IOPub message ahead of the
        others (a welcome must be the first message a new subscriber gets).
        """
        try:
            frames = self.session.serialize(message, identities)
        except JoviError as error:
            log.error(
                "a %s message could not be encoded and was not sent: %s", message.msg_type, error
            )
            return
        if channel in ("shell", "control"):
            self.outbox.put_reply((channel, frames))
        else:
            self.outbox.put((channel, frames), first=first)
        self._wake(channel)

    def wait_for_room(self) -> None:
        """Wait while too much output waits to be sent (threads producing output call it;
        the loop's own thread never waits)."""
        if not self.on_loop_thread:
            self.outbox.wait_for_room()

    def publish(
        self,
        content: Content,
        parent: Header | None,
        *,
        metadata: Mapping[str, Any] | None = None,
        buffers: Sequence[Buffer] = (),
        topic: bytes | None = None,
    ) -> Message[Content]:
        """Publish ``content`` on IOPub as caused by ``parent``; return the message."""
        message = self.session.message(content, parent=parent, metadata=metadata, buffers=buffers)
        if topic is None:
            topic = f"kernel.{self.session.session_id}.{content.msg_type}".encode()
        self.send("iopub", message, (topic,))
        return message

    def call_from_signal_handler(self, callback: Callable[[], None]) -> bool:
        """Run ``callback`` on the loop soon, from a signal handler (takes no lock);
        False before the loop runs."""
        driver = self._driver
        if driver is None:
            return False
        driver.call_from_signal_handler(callback)
        return True

    def call_soon(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the event loop as soon as it can (from any thread)."""
        self.call_later(0.0, callback)

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the event loop after ``delay`` seconds (from any thread).

        Calls made before the loop runs are kept and made once it does.
        """
        driver = self._driver
        if driver is None:
            with self._early_lock:
                driver = self._driver
                if driver is None:
                    self._early_calls.append((delay, callback))
                    return
        driver.call_later(delay, callback)

    def stop(self) -> None:
        """Stop serving once everything queued so far is sent (from any thread)."""
        self._stop_requested = True
        self.outbox.release_waiters()
        driver = self._driver
        if driver is not None:
            driver.stop()

    def begin_work(self) -> None:
        """Requests were handed to the executors (loop thread).

        Until :meth:`end_work`, messages they queue do not wake the loop one by one:
        the loop picks them up on a short timer instead (see the socket loop).  A fast
        request so costs its thread no hand-over of the GIL to the loop for each of
        its messages, only one at its end.
        """
        if self.busy_since is None:
            self.busy_since = self._clock()
            driver = self._driver
            if driver is not None:
                driver.wake_writer()  # to start looking on the timer

    def end_work(self) -> None:
        """The executors are idle again (any thread): send what they queued now."""
        self.busy_since = None
        self._wake_pending = False
        wakes.defer(self._wake)  # when the executor is about to wait

    def work_poll_seconds(self) -> float | None:
        """How soon the loop must look for messages the executors queued without
        waking it (None: no message is held, they wake it)."""
        busy_since = self.busy_since
        if busy_since is None:
            return None
        left = busy_since + HOLD_S - self._clock()
        return left if left > 0 else None

    def _holding(self) -> bool:
        busy_since = self.busy_since
        return busy_since is not None and self._clock() - busy_since < HOLD_S

    def _wake(self, channel: ChannelName = "iopub") -> None:
        # The writer clears the flag before it empties the outbox, so a message
        # queued while it works is either seen by it or wakes it again.  IOPub
        # messages and shell replies of executors that just started work wait for
        # the loop's timer or the end of the work, whichever comes first (a fast
        # request's reply goes out with its idle, in one hand-over of the GIL);
        # control replies and input requests go at once.
        if self._wake_pending or (channel in _HELD_CHANNELS and self._holding()):
            return
        self._wake_pending = True
        driver = self._driver
        if driver is not None:
            driver.wake_writer()

    # ------------------------------------------------------------ for the loops

    def attach(self, driver: LoopDriver) -> None:
        """Start being served by ``driver`` (on its thread): calls made early are made."""
        with self._early_lock:
            self._driver = driver
            early, self._early_calls = self._early_calls, []
        for delay, callback in early:
            driver.call_later(delay, callback)
        self._wake_pending = False
        if self.outbox:
            driver.wake_writer()
        if self._stop_requested:
            driver.stop()

    def take_outgoing(self) -> Iterator[tuple[ChannelName, list[Frame]]]:
        """Every queued message, replies first, each removed as it is taken (loop thread).

        Messages queued while this runs are taken too; one queued after it ends wakes
        the writer again.
        """
        self.writer_woken()
        outbox = self.outbox
        while outbox:
            yield from outbox.take_replies()
            item = outbox.take_ordered()
            if item is not None:
                yield item

    def writer_woken(self) -> None:
        """The writer is about to take what is queued (loop thread): a message queued
        from now on wakes it again."""
        self._wake_pending = False

    def receive(self, name: ChannelName, frames: list[Frame]) -> None:
        """Handle one multipart message that arrived on ``name`` (loop thread).

        Requests go to the handler, input replies too; a subscription on an XPUB
        IOPub socket gets its welcome.  Anything that is not a correctly signed, new,
        well-formed message is logged and dropped.
        """
        if name == "iopub":
            self._welcome(frames)
            return
        try:
            identities, message = self.session.deserialize(frames)
        except Exception as error:  # noqa: BLE001 - nothing a peer sends may stop the kernel
            self.refused += 1
            line = self.refusal_log.refused(name, error)
            if line is not None:
                log.warning("%s", line)
            return
        guard = self.restart_guard
        if guard is not None and name != "stdin" and not guard.admit(message.header):
            self.refused += 1
            line = self.refusal_log.refused(name, ReplayedMessage(_BEFORE_RESTART))
            if line is not None:
                log.warning("%s", line)
            return
        if name == "stdin":
            if isinstance(message.content, InputReply):
                self.handler.handle_input_reply(message)  # type: ignore[arg-type]
            else:
                log.warning("a %s message on stdin was ignored", message.msg_type)
            return
        try:
            self.handler.handle_request(Request(name, identities, message))
        except Exception:
            log.exception("the %s request %s could not be handled", message.msg_type, name)

    def _welcome(self, frames: list[Frame]) -> None:
        event = bytes(frames[0]) if frames else b""
        if event[:1] == bytes([_SUBSCRIBE]):
            if not self.welcomes.take():
                self.unwelcomed += 1
                if self.unwelcomed == 1:
                    log.warning(
                        "IOPub subscriptions arrive faster than %d a second; the ones beyond "
                        "are not welcomed",
                        WELCOMES_PER_SECOND,
                    )
                return
            topic = shorten(event[1:].decode("utf-8", "replace"))
            message = self.session.message(IopubWelcome(subscription=topic))
            # No topic frame: a welcome reaches everyone. Ahead of what is queued,
            # so that the new subscriber's first message is its welcome.
            self.send("iopub", message, first=True)

    # ------------------------------------------------------------ the loop

    async def serve(self, sockets: KernelSockets) -> None:
        """Serve ``sockets`` until :meth:`stop`; what is queued by then is still sent."""
        import asyncio  # noqa: PLC0415 - only tests' memory kernels serve on asyncio

        self._asyncio = asyncio
        driver = _AsyncioDriver(asyncio.get_running_loop())
        self.attach(driver)
        async with asyncio.TaskGroup() as tasks:
            readers = [
                tasks.create_task(self._read("shell", sockets.shell)),
                tasks.create_task(self._read("control", sockets.control)),
                tasks.create_task(self._read("stdin", sockets.stdin)),
            ]
            if sockets.welcome and isinstance(sockets.iopub, ReceiveChannel):
                readers.append(tasks.create_task(self._read("iopub", sockets.iopub)))
            writer = tasks.create_task(self._write(sockets, driver))
            self.ready.set()
            await driver.stopped.wait()
            for reader in readers:
                reader.cancel()
            driver.wakeup.set()
            await writer

    async def _read(self, name: ChannelName, channel: ReceiveChannel) -> None:
        while True:
            try:
                frames = await channel.recv()
            except ChannelClosed:
                return
            self.receive(name, frames)

    async def _write(self, sockets: KernelSockets, driver: _AsyncioDriver) -> None:
        channels: dict[ChannelName, SendChannel] = {
            "shell": sockets.shell,
            "control": sockets.control,
            "stdin": sockets.stdin,
            "iopub": sockets.iopub,
        }
        while True:
            for name, frames in self.take_outgoing():
                try:
                    await channels[name].send(frames)
                except ChannelClosed:
                    log.warning("a message for the closed %s channel was dropped", name)
                except Exception:
                    log.exception("a message could not be sent on %s", name)
            if driver.stopped.is_set():
                return
            poll = self.work_poll_seconds()
            with contextlib.suppress(TimeoutError):
                async with self._asyncio.timeout(poll):
                    await driver.wakeup.wait()
            driver.wakeup.clear()
