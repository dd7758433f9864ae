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
from typing import TYPE_CHECKING, Any, Literal, Self

import zmq

from jovi.client.base import KernelClientBase
from jovi.client.core import MessageChannelName, reply_to
from jovi.client.heartbeat import ping_once
from jovi.client.interactive import InteractiveRun, ask_at_terminal, print_output
from jovi.client.readiness import ReadyProbe
from jovi.client.sockets import client_socket
from jovi.errors import KernelTimeout
from jovi.protocol import InputReply, InterruptRequest

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from jovi.client.core import MessagePredicate
    from jovi.client.owner import KernelOwner
    from jovi.protocol import ConnectionInfo, Content, Message, Session

__all__ = ["BlockingKernelClient"]

_LARGE_FRAME = 65536  # frames this long are sent without a copy
_SLICE_S = 0.1  # how often a wait looks at the kernel's process


class BlockingKernelClient(KernelClientBase[Any]):
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
        super().__init__(
            connection_info,
            manager=manager,
            session=session,
            allow_stdin=allow_stdin,
            time_to_dead=time_to_dead,
        )
        self.context = context if context is not None else zmq.Context.instance()
        self._sockets: dict[str, zmq.Socket[bytes]] = {}

    # ------------------------------------------------------------------ channels

    @property
    def channels_running(self) -> bool:
        """Whether the channels are started."""
        return bool(self._sockets)

    def _open(self, name: MessageChannelName, identity: bytes) -> None:
        kind: Literal["dealer", "sub"] = "sub" if name == "iopub" else "dealer"
        socket, monitor = client_socket(
            self.context,
            kind,
            self.core.info.url(name),
            identity=identity,
            watch_handshake=name == "stdin",
        )
        self._sockets[name] = socket
        if monitor is not None:
            self._stdin_monitor = monitor

    def stop_channels(self) -> None:
        """Close the channels (the kernel goes on running)."""
        self._stop_heartbeat()
        self._close_stdin_monitor()
        for socket in self._sockets.values():
            socket.close(linger=0)
        self._sockets.clear()

    close = stop_channels

    def reconnect(self, info: ConnectionInfo | None = None) -> None:
        """Connect again, to ``info`` or to where the manager says the kernel is now
        (after a restart on other ports); messages kept from before are dropped."""
        names = list(self._sockets)
        callbacks = self._stop_heartbeat()
        self.stop_channels()
        self._reopen(self._new_info(info), names, callbacks)

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

    def _next(
        self,
        channel: MessageChannelName,
        predicate: MessagePredicate | None,
        timeout: float | None,
        what: str,
        generation: int | None = None,
    ) -> Message[Content]:
        """The next message of ``channel`` that ``predicate`` accepts; the wait ends
        with KernelDied when the kernel of ``generation`` (by default, of the client's
        last request) ends, even while other messages keep coming."""
        found = self.core.take(channel, predicate)
        if found is not None:
            return found
        about = self._deaths.about() if generation is None else generation
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
            # With no time left, what has already arrived is still read (timeout=0 peeks).
            message = self._read(channel, max(0.0, left))
            if message is None:
                if left <= 0:
                    raise KernelTimeout(f"no {what} came from the kernel within {timeout:g} s")
            elif predicate is None or predicate(message):
                return message
            else:
                self.core.stash(channel, message)
            self._check_alive(about)

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
        reply = self._next(channel, reply_to(msg_id), timeout, "reply", self._deaths.about(msg_id))
        self._deaths.answered(msg_id)
        return reply

    def iopub_msgs(self) -> list[Message[Content]]:
        """Every IOPub message available now, without waiting."""
        return self.available_msgs("iopub")

    def available_msgs(
        self, channel: MessageChannelName, limit: int | None = None
    ) -> list[Message[Content]]:
        """Every message of ``channel`` available now (kept ones first), without
        waiting; at most ``limit`` of them when given (the rest stay for the next call)."""
        found: list[Message[Content]] = []
        room = float("inf") if limit is None else limit
        while len(found) < room and (kept := self.core.take(channel)) is not None:
            found.append(kept)
        socket = self._socket(channel)
        while len(found) < room and socket.poll(0):
            message = self._read(channel, 0)
            if message is not None:
                found.append(message)
        return found

    def channel_fd(self, channel: MessageChannelName) -> int:
        """The file descriptor an event loop watches for ``channel``'s messages.

        It is ZeroMQ's: edge-triggered, readable when something changed.  When it
        fires, and after each request sent, read with :meth:`available_msgs` until
        nothing is left, or it may not fire again.
        """
        return int(self._socket(channel).getsockopt(zmq.FD))

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
        generation = self._deaths.sent(message.msg_id)
        self._send(channel, message)
        if not reply:
            return message.msg_id
        try:
            answer = self._next(
                channel,
                reply_to(message.msg_id),
                timeout,
                f"reply to {message.msg_type}",
                generation,
            )
        except KernelTimeout:
            self.core.ignore([message.msg_id])  # a late reply is dropped, not kept
            raise
        self._deaths.answered(message.msg_id)
        return answer

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
        generation = self._deaths.now()  # the kernel found ready, or starting
        probe = ReadyProbe(self.core)
        probe.start()
        try:
            while not probe.ready:
                self._check_alive(generation)
                if deadline is not None and time.monotonic() >= deadline:
                    raise KernelTimeout(probe.timeout_notice(timeout))
                if probe.should_send():
                    self._send("shell", probe.request())
                left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
                self._poll_probe(probe, max(0.0, left))
        finally:
            probe.finish()
        self._await_stdin(deadline, timeout, generation)
        self._deaths.ready(generation)
        self.kernel_info_reply = probe.reply
        assert probe.reply is not None
        return probe.reply

    def _close_stdin_monitor(self) -> None:
        monitor, self._stdin_monitor = self._stdin_monitor, None
        if monitor is not None:
            self._sockets["stdin"].disable_monitor()
            monitor.close(linger=0)

    def _await_stdin(self, deadline: float | None, timeout: float | None, generation: int) -> None:
        """Wait until the stdin channel's handshake with the kernel is done."""
        monitor = self._stdin_monitor
        if monitor is None:
            return
        try:
            while not monitor.poll(1 + int(1000 * self._slice(deadline))):
                self._check_alive(generation)
                if deadline is not None and time.monotonic() >= deadline:
                    raise self._stdin_wait_error(timeout)
        finally:
            self._close_stdin_monitor()

    @staticmethod
    def _slice(deadline: float | None) -> float:
        return (
            _SLICE_S if deadline is None else max(0.0, min(_SLICE_S, deadline - time.monotonic()))
        )

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
        generation = self._deaths.about(msg_id)
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
            for name in watched:
                if self._sockets[name] in events:
                    self._feed_run(run, name)
            if not run.done:
                self._check_alive(generation)
        self._deaths.answered(msg_id)
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
