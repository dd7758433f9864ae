"""A kernel client for plain, synchronous code: each call returns when it is done.

Usage::

    client = BlockingKernelClient.from_connection_file("kernel-1234.json")
    client.wait_for_ready(timeout=30)
    reply = client.execute("1 + 1", reply=True, timeout=10)
    client.execute_interactive("print('hi')")          # prints hi
    client.close()

It reads its sockets itself, in the calling thread (no event loop, no thread per
call), so a round trip costs one send and one receive.  Messages read while waiting
for another one are kept for the next getter; handlers added with
:meth:`add_handler` see every message this client reads.  One client belongs to
one thread at a time.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Self

import zmq

from jovi.client.core import MESSAGE_CHANNELS, ClientCore, MessageChannelName, reply_to
from jovi.client.heartbeat import HeartbeatMonitor, ping_once
from jovi.client.interactive import InteractiveRun, ask_at_terminal, print_output
from jovi.client.readiness import ReadyProbe
from jovi.client.requests import RequestMethods
from jovi.errors import KernelDied, KernelTimeout
from jovi.protocol import InputReply, InterruptRequest, read_connection_file

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable
    from types import TracebackType

    from jovi.client.core import Handler, MessagePredicate
    from jovi.client.owner import KernelOwner
    from jovi.protocol import ConnectionInfo, Content, Message, Session

__all__ = ["BlockingKernelClient"]

_LARGE_FRAME = 65536  # frames this long are sent without a copy
_SLICE_S = 0.1  # how often a wait looks at the kernel's process


def _context() -> zmq.Context[zmq.Socket[bytes]]:
    return zmq.Context.instance()


class BlockingKernelClient(RequestMethods[Any]):
    """Talks to one kernel, anywhere, from synchronous code.

    Args:
        connection_info: Where the kernel is and its key.
        manager: The manager of the kernel, when this client's owner started it.
        session: This client's session (a fresh one by default).
        allow_stdin: Whether ``execute`` lets code ask for input by default.
        time_to_dead: Seconds the heartbeat may take to answer before the kernel is
            taken for dead (see :meth:`on_heartbeat_failure`).
        context: The ZeroMQ context (the process's shared one by default).
    """

    def __init__(
        self,
        connection_info: ConnectionInfo,
        *,
        manager: KernelOwner | None = None,
        session: Session | None = None,
        allow_stdin: bool = True,
        time_to_dead: float = 1.0,
        context: zmq.Context[zmq.Socket[bytes]] | None = None,
    ) -> None:
        self.core = ClientCore(connection_info, session)
        self.manager = manager
        self.allow_stdin = allow_stdin
        self.time_to_dead = time_to_dead
        self.context = context if context is not None else _context()
        self.kernel_info_reply: Message[Any] | None = None
        """The ``kernel_info_reply`` received by :meth:`wait_for_ready`."""
        self._sockets: dict[str, zmq.Socket[bytes]] = {}
        self._heartbeat: HeartbeatMonitor | None = None

    @classmethod
    def from_connection_file(cls, path: str | os.PathLike[str], **options: Any) -> Self:
        """A client of the kernel of the connection file ``path``, channels started.

        Raises:
            ConnectionFileError: the file cannot be read or used.
        """
        client = cls(read_connection_file(path), **options)
        client.start_channels()
        return client

    # ------------------------------------------------------------------ channels

    @property
    def connection_info(self) -> ConnectionInfo:
        """The kernel's connection info."""
        return self.core.info

    @property
    def session(self) -> Session:
        """This client's session."""
        return self.core.session

    @property
    def channels_running(self) -> bool:
        """Whether the channels are started."""
        return bool(self._sockets)

    def start_channels(
        self,
        shell: bool = True,
        iopub: bool = True,
        stdin: bool = True,
        hb: bool = True,
        control: bool = True,
    ) -> None:
        """Connect the channels asked for (and start watching the heartbeat with ``hb``).

        Without ``stdin``, code run by this client cannot ask for input.
        """
        if self._sockets:
            return
        info = self.core.info
        identity = self.core.session.session_id.encode()
        wanted = {"shell": shell, "iopub": iopub, "stdin": stdin, "control": control}
        for name in MESSAGE_CHANNELS:
            if not wanted[name]:
                continue
            if name == "iopub":
                socket = self.context.socket(zmq.SUB)
                socket.setsockopt(zmq.SUBSCRIBE, b"")
            else:
                socket = self.context.socket(zmq.DEALER)
                socket.setsockopt(zmq.IDENTITY, identity)
            socket.linger = 0
            if ":" in info.ip and info.transport == "tcp":
                socket.ipv6 = True
            socket.connect(info.url(name))
            self._sockets[name] = socket
        self.allow_stdin = self.allow_stdin and stdin
        if hb:
            self._heartbeat = HeartbeatMonitor(
                self.context,
                info.url("hb"),
                time_to_dead=self.time_to_dead,
                interval=max(1.0, self.time_to_dead),
            )
            self._heartbeat.start()

    def stop_channels(self) -> None:
        """Close the channels (the kernel goes on running)."""
        if self._heartbeat is not None:
            self._heartbeat.stop()
            self._heartbeat = None
        for socket in self._sockets.values():
            socket.close(linger=0)
        self._sockets.clear()

    close = stop_channels

    def reconnect(self, info: ConnectionInfo | None = None) -> None:
        """Connect again, to ``info`` or to where the manager says the kernel is now
        (after a restart on other ports); messages kept from before are dropped."""
        new_info = info or (self.manager.connection_info if self.manager else self.core.info)
        hb = self._heartbeat is not None
        callbacks = list(self._heartbeat._callbacks) if self._heartbeat else []
        names = list(self._sockets)
        self.stop_channels()
        self.core.reconnect(new_info)
        self.start_channels(
            "shell" in names, "iopub" in names, "stdin" in names, hb, "control" in names
        )
        if self._heartbeat is not None:
            for callback in callbacks:
                self._heartbeat.add_callback(callback)

    def __enter__(self) -> Self:
        self.start_channels()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop_channels()

    # ------------------------------------------------------------------ receiving

    def _socket(self, channel: MessageChannelName) -> zmq.Socket[bytes]:
        socket = self._sockets.get(channel)
        if socket is None:
            raise RuntimeError(f"the {channel} channel is not started; call start_channels() first")
        return socket

    def _read(self, channel: MessageChannelName, timeout: float) -> Message[Content] | None:
        """One message read from ``channel`` within ``timeout`` seconds (None: none came,
        or what came was dropped)."""
        socket = self._socket(channel)
        if not socket.poll(max(0, int(timeout * 1000))):
            return None
        return self.core.accept(channel, socket.recv_multipart())

    def _check_alive(self) -> None:
        if self.manager is not None and not self.manager.is_alive():
            raise KernelDied(self.manager.death_notice())

    def _next(
        self,
        channel: MessageChannelName,
        predicate: MessagePredicate | None,
        timeout: float | None,
        what: str,
    ) -> Message[Content]:
        found = self.core.take(channel, predicate)
        if found is not None:
            return found
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
            if left <= 0:
                raise KernelTimeout(f"no {what} came from the kernel within {timeout:g} s")
            message = self._read(channel, left)
            if message is None:
                self._check_alive()
                continue
            if predicate is None or predicate(message):
                return message
            self.core.stash(channel, message)

    def get_shell_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on shell (replies).

        Raises:
            KernelTimeout: none within ``timeout`` seconds (a ``TimeoutError``).
            KernelDied: the kernel's process ended (for a client of a manager).
        """
        return self._next("shell", None, timeout, "shell message")

    def get_iopub_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on IOPub (outputs, status)."""
        return self._next("iopub", None, timeout, "IOPub message")

    def get_stdin_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on stdin (input requests)."""
        return self._next("stdin", None, timeout, "stdin message")

    def get_control_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on control (replies to control requests)."""
        return self._next("control", None, timeout, "control message")

    def get_reply(
        self, msg_id: str, timeout: float | None = None, channel: MessageChannelName = "shell"
    ) -> Message[Content]:
        """The reply to the request ``msg_id`` (other messages read meanwhile are kept).

        Raises:
            KernelTimeout: none within ``timeout`` seconds.
            KernelDied: the kernel's process ended (for a client of a manager).
        """
        return self._next(channel, reply_to(msg_id), timeout, "reply")

    def iopub_msgs(self) -> list[Message[Content]]:
        """Every IOPub message available now, without waiting."""
        found: list[Message[Content]] = []
        while (kept := self.core.take("iopub")) is not None:
            found.append(kept)
        socket = self._socket("iopub")
        while socket.poll(0):
            message = self._read("iopub", 0)
            if message is not None:
                found.append(message)
        return found

    def add_handler(
        self, handler: Handler, channels: str | Iterable[str] = MESSAGE_CHANNELS
    ) -> None:
        """Call ``handler(message)`` for every message this client reads on ``channels``
        (in the thread that reads it)."""
        self.core.add_handler(handler, channels)

    def remove_handler(
        self, handler: Handler, channels: str | Iterable[str] = MESSAGE_CHANNELS
    ) -> None:
        """Stop calling ``handler``."""
        self.core.remove_handler(handler, channels)

    # ------------------------------------------------------------------ requests

    def _send(self, channel: MessageChannelName, message: Message[Content]) -> None:
        frames = self.core.frames(message)
        # Small frames are cheaper to copy than to hand over; buffers are not copied.
        large = any(len(frame) >= _LARGE_FRAME for frame in frames)
        self._socket(channel).send_multipart(frames, copy=not large)

    def _request(
        self,
        channel: MessageChannelName,
        content: Content,
        reply: bool,
        timeout: float | None,
    ) -> Any:
        message = self.core.message(content)
        self._send(channel, message)
        if not reply:
            return message.msg_id
        return self._next(
            channel, reply_to(message.msg_id), timeout, f"reply to {message.msg_type}"
        )

    def input(self, string: str, parent: Message[Content] | None = None) -> None:
        """Answer the kernel's input request (the last one read, by default) with ``string``."""
        request = parent if parent is not None else self.core.last_input_request
        self._send("stdin", self.core.message(InputReply(value=string), parent=request))

    def interrupt(self) -> None:
        """Interrupt the kernel: through its manager (signal or message, as its
        kernelspec asks), or with an ``interrupt_request`` on control."""
        if self.manager is not None:
            self.manager.interrupt()
        else:
            self._send("control", self.core.message(InterruptRequest()))

    # ------------------------------------------------------------------ liveness

    def is_alive(self) -> bool:
        """Whether the kernel lives: its process (for a manager's client), else its
        heartbeat (one ping when no monitor runs)."""
        if self.manager is not None:
            return self.manager.is_alive()
        if self._heartbeat is not None and self._heartbeat.running:
            return self._heartbeat.beating
        return ping_once(self.context, self.core.info.url("hb"), 1.0)

    def on_heartbeat_failure(self, callback: Callable[[float], object]) -> None:
        """Call ``callback(seconds_since_last_beat)`` when the heartbeat stops (on the
        monitor's thread); the channels must be started with ``hb=True``."""
        if self._heartbeat is None:
            raise RuntimeError("the heartbeat is not watched; start the channels with hb=True")
        self._heartbeat.add_callback(callback)

    def wait_for_ready(self, timeout: float | None = 60.0) -> Message[Any]:
        """Wait until the kernel answers ``kernel_info`` and its IOPub reaches this client.

        Ends early, with :class:`KernelDied`, when the kernel's process ends (for a
        client of a manager); never waits longer than ``timeout`` seconds.

        Raises:
            KernelTimeout: the kernel did not answer in time.
            KernelDied: its process ended first.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        if self.manager is not None:
            self.manager.wait_for_ready(timeout)
            if self.manager.connection_info != self.core.info:
                self.reconnect(self.manager.connection_info)
        probe = ReadyProbe(self.core)
        probe.start()
        try:
            while not probe.ready:
                self._check_alive()
                if deadline is not None and time.monotonic() >= deadline:
                    raise KernelTimeout(probe.timeout_notice(timeout))
                if probe.should_send():
                    self._send("shell", probe.request())
                left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
                self._poll_probe(probe, max(0.0, left))
        finally:
            probe.finish()
        self.kernel_info_reply = probe.reply
        assert probe.reply is not None
        return probe.reply

    def _poll_probe(self, probe: ReadyProbe, timeout: float) -> None:
        poller = zmq.Poller()
        poller.register(self._socket("shell"), zmq.POLLIN)
        if "iopub" in self._sockets:
            poller.register(self._sockets["iopub"], zmq.POLLIN)
        else:
            probe.iopub_seen = True
        events = dict(poller.poll(int(timeout * 1000)))
        for name in ("shell", "iopub"):
            socket = self._sockets.get(name)
            if socket is not None and socket in events:
                channel: MessageChannelName = "shell" if name == "shell" else "iopub"
                message = self._read(channel, 0)
                if message is not None and not probe.feed(channel, message):
                    self.core.stash(channel, message)

    # ------------------------------------------------------------------ interactive

    def execute_interactive(  # noqa: PLR0917 - jupyter_client's signature
        self,
        code: str,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: dict[str, str] | None = None,
        allow_stdin: bool | None = None,
        stop_on_error: bool = True,
        timeout: float | None = None,
        output_hook: Callable[[Message[Any]], object] | None = None,
        stdin_hook: Callable[[Message[Any]], str | None] | None = None,
    ) -> Message[Any]:
        """Run ``code`` as a terminal would: outputs shown as they come (``output_hook``),
        input requests answered (``stdin_hook``); return the reply.

        Raises:
            KernelTimeout: the run did not finish within ``timeout`` seconds.
            KernelDied: the kernel's process ended (for a client of a manager).
        """
        allow = self.allow_stdin if allow_stdin is None else allow_stdin
        msg_id = self.execute(code, silent, store_history, user_expressions, allow, stop_on_error)
        run = InteractiveRun(msg_id, output_hook or print_output, stdin_hook or ask_at_terminal)
        deadline = None if timeout is None else time.monotonic() + timeout
        poller = zmq.Poller()
        watched = [name for name in ("shell", "iopub", "stdin") if name in self._sockets]
        for name in watched:
            poller.register(self._sockets[name], zmq.POLLIN)
        reply = self.core.take("shell", reply_to(msg_id))
        if reply is not None:
            run.on_shell(reply)
        if "iopub" not in self._sockets:
            run.idle = True
        while not run.done:
            left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
            if left <= 0:
                raise KernelTimeout(f"the code did not finish within {timeout:g} s")
            events = dict(poller.poll(int(left * 1000) + 1))
            if not events:
                self._check_alive()
            for name in watched:
                if self._sockets[name] in events:
                    self._feed_run(run, name)
        assert run.reply is not None
        return run.reply

    def _feed_run(self, run: InteractiveRun, name: str) -> None:
        channel: MessageChannelName = (
            "shell" if name == "shell" else "iopub" if name == "iopub" else "stdin"
        )
        message = self._read(channel, 0)
        if message is None:
            return
        if channel == "iopub":
            run.on_iopub(message)
        elif channel == "stdin":
            answer = run.on_stdin(message)
            if isinstance(answer, str):
                self.input(answer, message)
        elif not run.on_shell(message):
            self.core.stash("shell", message)
