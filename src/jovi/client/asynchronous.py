"""A kernel client for asyncio code: the same methods as the blocking client, awaited.

Usage::

    async with AsyncKernelClient(read_connection_file(path)) as client:
        await client.wait_for_ready(timeout=30)
        reply = await client.execute("1 + 1", reply=True, timeout=10)
        await client.execute_interactive("print('hi')")

Several coroutines may wait on one client at once (a reply each, outputs, input
requests): one of them reads a channel at a time and keeps what it reads for the
others, so each finds its own message.  Handlers added with :meth:`add_handler` see
every message the client reads, on the event loop.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, Self

import zmq
import zmq.asyncio

from jovi.client.base import KernelClientBase
from jovi.client.core import MessageChannelName, reply_to
from jovi.client.heartbeat import ping_once
from jovi.client.interactive import InteractiveRun, ask_at_terminal, print_output
from jovi.client.readiness import ReadyProbe
from jovi.client.sockets import client_socket
from jovi.errors import KernelDied, KernelTimeout
from jovi.protocol import InputReply, InterruptRequest
from jovi.transport.zmq import ZmqChannel

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from jovi.client.core import MessagePredicate
    from jovi.client.owner import KernelOwner
    from jovi.protocol import ConnectionInfo, Content, Message, Session

__all__ = ["AsyncKernelClient"]

_SLICE_S = 0.1  # how often a wait looks at the kernel's process


class AsyncKernelClient(KernelClientBase[Awaitable[Any]]):
    """Talks to one kernel, anywhere, from asyncio code.

    Args:
        connection_info: Where the kernel is and its key.
        manager: The manager of the kernel, when this client's owner started it.
        session: This client's session (a fresh one by default).
        allow_stdin: Whether ``execute`` lets code ask for input by default.
        time_to_dead: Seconds the heartbeat may take to answer before the kernel is
            taken for dead (see :meth:`on_heartbeat_failure`).
        context: The asyncio ZeroMQ context (by default a shadow of the process's
            shared one: no thread of its own, nothing shared with other event loops).
    """

    def __init__(
        self,
        connection_info: ConnectionInfo,
        *,
        manager: KernelOwner | None = None,
        session: Session | None = None,
        allow_stdin: bool = True,
        time_to_dead: float = 1.0,
        context: zmq.asyncio.Context | None = None,
    ) -> None:
        super().__init__(
            connection_info,
            manager=manager,
            session=session,
            allow_stdin=allow_stdin,
            time_to_dead=time_to_dead,
        )
        self.context = (
            context if context is not None else zmq.asyncio.Context(zmq.Context.instance())
        )
        self._channels: dict[str, ZmqChannel] = {}

    @property
    def channels_running(self) -> bool:
        """Whether the channels are started."""
        return bool(self._channels)

    # ------------------------------------------------------------------ channels

    def _open(self, name: MessageChannelName, identity: bytes) -> None:
        kind: Literal["dealer", "sub"] = "sub" if name == "iopub" else "dealer"
        url = self.core.info.url(name)
        socket, monitor = client_socket(
            self.context, kind, url, identity=identity, watch_handshake=name == "stdin"
        )
        self._channels[name] = ZmqChannel(socket, kind, url)
        if monitor is not None:
            self._stdin_monitor = monitor

    async def stop_channels(self) -> None:
        """Close the channels (the kernel goes on running)."""
        await asyncio.to_thread(self._stop_heartbeat)
        self._close_stdin_monitor()
        for channel in self._channels.values():
            await channel.aclose(0)
        self._channels.clear()

    aclose = stop_channels

    async def reconnect(self, info: ConnectionInfo | None = None) -> None:
        """Connect again, to ``info`` or to where the manager says the kernel is now."""
        names = list(self._channels)
        callbacks = await asyncio.to_thread(self._stop_heartbeat)
        await self.stop_channels()
        self._reopen(self._new_info(info), names, callbacks)

    async def __aenter__(self) -> Self:
        self.start_channels()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop_channels()

    # ------------------------------------------------------------------ receiving

    def _channel(self, channel: MessageChannelName) -> ZmqChannel:
        found = self._channels.get(channel)
        if found is None:
            raise RuntimeError(f"the {channel} channel is not started; call start_channels() first")
        return found

    async def _read_one(self, channel: MessageChannelName, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for a message of ``channel``, and keep it.

        The socket's read outlives a wait that ends (:meth:`ZmqChannel.recv_within`),
        so a message is never lost to a timeout; readers may wait side by side.
        """
        frames = await self._channel(channel).recv_within(timeout)
        if frames is not None:
            message = self.core.accept(channel, frames)
            if message is not None:
                self.core.stash(channel, message)

    async def _next(
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
        self._channel(channel)
        about = self._deaths.about() if generation is None else generation
        deadline = None if timeout is None else time.monotonic() + timeout
        looked = expired = False
        while True:
            found = self.core.take(channel, predicate)
            if found is not None:
                return found
            if expired:
                raise KernelTimeout(f"no {what} came from the kernel within {timeout:g} s")
            if looked:  # a slice passed, or messages came that are not the one
                self._check_alive(about)
            looked = True
            left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
            # With no time left, a message already waiting is still read.
            expired = deadline is not None and left <= 0
            await self._read_one(channel, left)

    async def get_shell_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on shell (replies).

        Raises:
            KernelTimeout: none within ``timeout`` seconds (a ``TimeoutError``).
            KernelDied: the kernel's process ended (for a client of a manager).
        """
        return await self._next("shell", None, timeout, "shell message")

    async def get_iopub_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on IOPub (outputs, status)."""
        return await self._next("iopub", None, timeout, "IOPub message")

    async def get_stdin_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on stdin (input requests)."""
        return await self._next("stdin", None, timeout, "stdin message")

    async def get_control_msg(self, timeout: float | None = None) -> Message[Content]:
        """The next message on control (replies to control requests)."""
        return await self._next("control", None, timeout, "control message")

    async def get_reply(
        self, msg_id: str, timeout: float | None = None, channel: MessageChannelName = "shell"
    ) -> Message[Content]:
        """The reply to the request ``msg_id`` (other messages read meanwhile are kept).

        Raises:
            KernelTimeout: none within ``timeout`` seconds.
            KernelDied: the kernel's process ended (for a client of a manager).
        """
        reply = await self._next(
            channel, reply_to(msg_id), timeout, "reply", self._deaths.about(msg_id)
        )
        self._deaths.answered(msg_id)
        return reply

    # ------------------------------------------------------------------ requests

    async def _send(self, channel: MessageChannelName, message: Message[Content]) -> None:
        await self._channel(channel).send(self.core.frames(message))

    async def _request(
        self,
        channel: MessageChannelName,
        content: Content,
        reply: bool,
        timeout: float | None,
    ) -> Any:
        message = self.core.message(content)
        generation = self._deaths.sent(message.msg_id)
        await self._send(channel, message)
        if not reply:
            return message.msg_id
        try:
            answer = await self._next(
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

    async def input(self, string: str, parent: Message[Content] | None = None) -> None:
        """Answer the kernel's input request (the last one read, by default) with ``string``."""
        request = parent if parent is not None else self.core.last_input_request
        await self._send("stdin", self.core.message(InputReply(value=string), parent=request))

    async def interrupt(self) -> None:
        """Interrupt the kernel: through its manager (signal or message, as its
        kernelspec asks), or with an ``interrupt_request`` on control."""
        if self.manager is not None:
            await asyncio.to_thread(self.manager.interrupt)
        else:
            await self._send("control", self.core.message(InterruptRequest()))

    # ------------------------------------------------------------------ liveness

    async def is_alive(self) -> bool:
        """Whether the kernel lives: its process (for a manager's client), else its
        heartbeat."""
        if self.manager is not None:
            return self.manager.is_alive()
        if self._heartbeat is not None and self._heartbeat.running:
            return self._heartbeat.beating
        return await asyncio.to_thread(
            ping_once, zmq.Context.instance(), self.core.info.url("hb"), 1.0
        )

    def on_heartbeat_failure(self, callback: Callable[[float], object]) -> None:
        """Call ``callback(seconds_since_last_beat)`` on this event loop when the
        heartbeat stops; the channels must be started with ``hb=True``."""
        if self._heartbeat is None:
            raise RuntimeError("the heartbeat is not watched; start the channels with hb=True")
        loop = asyncio.get_running_loop()
        self._heartbeat.add_callback(lambda since: loop.call_soon_threadsafe(callback, since))

    async def wait_for_ready(self, timeout: float | None = 60.0) -> Message[Any]:
        """Wait until the kernel answers ``kernel_info`` and its IOPub reaches this client.

        Raises:
            KernelTimeout: the kernel did not answer in time.
            KernelDied: its process ended first (for a client of a manager).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        if self.manager is not None:
            await asyncio.to_thread(self.manager.wait_for_ready, timeout)
            if self.manager.connection_info != self.core.info:
                await self.reconnect(self.manager.connection_info)
        generation = self._deaths.now()  # the kernel found ready, or starting
        probe = ReadyProbe(self.core)
        probe.start()
        try:
            while not probe.ready:
                self._check_alive(generation)
                if deadline is not None and time.monotonic() >= deadline:
                    raise KernelTimeout(probe.timeout_notice(timeout))
                if probe.should_send():
                    await self._send("shell", probe.request())
                left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
                await self._feed_probe(probe, max(0.001, left))
        finally:
            probe.finish()
        await self._await_stdin(deadline, timeout, generation)
        self._deaths.ready(generation)
        self.kernel_info_reply = probe.reply
        assert probe.reply is not None
        return probe.reply

    def _close_stdin_monitor(self) -> None:
        monitor, self._stdin_monitor = self._stdin_monitor, None
        if monitor is not None:
            self._channels["stdin"].socket.disable_monitor()
            monitor.close(linger=0)

    async def _await_stdin(
        self, deadline: float | None, timeout: float | None, generation: int
    ) -> None:
        """Wait until the stdin channel's handshake with the kernel is done."""
        monitor = self._stdin_monitor
        if monitor is None:
            return
        try:
            while True:
                left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
                if await monitor.poll(1 + int(1000 * max(0.0, left))):
                    return
                self._check_alive(generation)
                if deadline is not None and time.monotonic() >= deadline:
                    raise self._stdin_wait_error(timeout)
        finally:
            self._close_stdin_monitor()

    async def _feed_probe(self, probe: ReadyProbe, timeout: float) -> None:
        names: list[MessageChannelName] = ["shell"]
        if "iopub" in self._channels:
            names.append("iopub")
        else:
            probe.iopub_seen = True
        self._drain_probe(probe, names)
        async with asyncio.TaskGroup() as tasks:  # a message of each, or the timeout
            for name in names:
                tasks.create_task(self._read_one(name, timeout))
        self._drain_probe(probe, names)

    def _drain_probe(self, probe: ReadyProbe, names: list[MessageChannelName]) -> None:
        """Give the probe the kept messages that answer it."""
        for name in names:
            while self.core.take(name, partial(probe.feed, name)) is not None:
                pass

    # ------------------------------------------------------------------ interactive

    async def execute_interactive(  # noqa: PLR0917 - jupyter_client's signature
        self,
        code: str,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: dict[str, str] | None = None,
        allow_stdin: bool | None = None,
        stop_on_error: bool = True,
        timeout: float | None = None,
        output_hook: Callable[[Message[Any]], object] | None = None,
        stdin_hook: Callable[[Message[Any]], Any] | None = None,
    ) -> Message[Any]:
        """Run ``code`` as a terminal would: outputs shown as they come, input requests
        answered (hooks may be coroutines); return the reply.

        Raises:
            KernelTimeout: the run did not finish within ``timeout`` seconds.
            KernelDied: the kernel's process ended (for a client of a manager).
        """
        allow = self.allow_stdin if allow_stdin is None else allow_stdin
        msg_id = await self.execute(
            code, silent, store_history, user_expressions, allow, stop_on_error
        )
        run = InteractiveRun(msg_id, output_hook or print_output, stdin_hook or ask_at_terminal)
        try:
            async with asyncio.timeout(timeout):
                await self._follow(run, self._deaths.about(msg_id))
        except TimeoutError:
            raise KernelTimeout(f"the code did not finish within {timeout:g} s") from None
        except ExceptionGroup as group:
            # A death ends both the run and the input answerer: say it as one KernelDied.
            death = _first_death(group)
            if death is None:
                raise
            raise death from group
        self._deaths.answered(msg_id)
        assert run.reply is not None
        return run.reply

    async def _follow(self, run: InteractiveRun, generation: int) -> None:
        async with asyncio.TaskGroup() as tasks:
            answering = (
                tasks.create_task(self._answer_input(run, generation))
                if "stdin" in self._channels
                else None
            )
            run.on_shell(await self._next("shell", reply_to(run.msg_id), None, "reply", generation))
            while "iopub" in self._channels and not run.idle:
                message = await self._next("iopub", None, None, "IOPub message", generation)
                result = run.on_iopub(message)
                if inspect.isawaitable(result):
                    await result
                if not run.idle:  # other clients' outputs may keep coming
                    self._check_alive(generation)
            if answering is not None:
                answering.cancel()

    async def _answer_input(self, run: InteractiveRun, generation: int) -> None:
        while True:
            message = await self._next("stdin", None, None, "input request", generation)
            answer = run.on_stdin(message)
            if inspect.isawaitable(answer):
                answer = await answer
            if isinstance(answer, str):
                await self.input(answer, message)


def _first_death(group: BaseExceptionGroup[Exception]) -> KernelDied | None:
    """The first KernelDied in ``group`` (however deep), or None."""
    for error in group.exceptions:
        if isinstance(error, KernelDied):
            return error
        if isinstance(error, BaseExceptionGroup):
            found = _first_death(error)
            if found is not None:
                return found
    return None
