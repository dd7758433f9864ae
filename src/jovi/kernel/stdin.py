"""``input()`` and ``getpass()`` in the kernel: asked of the client through ``input_request``.

While an ``execute_request`` that allowed stdin runs, ``input(prompt)`` flushes the
output streams, sends ``input_request`` on the stdin channel to the client that sent
the request (its routing identities), and waits for the matching ``input_reply``.
Ctrl-C (an interrupt) stops the wait with ``KeyboardInterrupt``; the value ``"\\x04"``
means end of input and raises ``EOFError``.  When the request did not allow stdin,
``input()`` raises :class:`~jovi.errors.StdinNotImplementedError`.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING

from jovi.errors import StdinNotImplementedError
from jovi.protocol.stdin import EOF, InputRequest

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.server import KernelServer
    from jovi.protocol.message import Header, Message
    from jovi.protocol.stdin import InputReply

__all__ = ["StdinBridge"]


class StdinBridge:
    """Asks the executing client for input lines.

    Args:
        server: Sends the ``input_request`` messages.
        flush: Flushes the output streams (a prompt must follow what was printed).
    """

    def __init__(self, server: KernelServer, flush: Callable[[], None]) -> None:
        self._server = server
        self._flush = flush
        self._allowed = False
        self._identities: list[bytes] = []
        self._parent: Header | None = None
        self._waiting_for: str | None = None
        self._replies: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._lock = threading.Lock()

    def begin(self, *, allowed: bool, identities: list[bytes], parent: Header) -> None:
        """An execute request starts: whether and to whom input requests may go."""
        self._allowed, self._identities, self._parent = allowed, identities, parent

    @property
    def waiting(self) -> bool:
        """Whether ``input()`` is waiting for a reply."""
        return self._waiting_for is not None

    def end(self) -> None:
        """The execute request is over: no more input requests for it."""
        self._allowed = False

    def input(self, prompt: object = "") -> str:
        """``input()`` for user code."""
        return self._ask(str(prompt), password=False)

    def getpass(self, prompt: str = "Password: ", stream: object = None) -> str:
        """``getpass.getpass()`` for user code (the client does not echo the answer)."""
        del stream
        return self._ask(prompt, password=True)

    def _ask(self, prompt: str, *, password: bool) -> str:
        if not self._allowed or self._parent is None:
            raise StdinNotImplementedError(
                "input was requested, but the client running this code cannot answer input "
                "requests (it sent allow_stdin=False); give the value in the code instead."
            )
        self._flush()
        request = self._server.session.message(
            InputRequest(prompt=prompt, password=password), parent=self._parent
        )
        with self._lock:
            while not self._replies.empty():  # answers to an earlier, interrupted request
                self._replies.get_nowait()
            self._waiting_for = request.msg_id
        self._server.send("stdin", request, self._identities)
        try:
            value = self._replies.get()  # Ctrl-C raises KeyboardInterrupt here
        finally:
            with self._lock:
                self._waiting_for = None
        if value == EOF:
            raise EOFError("end of input (the client sent EOF)")
        return value

    def deliver(self, reply: Message[InputReply]) -> None:
        """An ``input_reply`` arrived (I/O thread): hand it to the waiting ``input()``."""
        with self._lock:
            waiting = self._waiting_for
            if waiting is None:
                return
            parent = reply.parent_msg_id
            if parent is not None and parent != waiting:
                return
            self._replies.put(reply.content.value)
