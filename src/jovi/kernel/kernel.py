"""jovi's Python kernel: the shell engine behind the Jupyter messaging protocol.

Threads (docs/architecture.md explains the choice):

* the **I/O thread** (:class:`~jovi.kernel.server.KernelServer`) reads the channels,
  checks each message, and decides where each request is served
  (:mod:`~jovi.kernel.routing`): at once (``kernel_info``, ``interrupt``,
  ``shutdown``, subshells), or in order by an *executor*;
* the **main thread** is the main shell's executor: user code runs there, one request
  at a time, inside an asyncio event loop (:mod:`~jovi.kernel.executor`);
* each **subshell** (protocol 5.5) is an executor on a thread of its own, and so is
  the **control thread**, which serves control requests that take time (the
  debugger, ``execute`` on control);
* the heartbeat echoes on a thread of its own (in the transport), and helper
  threads read captured file descriptors.

The kernel's life cycle is :class:`~jovi.kernel.lifecycle.Lifecycle`; where output
goes is :mod:`~jovi.kernel.parents`.  Every request gets ``status: busy`` before
anything else it causes on IOPub and ``status: idle`` after its reply.
"""

from __future__ import annotations

import contextvars
import threading
from typing import TYPE_CHECKING, Any

from jovi.config import Bool, Change, Configurable, Float, Int, on_change
from jovi.errors import UnknownSubshellError
from jovi.kernel import requests
from jovi.kernel.comms import CommManager, message_dict
from jovi.kernel.debugger import new_debugger
from jovi.kernel.execution import ExecuteRunner
from jovi.kernel.executor import Executor
from jovi.kernel.lifecycle import KernelEvent, KernelState, Lifecycle
from jovi.kernel.lifetime import InterruptGate, ParentWatch, interrupt_main_thread
from jovi.kernel.output import KernelOutput
from jovi.kernel.parents import UNSET, Parent, ParentTracker
from jovi.kernel.redirect import OutputRedirect
from jovi.kernel.routing import Decision, decide, route_of
from jovi.kernel.server import KernelServer
from jovi.kernel.stdin import StdinBridge
from jovi.kernel.streams import RateLimit, StreamBuffer
from jovi.kernel.subshells import Subshells
from jovi.protocol.comm import CommClose, CommInfo, CommInfoReply, CommMsg, CommOpen
from jovi.protocol.control import (
    CreateSubshellReply,
    DebugEvent,
    DebugReply,
    DebugRequest,
    DeleteSubshellReply,
    DeleteSubshellRequest,
    InterruptReply,
    ListSubshellReply,
    ShutdownReply,
    ShutdownRequest,
)
from jovi.protocol.iopub import BUSY, IDLE, ErrorOutput, Status, Stream
from jovi.protocol.message import Reply, content_class
from jovi.protocol.shell import (
    CompleteRequest,
    ConnectReply,
    ExecuteRequest,
    HistoryRequest,
    InspectRequest,
    IsCompleteReply,
    IsCompleteRequest,
)
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from jovi.config import Config, ConfigStack
    from jovi.kernel.debugger import Debugger
    from jovi.kernel.server import Request
    from jovi.protocol.connection import ConnectionInfo
    from jovi.protocol.message import Content, Header, Message
    from jovi.protocol.session import Session
    from jovi.protocol.stdin import InputReply
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["Kernel"]

log = get_logger("jovi.kernel")

_REMEMBERED_PARENTS = 64  # parents set_parent() can find again by their msg_id


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
    iopub_stall_timeout = Float(
        10.0,
        min=0.1,
        help="Seconds a client may take no output while the kernel has output for it; then "
        "output it cannot take is dropped, so that one frozen client cannot stop the kernel "
        "(until then, code printing waits for the clients to read).",
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
        self.lifecycle = Lifecycle()
        self.server = KernelServer(session, self)
        self.shell: InteractiveShell | None = None
        self.output_parent: contextvars.ContextVar[Parent | None] = contextvars.ContextVar(
            "jovi_output_parent"
        )
        """The request output written in this context belongs to (whichever channel)."""
        self.parents = {
            "shell": ParentTracker("shell", self.output_parent),
            "control": ParentTracker("control", self.output_parent),
        }
        """Which request output belongs to, for each channel."""
        self._tracker_here: contextvars.ContextVar[ParentTracker] = contextvars.ContextVar(
            "jovi_parent_tracker", default=self.parents["shell"]
        )
        self._known_parents: dict[str, Parent] = {}
        self._comm_senders: dict[str, Executor] = {}  # comm id -> executor that last sent
        self.gate = InterruptGate()
        self.parent_watch: ParentWatch | None = None
        """Ends the kernel with the process that started it (set by ``jovi kernel``)."""
        self._interrupt = interrupt
        self.main = Executor("main", self._serve)
        """The main shell's executor (run on the main thread by :meth:`run`)."""
        self.gate.while_waiting = self.main.cancel_awaiting
        self.gate.aim = self._cell_for_interrupt
        self._control: Executor | None = None
        self._control_lock = threading.Lock()
        self.subshells = Subshells(self._serve)
        self._shutdown: Request | None = None
        self.restarting = False
        """Whether the shutdown asked for is followed by a restart (same connection file)."""
        self._status_lock = threading.Lock()
        self._running: Header | None = None  # the main shell's request, until its idle
        self._main_done = False
        self.main_done_event = threading.Event()
        """Set when the main thread has finished serving."""
        self.debugger: Debugger | None = new_debugger(self._publish_debug_event)
        """Answers ``debug_request`` (when debugpy is there); None: no debugger."""
        self._kernel_info = requests.kernel_info(debugger=self.debugger is not None)
        limit = self.stream_rate_limit
        self.streams = {
            name: StreamBuffer(
                name,
                self._send_stream,
                self.server.call_later,
                parent=self._default_parent,
                parent_var=self.output_parent,
                wait_for_room=self.server.wait_for_room,
                room_full=lambda: self.server.outbox.full,
                flush_interval=self.stream_flush_interval,
                rate_limit=RateLimit(limit),
            )
            for name in ("stdout", "stderr")
        }
        self.output = KernelOutput(self._publish_output, self.flush_output)
        self.stdin = StdinBridge(self.server, self.flush_output, self.current_parent)
        self.redirect = OutputRedirect(self.streams, self.stdin)
        self.comm_manager = CommManager(self._publish_comm, self._trigger_event)
        self._execute = ExecuteRunner(self)

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
        from jovi.kernel.inline import inline_options  # noqa: PLC0415 - not before the shell
        from jovi.kernel.magics import KernelMagics  # noqa: PLC0415 - not before the shell

        shell.output = self.output
        shell.register_magics(KernelMagics(shell, kernel=self))
        inline_options(shell)  # figure formatters, by name: matplotlib is not imported
        shell.kernel = self  # type: ignore[attr-defined] # libraries look for get_ipython().kernel
        if self.debugger is not None:
            self.debugger.attach_shell(shell)
        self.shell = shell
        self.lifecycle.fire(KernelEvent.SHELL_READY)

    @property
    def busy(self) -> bool:
        """Whether the main shell has requests running or queued."""
        return not self.main.idle

    # ------------------------------------------------------------ parents (ipykernel's API)

    def current_parent(self) -> Parent | None:
        """The request output written now belongs to (by context, then the last one set
        on shell, for threads that chose none)."""
        value = self.output_parent.get(UNSET)
        return self.parents["shell"].last if value is UNSET else value

    def _default_parent(self) -> Parent | None:
        return self.parents["shell"].last

    def get_parent(self, channel: str | None = None) -> dict[str, Any]:
        """The request being served on ``channel`` (the caller's by default), as a dict."""
        tracker = self.parents[channel] if channel else self._tracker_here.get()
        parent = tracker.current()
        return {} if parent is None else parent.as_dict()

    def set_parent(self, ident: Any, parent: Any, channel: str = "shell") -> None:
        """Make ``parent`` (a request, as a dict) the parent of output (ipykernel's call)."""
        del ident
        found = self.parent_from(parent)
        if found is not None:
            self.parents[channel].set(found)

    def parent_from(self, parent: Any) -> Parent | None:
        """The :class:`Parent` of a request given as a dict (from :meth:`get_parent`)."""
        if isinstance(parent, Parent) or parent is None:
            return parent
        try:
            msg_id = parent["header"]["msg_id"]
        except (KeyError, TypeError):
            return None
        known = self._known_parents.get(msg_id)
        if known is not None:
            return known
        from jovi.protocol.message import Header  # noqa: PLC0415 - rare: a foreign parent

        try:
            return Parent(Header.from_json(dict(parent["header"])))
        except Exception:  # noqa: BLE001 - a malformed parent is ignored
            return None

    @property
    def _parent_ident(self) -> dict[str, list[bytes]]:
        """The routing identities of the current requests by channel (ipykernel's name)."""
        result = {}
        for channel, tracker in self.parents.items():
            parent = tracker.last
            result[channel] = [] if parent is None else list(parent.identities)
        return result

    # ------------------------------------------------------------ publishing

    def _publish_output(self, content: Content) -> None:
        """Publish output of user code (it waits while too much output waits to be sent)."""
        self.server.wait_for_room()
        parent = self.current_parent()
        self.server.publish(content, None if parent is None else parent.header)

    def _publish_comm(
        self, content: Content, metadata: dict[str, Any] | None, buffers: Sequence[bytes]
    ) -> None:
        if isinstance(content, CommOpen | CommMsg):
            sender = self._current_executor()
            if sender is not None:
                self._comm_senders[content.comm_id] = sender
        elif isinstance(content, CommClose):
            self._comm_senders.pop(content.comm_id, None)
        # Text printed before stays before: an Output widget's capture starts and ends
        # with comm messages, and what was printed inside must arrive between them.
        self.flush_output()
        self.server.wait_for_room()
        parent = self.current_parent()
        self.server.publish(
            content,
            None if parent is None else parent.header,
            metadata=metadata,
            buffers=buffers,
        )

    def _send_stream(self, name: str, text: str, parent: Parent | None) -> None:
        self.server.publish(
            Stream(name=name, text=text),
            None if parent is None else parent.header,
            topic=f"stream.{name}".encode(),
        )

    def _publish_debug_event(self, event: dict[str, Any]) -> None:
        """Publish a debugger event, as output of the last request on control."""
        parent = self.parents["control"].last
        self.server.publish(DebugEvent(body=event), None if parent is None else parent.header)

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

    # ------------------------------------------------------------ I/O thread: routing

    def handle_request(self, request: Request) -> None:
        """Route ``request`` (on the I/O thread): answer it now, or queue it for its executor."""
        executor = self._executor_for(request, start=False)
        msg_type = request.message.msg_type
        decision = decide(
            msg_type,
            request.channel,
            self.lifecycle.state,
            executor_idle=executor is None or executor.idle,
        )
        if decision is Decision.QUEUE and request.channel == "control":
            executor = self._executor_for(request)  # the control thread starts when needed
        if decision is Decision.ANSWER_NOW:
            self._answer_now(request)
        elif decision is Decision.IGNORE:
            log.warning("a %s arrived during shutdown and was ignored", msg_type)
        elif decision is Decision.REFUSE:
            self._answer_now(request, refuse=True)
        elif executor is None:
            self._answer_now(request, unknown_subshell=True)
        elif decision is Decision.DELIVER_EARLY:
            self.server.begin_work()
            executor.submit_early(request)
        else:
            self.server.begin_work()
            executor.submit(request)

    def handle_input_reply(self, message: Message[InputReply]) -> None:
        """An ``input_reply``: give it to the ``input()`` waiting for it."""
        self.stdin.deliver(message)

    def _executor_for(self, request: Request, *, start: bool = True) -> Executor | None:
        """The executor of ``request``: control, a subshell, or the main shell (None: the
        subshell it names does not exist, or the control thread is not started and
        ``start`` is false).

        A comm message goes to the executor that last sent on that comm, while it is
        busy: the cell there may be awaiting this very answer.
        """
        if request.channel == "control":
            return self._control_executor() if start else self._control
        content = request.content
        if isinstance(content, CommMsg | CommClose):
            sender = self._comm_senders.get(content.comm_id)
            if sender is not None and not sender.idle:
                return sender
        subshell_id = request.header.subshell_id
        if subshell_id:
            return self.subshells.get(subshell_id)
        return self.main

    def _current_executor(self) -> Executor | None:
        """The executor whose thread calls (None for other threads)."""
        if self.main.owns_current_thread():
            return self.main
        control = self._control
        if control is not None and control.owns_current_thread():
            return control
        for subshell_id in self.subshells.ids():
            executor = self.subshells.get(subshell_id)
            if executor is not None and executor.owns_current_thread():
                return executor
        return None

    def _control_executor(self) -> Executor:
        with self._control_lock:
            if self._control is None:
                self._control = Executor("control", self._serve)
                self._control.set_in_context(self._tracker_here, self.parents["control"])
                self._control.start()
            return self._control

    def _answer_now(
        self, request: Request, *, refuse: bool = False, unknown_subshell: bool = False
    ) -> None:
        """Answer ``request`` on this thread: busy, the reply, idle."""
        route = route_of(request.message.msg_type)
        if route.handler == "begin_shutdown":
            self.begin_shutdown(request)
            return

        self._enter(request)

        def respond(request: Request) -> None:
            refusal: Exception | None = None
            if refuse:
                refusal = ValueError(
                    f"a {request.message.msg_type} is not served on the {request.channel} channel"
                )
            elif unknown_subshell:
                refusal = UnknownSubshellError(
                    f"Unknown subshell_id {request.header.subshell_id!r}"
                )
            if refusal is None:
                getattr(self, route.handler)(request)
                return
            content = _error_reply(request, refusal)  # a reply only: no code ran, no output
            if content is not None:
                self.reply(request, content)

        self._with_status(request, respond, main=False)

    def _with_status(
        self, request: Request, handle: Callable[[Request], None], *, main: bool
    ) -> None:
        """Busy, ``handle(request)`` (an error reply if it fails), idle.

        A control request answered while the main shell serves another one is followed
        by a ``busy`` for that one: frontends show the kernel's state from the last
        status they saw, and the kernel is still busy.
        """
        self.status(BUSY, request.header)
        try:
            handle(request)
        except Exception as error:  # noqa: BLE001 - answered with an error reply
            self._failed(request, error)
        finally:
            self._idle(request, main=main)

    def _failed(self, request: Request, error: Exception) -> None:
        log.error(
            "the %s could not be answered: %s: %s",
            request.message.msg_type,
            type(error).__name__,
            error,
            exc_info=error,
        )
        content = _error_reply(request, error)
        if content is not None:
            if isinstance(request.content, ExecuteRequest):
                # Frontends show an execution's errors from IOPub, not from the reply.
                self.server.publish(ErrorOutput(**_error_fields(error)), request.header)
            self.reply(request, content)

    def _idle(self, request: Request, *, main: bool) -> None:
        # Under the lock: the main shell's idle and a restoring busy never cross.
        # Subshells give each request its busy and idle only (as ipykernel does; their
        # clients count them); a control request restores the main shell's busy.
        with self._status_lock:
            if main:
                self._running = None
            self.status(IDLE, request.header)
            if (
                request.channel == "control"
                and self._running is not None
                and _restores_busy(request)
            ):
                self.status(BUSY, self._running)

    # ------------------------------------------------------------ executors: serving

    def _serve(self, request: Request, executor: Executor) -> Awaitable[None] | None:
        """Serve one queued request on ``executor``'s thread.

        A request served early (a comm message for a cell that awaits) is served beside
        the running one, as if on another thread.
        """
        main = executor is self.main and executor.running is request
        if main and self.lifecycle.fire(KernelEvent.MAIN_STARTED) is KernelState.STOPPING:
            self.lifecycle.fire(KernelEvent.MAIN_FINISHED)
            self.server.end_work()
            return None  # queued behind a shutdown: dropped
        self._enter(request)
        if main:
            with self._status_lock:
                self._running = request.header
        self.status(BUSY, request.header)
        handler = getattr(self, route_of(request.message.msg_type).handler)
        try:
            result = handler(request)
        except Exception as error:  # noqa: BLE001 - answered with an error reply
            self._failed(request, error)
            result = None
        if result is None:
            self._leave(request, main=main)
            return None
        return self._finish(request, result, main=main)

    async def _finish(self, request: Request, pending: Awaitable[None], *, main: bool) -> None:
        try:
            await pending
        except Exception as error:  # noqa: BLE001 - answered with an error reply
            self._failed(request, error)
        finally:
            self._leave(request, main=main)

    def _enter(self, request: Request) -> None:
        """Make ``request`` the parent of what this context does from now on."""
        content = request.content
        parent = Parent(
            request.header,
            tuple(request.identities),
            request.message,
            allow_stdin=isinstance(content, ExecuteRequest) and content.allow_stdin,
        )
        known = self._known_parents
        known[request.header.msg_id] = parent
        if len(known) > _REMEMBERED_PARENTS:
            known.pop(next(iter(known)))
        self.parents[request.channel].set(parent)

    def _leave(self, request: Request, *, main: bool) -> None:
        try:
            self.flush_output(final=True)
        finally:
            self._idle(request, main=main)
            if main:
                self.lifecycle.fire(KernelEvent.MAIN_FINISHED)
            if self._work_done(request):
                self.server.end_work()

    def _work_done(self, request: Request) -> bool:
        """Whether no executor has anything left after ``request`` (which is ending)."""
        for executor in self._executors():
            if executor.queued or (executor.running not in (None, request)):
                return False
        return True

    def _executors(self) -> list[Executor]:
        executors = [self.main]
        if self._control is not None:
            executors.append(self._control)
        for subshell_id in self.subshells.ids():
            executor = self.subshells.get(subshell_id)
            if executor is not None:
                executors.append(executor)
        return executors

    # ------------------------------------------------------------ handlers (ROUTES)

    def answer_kernel_info(self, request: Request) -> None:
        """``kernel_info_request``."""
        self.reply(request, self._kernel_info)

    def answer_connect(self, request: Request) -> None:
        """``connect_request``: the ports of the channels."""
        info = self.connection_info
        if info is None:
            self.reply(request, ConnectReply())
            return
        self.reply(
            request,
            ConnectReply(
                shell_port=info.shell_port,
                iopub_port=info.iopub_port,
                stdin_port=info.stdin_port,
                hb_port=info.hb_port,
                control_port=info.control_port,
            ),
        )

    def answer_interrupt(self, request: Request) -> None:
        """``interrupt_request``: interrupt the main shell's running code."""
        self._interrupt()
        self.reply(request, InterruptReply())

    def answer_create_subshell(self, request: Request) -> None:
        """``create_subshell_request``."""
        self.reply(request, CreateSubshellReply(subshell_id=self.subshells.create()))

    def answer_delete_subshell(self, request: Request) -> None:
        """``delete_subshell_request``."""
        content = request.content
        assert isinstance(content, DeleteSubshellRequest)
        if not self.subshells.delete(content.subshell_id):
            raise UnknownSubshellError(f"Unknown subshell_id {content.subshell_id!r}")
        self.reply(request, DeleteSubshellReply())

    def answer_list_subshell(self, request: Request) -> None:
        """``list_subshell_request``."""
        self.reply(request, ListSubshellReply(subshell_id=tuple(self.subshells.ids())))

    def answer_execute(self, request: Request) -> Awaitable[None]:
        """``execute_request``: run the code (on the executor serving it)."""
        executor = self._executor_for(request)
        assert executor is not None
        return self._execute.run(request, executor, main=executor is self.main)

    def answer_complete(self, request: Request) -> None:
        """``complete_request``."""
        content = request.content
        assert isinstance(content, CompleteRequest)
        shell = self._require_shell()
        self.reply(request, requests.complete(shell, content.code, content.cursor_pos))

    def answer_inspect(self, request: Request) -> None:
        """``inspect_request``."""
        content = request.content
        assert isinstance(content, InspectRequest)
        shell = self._require_shell()
        # On the main thread no cell runs beside: the value's str() and len() may run.
        evaluate = self.main.owns_current_thread()
        self.reply(
            request,
            requests.inspect(
                shell, content.code, content.cursor_pos, content.detail_level, evaluate=evaluate
            ),
        )

    def answer_is_complete(self, request: Request) -> None:
        """``is_complete_request``."""
        content = request.content
        assert isinstance(content, IsCompleteRequest)
        shell = self._require_shell()
        self.reply(request, requests.is_complete(shell, content.code))

    def answer_history(self, request: Request) -> None:
        """``history_request``."""
        content = request.content
        assert isinstance(content, HistoryRequest)
        shell = self._require_shell()
        self.reply(request, requests.history(shell, content))

    def answer_comm_info(self, request: Request) -> None:
        """``comm_info_request``: the open comms (of one target)."""
        content = request.content
        target = getattr(content, "target_name", None)
        self.reply(
            request,
            CommInfoReply(
                comms={
                    comm_id: CommInfo(target_name=name)
                    for comm_id, name in self.comm_manager.info(target).items()
                }
            ),
        )

    def answer_debug(self, request: Request) -> None:
        """``debug_request``: to the debugger; an empty reply when there is none."""
        content = request.content
        assert isinstance(content, DebugRequest)
        if self.debugger is None:
            self.reply(request, DebugReply(body={}))
            return
        self.reply(request, DebugReply(body=self.debugger.handle(dict(content.body))))

    def serve_comm_message(self, request: Request) -> None:
        """``comm_open``, ``comm_msg``, ``comm_close`` from a frontend."""
        message = message_dict(request.message)
        content = request.content
        manager = self.comm_manager
        if isinstance(content, CommOpen):
            manager.comm_open(None, request.identities, message)
        elif isinstance(content, CommMsg):
            manager.comm_msg(None, request.identities, message)
        elif isinstance(content, CommClose):
            manager.comm_close(None, request.identities, message)

    def ignore_unknown(self, request: Request) -> None:
        """A message type this kernel does not know: busy and idle, no reply."""
        log.warning(
            "a %s message is not supported by this kernel; it gets no reply",
            request.message.msg_type[:80],
        )

    def _require_shell(self) -> InteractiveShell:
        if self.shell is None:
            raise RuntimeError("the kernel has no shell yet")
        return self.shell

    # ------------------------------------------------------------ shutdown

    def begin_shutdown(self, request: Request) -> None:
        """``shutdown_request`` (I/O thread): finish what runs, reply, stop."""
        if self.lifecycle.stopping:
            self._with_status(
                request, lambda r: self.reply(r, ShutdownReply(restart=_restart(r))), main=False
            )
            return
        self.lifecycle.fire(KernelEvent.SHUTDOWN)
        self._shutdown = request
        self.restarting = _restart(request)
        self.status(BUSY, request.header)
        self._stop_executors()
        self._interrupt_if_waiting_for_input()
        self.server.call_later(self.shutdown_grace, self._shutdown_without_main)

    def _interrupt_if_waiting_for_input(self) -> None:
        # Waiting for input would never end: the client that could answer is leaving.
        if self.lifecycle.main_running and self.stdin.waiting:
            self._interrupt()

    def _cell_for_interrupt(self, entered: str | None) -> str | None:
        """The main shell's first execute request whose cell has not been entered: a
        SIGINT arriving while no user code runs is kept for it (the gate's aim)."""
        for request in self.main.accepted():
            msg_id = request.header.msg_id
            if isinstance(request.content, ExecuteRequest) and msg_id != entered:
                return msg_id
        return None

    def _stop_executors(self) -> None:
        self.server.end_work()  # what they queued goes out at once from now on
        self.main.stop()
        control = self._control
        if control is not None:
            control.stop()
        for subshell_id in self.subshells.ids():
            executor = self.subshells.get(subshell_id)
            if executor is not None:
                executor.stop()

    def stop_without_request(self, reason: str) -> None:
        """Shut down because of ``reason`` (the parent process died, a signal), any thread."""
        log.warning("jovi kernel shutting down: %s", reason)
        if not self.lifecycle.stopping:
            self.lifecycle.fire(KernelEvent.SHUTDOWN)
        self._stop_executors()
        self.server.call_later(self.shutdown_grace, self._shutdown_without_main)

    def _shutdown_without_main(self) -> None:
        """The main shell did not finish in time (code still runs): answer and exit."""
        if not self.lifecycle.finish():
            return
        log.warning(
            "running code did not stop within %.1f s; the kernel exits anyway", self.shutdown_grace
        )
        self._send_shutdown_reply()
        self.server.stop()

    def _send_shutdown_reply(self) -> None:
        request, self._shutdown = self._shutdown, None
        if request is not None:
            reply = ShutdownReply(restart=_restart(request))
            self.reply(request, reply)
            # On IOPub too, as ipykernel does: every client learns the kernel is leaving.
            self.server.publish(reply, request.header)
            self.status(IDLE, request.header)

    @property
    def main_done(self) -> bool:
        """Whether the main thread has finished serving (False after a forced shutdown
        while user code still runs: the process must then exit without it)."""
        return self._main_done

    # ------------------------------------------------------------ main thread

    def run(self) -> None:
        """Serve the main shell's requests on this thread until shutdown (the main thread)."""
        try:
            self.main.run()
        finally:
            self.finish_main()

    def finish_main(self) -> None:
        """The main executor has stopped: flush, close the shell, answer the shutdown."""
        self._main_done = True
        try:
            if self.lifecycle.finish():  # else the grace period ended first: replied
                try:
                    self.flush_output(final=True)
                    self.subshells.close()
                    if self.debugger is not None:
                        self.debugger.close()
                    if self.shell is not None:
                        self.shell.close()  # the history is complete before the reply
                    self._send_shutdown_reply()
                finally:
                    self.server.stop()
        finally:
            self.main_done_event.set()


def _restores_busy(request: Request) -> bool:
    """Whether the main shell's ``busy`` is sent again after this request's ``idle``.

    Not after a debug request: debugger clients (JupyterLab, ipykernel's tests) expect
    each one to bring exactly one busy and one idle, as in ipykernel, and while the
    main shell is stopped at a breakpoint they show its state themselves.
    """
    return request.message.msg_type != "debug_request"


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
