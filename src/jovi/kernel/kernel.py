"""jovi's Python kernel: the shell engine behind the Jupyter messaging protocol.

Threads (docs/architecture.md explains the choice):

* the **main thread** runs user code, one request at a time, from a queue: executes,
  history, comm messages, and any request while nothing else is queued;
* the **I/O thread** (:class:`~jovi.kernel.server.KernelServer`) reads the channels
  and answers at once what needs no user code: ``kernel_info``, ``connect``,
  ``interrupt`` and ``shutdown``;
* a **worker thread** answers ``complete``, ``inspect``, ``is_complete`` and
  ``comm_info`` while the main thread is busy, from the namespace as it is (these
  never run user code);
* the heartbeat echoes on a thread of its own (in the transport), and helper
  threads read captured file descriptors.

Every request gets ``status: busy`` before anything else it causes on IOPub and
``status: idle`` after its reply.
"""

from __future__ import annotations

import collections
import queue
import threading
from typing import TYPE_CHECKING, Any

from jovi.config import Bool, Change, Configurable, Float, Int, on_change
from jovi.kernel import requests
from jovi.kernel.comms import CommManager, message_dict
from jovi.kernel.execution import ExecuteRunner
from jovi.kernel.lifetime import InterruptGate, ParentWatch, interrupt_main_thread
from jovi.kernel.output import KernelOutput
from jovi.kernel.redirect import OutputRedirect
from jovi.kernel.server import KernelServer
from jovi.kernel.stdin import StdinBridge
from jovi.kernel.streams import RateLimit, StreamBuffer
from jovi.protocol.comm import (
    CommClose,
    CommInfo,
    CommInfoReply,
    CommInfoRequest,
    CommMsg,
    CommOpen,
)
from jovi.protocol.control import InterruptReply, InterruptRequest, ShutdownReply, ShutdownRequest
from jovi.protocol.iopub import BUSY, IDLE, ErrorOutput, Status, Stream
from jovi.protocol.message import Reply, content_class
from jovi.protocol.shell import (
    CompleteRequest,
    ConnectReply,
    ConnectRequest,
    ExecuteRequest,
    HistoryRequest,
    InspectRequest,
    IsCompleteReply,
    IsCompleteRequest,
    KernelInfoRequest,
)
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jovi.config import Config, ConfigStack
    from jovi.kernel.server import Request
    from jovi.protocol.connection import ConnectionInfo
    from jovi.protocol.message import Content, Header, Message
    from jovi.protocol.session import Session
    from jovi.protocol.stdin import InputReply
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["Kernel"]

log = get_logger("jovi.kernel")

# Answered on the worker thread while the main thread is busy: they read the
# namespace but never run user code.
_CONCURRENT: tuple[type[Content], ...] = (
    CompleteRequest,
    InspectRequest,
    IsCompleteRequest,
    CommInfoRequest,
)


class Kernel(Configurable):
    """A kernel serving one shell.

    Args:
        session: Signs and checks messages (the connection file's key and scheme).
        connection_info: Where the channels are (for ``connect_reply`` and
            ``%connect_info``).
        connection_file: The connection file, if there is one.
        interrupt: Interrupts the main thread (SIGINT to it by default).
        config: Configuration (the shell's, usually).
    """

    config_aliases = ("IPKernelApp",)

    stream_flush_interval = Float(
        0.05,
        min=0.001,
        max=10.0,
        help="How long printed text may wait before it is sent, in seconds: text written "
        "meanwhile goes out in one message.",
    )
    stream_rate_limit = Int(
        0,
        min=0,
        help="The most characters per second one stream (stdout, stderr) sends; beyond it "
        "text is left out and a notice says how much (0: no limit).",
    )
    capture_fd_output = Bool(
        True,
        help="Also send what is written to file descriptors 1 and 2 (C extensions, "
        "subprocesses) as stream output.",
    )
    shutdown_grace = Float(
        2.0,
        min=0.0,
        help="How long a shutdown waits for running code before the kernel exits anyway, "
        "in seconds.",
    )

    def __init__(
        self,
        *,
        session: Session,
        connection_info: ConnectionInfo | None = None,
        connection_file: str = "",
        interrupt: Callable[[], None] = interrupt_main_thread,
        config: Config | ConfigStack | None = None,
        **options: Any,
    ) -> None:
        super().__init__(config=config, **options)
        self.session = session
        self.connection_info = connection_info
        self.connection_file = connection_file
        self.server = KernelServer(session, self)
        self.shell: InteractiveShell | None = None
        self.parent_header: Header | None = None
        """The request the main thread is serving (the parent of what it publishes)."""
        self.gate = InterruptGate()
        self.parent_watch: ParentWatch | None = None
        """Ends the kernel with the process that started it (set by ``jovi kernel``)."""
        self._interrupt = interrupt
        self._queue: queue.SimpleQueue[Request | None] = queue.SimpleQueue()
        self._backlog: collections.deque[Request | None] = collections.deque()
        # Each counter has one writer thread, so neither needs a lock.
        self._submitted = 0  # I/O thread
        self._completed = 0  # main thread
        self._worker: _Worker | None = None
        self._stopping = False
        self._shutdown: Request | None = None
        self._finished = threading.Event()
        self._status_lock = threading.Lock()
        self._running: Header | None = None  # the main thread's request, until its idle
        self._main_done = False
        self._kernel_info = requests.kernel_info()
        limit = self.stream_rate_limit
        self.streams = {
            name: StreamBuffer(
                name,
                self._send_stream,
                self.server.call_later,
                flush_interval=self.stream_flush_interval,
                rate_limit=RateLimit(limit),
            )
            for name in ("stdout", "stderr")
        }
        self.output = KernelOutput(self._publish, self.flush_output)
        self.stdin = StdinBridge(self.server, self.flush_output)
        self.redirect = OutputRedirect(self.streams, self.stdin)
        self.comm_manager = CommManager(self._publish_comm, self._trigger_event)
        self._execute = ExecuteRunner(self)
        self._main_handlers: dict[type[Content], Callable[[Request], None]] = {
            ExecuteRequest: self._execute.run,
            CompleteRequest: self._answer_complete,
            InspectRequest: self._answer_inspect,
            IsCompleteRequest: self._answer_is_complete,
            HistoryRequest: self._answer_history,
            CommInfoRequest: self._answer_comm_info,
            CommOpen: self._comm_message,
            CommMsg: self._comm_message,
            CommClose: self._comm_message,
        }

    @on_change("stream_rate_limit")
    def _rate_limit_changed(self, change: Change) -> None:
        for stream in self.streams.values():
            stream.rate_limit.per_second = change.new

    @on_change("stream_flush_interval")
    def _flush_interval_changed(self, change: Change) -> None:
        for stream in self.streams.values():
            stream.flush_interval = change.new

    # ------------------------------------------------------------ set-up

    def attach_shell(self, shell: InteractiveShell) -> None:
        """Serve ``shell``: its output becomes messages, its magics learn about the kernel."""
        from jovi.kernel.inline import inline_options  # noqa: PLC0415
        from jovi.kernel.magics import KernelMagics  # noqa: PLC0415 - cycle

        shell.output = self.output
        shell.register_magics(KernelMagics(shell, kernel=self))
        inline_options(shell)  # figure formatters, by name: matplotlib is not imported
        shell.kernel = self  # type: ignore[attr-defined] # libraries look for get_ipython().kernel
        self.shell = shell

    @property
    def busy(self) -> bool:
        """Whether the main thread has requests running or queued."""
        return self._submitted != self._completed

    # ------------------------------------------------------------ publishing

    def _publish(self, content: Content) -> None:
        self.server.publish(content, self.parent_header)

    def _publish_comm(
        self, content: Content, metadata: dict[str, Any] | None, buffers: Sequence[bytes]
    ) -> None:
        self.server.publish(content, self.parent_header, metadata=metadata, buffers=buffers)

    def _send_stream(self, name: str, text: str) -> None:
        self.server.publish(
            Stream(name=name, text=text), self.parent_header, topic=f"stream.{name}".encode()
        )

    def _trigger_event(self, name: str) -> None:
        if self.shell is not None:
            self.shell.events.trigger(name)

    def flush_output(self, *, final: bool = False) -> None:
        """Send everything written to the output streams so far (any thread)."""
        self.redirect.drain()
        for stream in self.streams.values():
            stream.flush(final=final)

    def status(self, state: str, parent: Header | None) -> None:
        """Publish ``status`` (busy or idle) for ``parent``."""
        self.server.publish(Status(execution_state=state), parent)

    def reply(
        self, request: Request, content: Content, metadata: dict[str, Any] | None = None
    ) -> None:
        """Send ``content`` as the reply to ``request``, on its channel."""
        message = self.session.message(content, parent=request.message, metadata=metadata)
        self.server.send(request.channel, message, request.identities)

    def _answer(self, request: Request, compute: Callable[[], Content | None]) -> None:
        """Busy, the reply ``compute()`` makes (an error reply if it fails), idle."""

        def respond(request: Request) -> None:
            content = compute()
            if content is not None:
                self.reply(request, content)

        self._with_status(request, respond)

    def _with_status(
        self, request: Request, handle: Callable[[Request], None], *, main: bool = False
    ) -> None:
        """Busy, ``handle(request)`` (an error reply if it fails), idle.

        A request answered beside the main thread (``main=False``) while the main
        thread serves another one is followed by a ``busy`` for that one: frontends
        show the kernel's state from the last status they saw, and the kernel is
        still busy.
        """
        if main:
            with self._status_lock:
                self._running = request.header
        self.status(BUSY, request.header)
        try:
            handle(request)
        except Exception as error:
            log.exception("the %s could not be answered", request.message.msg_type)
            content = _error_reply(request, error)
            if content is not None:
                if isinstance(request.content, ExecuteRequest):
                    # Frontends show an execution's errors from IOPub, not from the reply.
                    self.server.publish(ErrorOutput(**_error_fields(error)), request.header)
                self.reply(request, content)
        finally:
            # Under the lock: the main thread's idle and a restoring busy never cross.
            with self._status_lock:
                if main:
                    self._running = None
                self.status(IDLE, request.header)
                if not main and self._running is not None:
                    self.status(BUSY, self._running)

    # ------------------------------------------------------------ I/O thread

    def handle_request(self, request: Request) -> None:
        """Route ``request`` (on the I/O thread): answer it now, on the worker, or queue it."""
        content = request.content
        if isinstance(content, KernelInfoRequest):
            self._answer(request, lambda: self._kernel_info)
        elif isinstance(content, ConnectRequest):
            self._answer(request, self._connect_reply)
        elif isinstance(content, InterruptRequest):
            self._answer(request, self._interrupt_reply)
        elif isinstance(content, ShutdownRequest):
            self._begin_shutdown(request)
        elif self._stopping:
            log.warning("a %s arrived during shutdown and was ignored", request.message.msg_type)
        elif (
            isinstance(content, _CONCURRENT)
            and self.shell is not None
            and (self.busy or request.channel == "control")
        ):
            if self._worker is None:
                self._worker = _Worker(self._serve_concurrently)
            self._worker.submit(request)
        else:
            self._submitted += 1
            self._queue.put(request)

    def handle_input_reply(self, message: Message[InputReply]) -> None:
        """An ``input_reply``: give it to the ``input()`` waiting for it."""
        self.stdin.deliver(message)

    def _connect_reply(self) -> ConnectReply:
        info = self.connection_info
        if info is None:
            return ConnectReply()
        return ConnectReply(
            shell_port=info.shell_port,
            iopub_port=info.iopub_port,
            stdin_port=info.stdin_port,
            hb_port=info.hb_port,
            control_port=info.control_port,
        )

    def _interrupt_reply(self) -> InterruptReply:
        self._interrupt()
        return InterruptReply()

    def _serve_concurrently(self, request: Request) -> None:
        handler = self._main_handlers.get(type(request.content))
        if handler is not None:
            self._with_status(request, handler)

    # ------------------------------------------------------------ shutdown

    def _begin_shutdown(self, request: Request) -> None:
        if self._stopping:
            self._answer(request, lambda: ShutdownReply(restart=_restart(request)))
            return
        self._stopping = True
        self._shutdown = request
        self.status(BUSY, request.header)
        self._queue.put(None)
        self._interrupt_if_busy()
        self.server.call_later(self.shutdown_grace, self._shutdown_without_main)

    def _interrupt_if_busy(self) -> None:
        # Waiting for input would never end: the client that could answer is leaving.
        if self.busy and self.stdin.waiting:
            self._interrupt()

    def stop_without_request(self, reason: str) -> None:
        """Shut down because of ``reason`` (the parent process died), from any thread."""
        log.warning("jovi kernel shutting down: %s", reason)
        self._stopping = True
        self._queue.put(None)
        self.server.call_later(self.shutdown_grace, self._shutdown_without_main)

    def _shutdown_without_main(self) -> None:
        """The main thread did not finish in time (code still runs): answer and exit."""
        if self._finished.is_set():
            return
        log.warning(
            "running code did not stop within %.1f s; the kernel exits anyway", self.shutdown_grace
        )
        self._send_shutdown_reply()
        self.server.stop()
        self._finished.set()

    def _send_shutdown_reply(self) -> None:
        request, self._shutdown = self._shutdown, None
        if request is not None:
            self.reply(request, ShutdownReply(restart=_restart(request)))
            self.status(IDLE, request.header)

    @property
    def main_done(self) -> bool:
        """Whether the main thread has finished serving (False after a forced shutdown
        while user code still runs: the process must then exit without it)."""
        return self._main_done

    # ------------------------------------------------------------ main thread

    def run(self) -> None:
        """Serve queued requests on this thread until shutdown (call from the main thread)."""
        while True:
            request = self._backlog.popleft() if self._backlog else self._queue.get()
            if request is None:
                break
            try:
                if not self._stopping:  # requests queued behind a shutdown are dropped
                    self._serve(request)
            except KeyboardInterrupt:
                log.info("an interrupt arrived between requests and was ignored")
            finally:
                self._completed += 1
        self._main_done = True
        if self._finished.is_set():
            return
        self.flush_output(final=True)
        if self.shell is not None:
            self.shell.close()  # the history is complete before the reply says so
        self._send_shutdown_reply()
        self._finished.set()
        self.server.stop()

    def _serve(self, request: Request) -> None:
        handler = self._main_handlers.get(type(request.content), self._unsupported)
        self.parent_header = request.header

        def handle(request: Request) -> None:
            try:
                handler(request)
            finally:
                self.flush_output(final=True)

        self._with_status(request, handle, main=True)

    def _unsupported(self, request: Request) -> None:
        log.warning(
            "a %s message is not supported by this kernel; it gets no reply",
            request.message.msg_type,
        )

    def take_queued_executes(self) -> list[Request]:
        """Take the queued execute requests out of the queue (after an error that
        asked to stop them); other queued requests stay, in order."""
        waiting: list[Request | None] = list(self._backlog)
        self._backlog.clear()
        while True:
            try:
                waiting.append(self._queue.get_nowait())
            except queue.Empty:
                break
        taken = []
        for request in waiting:
            if request is not None and isinstance(request.content, ExecuteRequest):
                taken.append(request)
            else:
                self._backlog.append(request)
        return taken

    def abort(self, requests: list[Request]) -> None:
        """Answer taken execute requests as aborted."""
        for request in requests:
            self._execute.abort(request)
            self._completed += 1

    # ------------------------------------------------------------ request handlers

    def _answer_complete(self, request: Request) -> None:
        content = request.content
        assert isinstance(content, CompleteRequest)
        shell = self._require_shell()
        self.reply(request, requests.complete(shell, content.code, content.cursor_pos))

    def _answer_inspect(self, request: Request) -> None:
        content = request.content
        assert isinstance(content, InspectRequest)
        shell = self._require_shell()
        self.reply(
            request,
            requests.inspect(shell, content.code, content.cursor_pos, content.detail_level),
        )

    def _answer_is_complete(self, request: Request) -> None:
        content = request.content
        assert isinstance(content, IsCompleteRequest)
        shell = self._require_shell()
        self.reply(request, requests.is_complete(shell, content.code))

    def _answer_history(self, request: Request) -> None:
        content = request.content
        assert isinstance(content, HistoryRequest)
        shell = self._require_shell()
        self.reply(request, requests.history(shell, content))

    def _answer_comm_info(self, request: Request) -> None:
        content = request.content
        assert isinstance(content, CommInfoRequest)
        self.reply(
            request,
            CommInfoReply(
                comms={
                    comm_id: CommInfo(target_name=target)
                    for comm_id, target in self.comm_manager.info(content.target_name).items()
                }
            ),
        )

    def _comm_message(self, request: Request) -> None:
        message = message_dict(request.message)
        content = request.content
        manager = self.comm_manager
        if isinstance(content, CommOpen):
            manager.comm_open(None, request.identities, message)
        elif isinstance(content, CommMsg):
            manager.comm_msg(None, request.identities, message)
        else:
            manager.comm_close(None, request.identities, message)

    def _require_shell(self) -> InteractiveShell:
        if self.shell is None:
            raise RuntimeError("the kernel has no shell yet")
        return self.shell


class _Worker:
    """A thread answering requests one at a time, beside the main thread."""

    def __init__(self, serve: Callable[[Request], None]) -> None:
        self._serve = serve
        self._queue: queue.SimpleQueue[Request] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="jovi-kernel-worker", daemon=True)
        self.thread.start()

    def submit(self, request: Request) -> None:
        self._queue.put(request)

    def _run(self) -> None:
        while True:
            request = self._queue.get()
            try:
                self._serve(request)
            except Exception:
                log.exception("the %s could not be answered", request.message.msg_type)


def _restart(request: Request) -> bool:
    content = request.content
    return content.restart if isinstance(content, ShutdownRequest) else False


def _error_reply(request: Request, error: BaseException) -> Content | None:
    """The error reply to ``request`` (None for messages that get no reply)."""
    msg_type = request.message.msg_type
    if not msg_type.endswith("_request"):
        return None
    reply_class = content_class(msg_type.removesuffix("_request") + "_reply")
    if reply_class is IsCompleteReply:
        return IsCompleteReply(status="unknown")
    if reply_class is None or not issubclass(reply_class, Reply):
        return None
    return reply_class(status="error", **_error_fields(error))


def _error_fields(error: BaseException) -> dict[str, Any]:
    """``ename``, ``evalue`` and ``traceback`` of a failure of the kernel itself."""
    return {
        "ename": type(error).__name__,
        "evalue": str(error),
        "traceback": (f"{type(error).__name__}: {error}",),
    }
