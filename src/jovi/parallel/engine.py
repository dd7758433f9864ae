"""An engine: a jovi kernel that also answers ``apply_request``.

The engine binds its kernel's sockets as any jovi kernel does (so ``jovi console
--existing`` can attach to it through its own connection file), then registers with
the controller, which connects to it.  It serves ``execute_request`` and every other
kernel request unchanged; this class adds:

* ``apply_request`` on the shell channel, in order with executions, on the main
  thread: the call in the buffers runs in the shell's namespace, and the reply carries
  its value (or the error and its traceback);
* ``clear_request`` on the control channel: the namespace is emptied;
* ``abort_request`` on the control channel: the requests named, if still queued
  here, are skipped when their turn comes (their reply says ``aborted``);
* ``signal_request`` on the control channel: the engine signals itself (SIGINT
  interrupts the running call, which fails with ``KeyboardInterrupt``).

A call publishes no ``busy``/``idle`` status: its reply's metadata says how many
messages it published on IOPub (``outputs``), so a client knows when it has them all
without two more messages per call (tiny tasks are mostly those messages).
"""

from __future__ import annotations

import os
import signal
import threading
import traceback
from typing import TYPE_CHECKING, Any, Final

from jovi.kernel.kernel import Kernel
from jovi.parallel import ops
from jovi.parallel.messages import (
    AbortReply,
    AbortRequest,
    ApplyReply,
    ApplyRequest,
    ClearReply,
    ClearRequest,
    SignalReply,
    SignalRequest,
)
from jovi.parallel.serialize import pack_value, unpack_apply
from jovi.parallel.sharedbuffers import open_shared
from jovi.protocol.ids import utcnow

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.server import Request
    from jovi.protocol.message import Content, Header, Message

__all__ = ["Engine"]

SHELL_WAIT_S: Final = 60.0
"""How long a control request that needs the shell waits for it to be built."""

ABORTED_LIMIT: Final = 100_000
"""The most msg_ids to skip remembered (requests already run are never looked up)."""


class Engine(Kernel):
    """A kernel that runs calls sent by a parallel client.

    Attributes:
        engine_id: The id the controller gave (-1 before registration).
        engine_uuid: The engine's identity, chosen by the engine.
    """

    engine_id: int = -1
    engine_uuid: str = ""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.shell_ready = threading.Event()
        """Set once the shell is built (an engine registers before)."""
        self.aborted: set[str] = set()
        """The msg_ids of requests to skip when their turn comes."""
        self._published: dict[str, int] = {}
        """How many IOPub messages each running call published (its reply says)."""
        self._published_lock = threading.Lock()
        self.server.publish = self._counting(self.server.publish)  # type: ignore[method-assign]

    def _counting(
        self, publish: Callable[..., Message[Content]]
    ) -> Callable[..., Message[Content]]:
        """``publish``, counting the messages of calls (any thread publishes)."""
        published, lock = self._published, self._published_lock

        def counted(content: Content, parent: Header | None, **options: Any) -> Message[Content]:
            if parent is not None and parent.msg_type == "apply_request":
                with lock:
                    published[parent.msg_id] = published.get(parent.msg_id, 0) + 1
            return publish(content, parent, **options)

        return counted

    def status(self, state: str, parent: Header | None) -> None:
        """Busy and idle, except for calls (their replies count their outputs)."""
        if parent is None or parent.msg_type != "apply_request":
            super().status(state, parent)

    def attach_shell(self, shell: Any) -> None:
        """Attach the shell, and let control requests that need it proceed (``Any``:
        parallel computing does not import the shell's layer; the kernel checks it)."""
        super().attach_shell(shell)
        self.shell_ready.set()

    def ignore_unknown(self, request: Request) -> None:
        """Serve the parallel requests; other unknown types get no reply."""
        content = request.content
        if isinstance(content, ApplyRequest):
            self._apply(request)
        elif isinstance(content, ClearRequest):
            self._clear(request)
        elif isinstance(content, AbortRequest):
            if len(self.aborted) > ABORTED_LIMIT:
                self.aborted.clear()
            self.aborted.update(content.msg_ids)
            self.reply(request, AbortReply())
        elif isinstance(content, SignalRequest):
            self._signal(request, content.sig)
        else:
            super().ignore_unknown(request)

    def info(self, method: str) -> dict[str, Any]:
        """``engine_info`` of a reply."""
        return {"engine_uuid": self.engine_uuid, "engine_id": self.engine_id, "method": method}

    def _apply(self, request: Request) -> None:
        started = utcnow()
        if self.aborted and request.message.msg_id in self.aborted:
            self.aborted.discard(request.message.msg_id)
            self._reply_apply(request, ApplyReply(status="aborted"), started, [])
            return
        shell = self._require_shell()
        user_ns = shell.user_ns
        ops.bind_namespace(user_ns)
        buffers: list[Any] = []
        gate = self.gate
        try:
            frames: list[Any] = list(request.message.buffers)
            shared = request.message.metadata.get("shared_buffers")
            if shared is not None:  # a broadcast's data, in this machine's memory
                frames += open_shared(shared)
            function, args, kwargs = unpack_apply(frames, user_ns)
            gate.open = True  # SIGINT (send_signal) interrupts the call, and only it
            try:
                value = function(*args, **kwargs)
            finally:
                gate.open = False
            buffers = pack_value(value)
            reply = ApplyReply(engine_info=self.info("apply"))
        except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - sent back to the client
            reply = ApplyReply(
                status="error",
                ename=type(error).__name__,
                evalue=str(error),
                traceback=tuple(_user_traceback(error)),
                engine_info=self.info("apply"),
            )
        self.flush_output()
        self._reply_apply(request, reply, started, buffers)

    def _reply_apply(
        self, request: Request, reply: ApplyReply, started: Any, buffers: list[Any]
    ) -> None:
        metadata = {
            "started": started.isoformat(),
            "completed": utcnow().isoformat(),
            "engine_id": self.engine_id,
            "engine_uuid": self.engine_uuid,
            "status": reply.status,
        }
        with self._published_lock:
            metadata["outputs"] = self._published.pop(request.message.msg_id, 0)
        message = self.session.message(
            reply, parent=request.message, metadata=metadata, buffers=buffers
        )
        self.server.send(request.channel, message, request.identities)

    def _signal(self, request: Request, sig: int) -> None:
        try:
            if sig == signal.SIGINT:
                self._interrupt()  # the main thread, where calls run
            else:
                os.kill(os.getpid(), sig)
        except (OSError, ValueError) as error:
            ename = type(error).__name__
            self.reply(
                request, SignalReply(status="error", ename=ename, evalue=str(error), traceback=())
            )
            return
        self.reply(request, SignalReply())

    def _clear(self, request: Request) -> None:
        # Control requests are served at once, maybe before the shell is built.
        self.shell_ready.wait(SHELL_WAIT_S)
        shell = self._require_shell()
        shell.run_line_magic("reset", "-f")
        self.reply(request, ClearReply())


def _user_traceback(error: BaseException) -> list[str]:
    """The traceback lines of ``error`` without the engine's own frames."""
    tb = error.__traceback__
    # The first frame is _apply; the user's code starts below it.
    if tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
        while tb is not None and tb.tb_frame.f_globals.get("__name__", "").startswith(
            "jovi.parallel."
        ):
            if tb.tb_next is None:
                break
            tb = tb.tb_next
    return traceback.format_exception(type(error), error, tb)
