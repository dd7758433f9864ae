"""``input()`` and ``getpass()`` in the kernel: asked of the client through ``input_request``.

``input(prompt)`` asks the client of the request the calling code belongs to
(:mod:`~jovi.kernel.parents`: the cell, even from a thread it started): it flushes
the output streams, sends ``input_request`` on the stdin channel to that client's
routing identities, and waits for the matching ``input_reply``.  Ctrl-C (an
interrupt) stops the wait with ``KeyboardInterrupt``; the value ``"\\x04"`` means end
of input and raises ``EOFError``.  When the request did not allow stdin,
``input()`` raises :class:`~jovi.errors.StdinNotImplementedError`.  Several threads
(subshells) may wait at once; each reply goes to the request it answers.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING

from jovi.errors import StdinNotImplementedError
from jovi.protocol.stdin import EOF, InputRequest

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.parents import Parent
    from jovi.kernel.server import KernelServer
    from jovi.protocol.message import Message
    from jovi.protocol.stdin import InputReply

__all__ = ["StdinBridge"]


class StdinBridge:
    """Asks the client of the current request for input lines.

    Args:
        server: Sends the ``input_request`` messages.
        flush: Flushes the output streams (a prompt must follow what was printed).
        parent: The request the calling code belongs to.
    """

    def __init__(
        self,
        server: KernelServer,
        flush: Callable[[], None],
        parent: Callable[[], Parent | None],
    ) -> None:
        self._server = server
        self._flush = flush
        self._parent = parent
        self._waiting: dict[str, queue.SimpleQueue[str]] = {}
        self._lock = threading.Lock()

    @property
    def waiting(self) -> bool:
        """Whether an ``input()`` is waiting for a reply."""
        return bool(self._waiting)

    def input(self, prompt: object = "") -> str:
        """``input()`` for user code."""
        return self._ask(str(prompt), password=False)

    def getpass(self, prompt: str = "Password: ", stream: object = None) -> str:
        """``getpass.getpass()`` for user code (the client does not echo the answer)."""
        del stream
        return self._ask(prompt, password=True)

    def _ask(self, prompt: str, *, password: bool) -> str:
        parent = self._parent()
        if parent is None or not parent.allow_stdin:
            raise StdinNotImplementedError(
                "input was requested, but the client running this code cannot answer input "
                "requests (it sent allow_stdin=False); give the value in the code instead."
            )
        self._flush()
        request = self._server.session.message(
            InputRequest(prompt=prompt, password=password), parent=parent.header
        )
        replies: queue.SimpleQueue[str] = queue.SimpleQueue()
        with self._lock:
            self._waiting[request.msg_id] = replies
        try:
            self._server.send("stdin", request, parent.identities)
            value = replies.get()  # Ctrl-C raises KeyboardInterrupt here
        finally:
            with self._lock:
                self._waiting.pop(request.msg_id, None)
        if value == EOF:
            raise EOFError("end of input (the client sent EOF)")
        return value

    def deliver(self, reply: Message[InputReply]) -> None:
        """An ``input_reply`` arrived (I/O thread): hand it to the ``input()`` it answers.

        A reply without a parent (old clients) goes to the only waiting ``input()``.
        """
        with self._lock:
            parent = reply.parent_msg_id
            if parent is not None:
                replies = self._waiting.get(parent)
            elif len(self._waiting) == 1:
                replies = next(iter(self._waiting.values()))
            else:
                replies = None
        if replies is not None:
            replies.put(reply.content.value)
