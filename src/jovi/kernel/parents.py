"""Which request output belongs to: the parent of every message the kernel publishes.

A kernel's output is addressed to the request that caused it (its parent header), so
that each frontend shows it under the right cell.  Code of one cell may print from
other threads and asyncio tasks long after the cell ended, while other cells run; the
rules, ipykernel's, are:

* every request served sets its parent for the context serving it and as the
  *global* parent (:meth:`ParentTracker.set`);
* asyncio tasks copy the context they are created in, so a task keeps the parent of
  the cell that created it;
* a thread starts with an empty context, so it uses the global parent: its output
  goes to the request being served when it writes, unless it chose one with
  :meth:`ParentTracker.set_thread` (undone with :meth:`ParentTracker.reset_thread`)
  or :meth:`ParentTracker.set` (which also changes the global parent).

The shell channel and the control channel each have a tracker: ``get_parent()``
of a library asks for the one of the channel serving the calling thread.
"""

from __future__ import annotations

import contextvars
import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jovi.protocol.message import Content, Header, Message

__all__ = ["UNSET", "Parent", "ParentTracker", "ThreadParentToken"]

UNSET: Any = object()
"""What a context variable of parents gives in a context where it was never set (a
thread started with an empty context)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Parent:
    """A request as the parent of what it causes.

    Attributes:
        header: Its header (the ``parent_header`` of its output).
        identities: The routing identities of its client (for ``input_request``).
        message: The request itself, if known (``get_parent()`` shows it whole).
        allow_stdin: Whether ``input()`` may ask its client.
    """

    header: Header
    identities: tuple[bytes, ...] = ()
    message: Message[Content] | None = None
    allow_stdin: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The request as the dict libraries expect from ``kernel.get_parent()``."""
        message = self.message
        if message is None:
            return {"header": self.header.to_json(), "parent_header": {}, "metadata": {}}
        return {
            "header": self.header.to_json(),
            "parent_header": (
                {} if message.parent_header is None else message.parent_header.to_json()
            ),
            "metadata": dict(message.metadata),
            "content": message.content.to_json(),
            "msg_id": message.msg_id,
            "msg_type": message.msg_type,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class ThreadParentToken:
    """Undoes a :meth:`ParentTracker.set_thread` (the tokens of its context variables)."""

    own: contextvars.Token[Parent | None]
    output: contextvars.Token[Parent | None] | None


class ParentTracker:
    """The parent for output written now, by context, thread and channel.

    Args:
        name: Names the context variable (``"shell"`` or ``"control"``).
        output: A context variable shared by the trackers of every channel: the
            parent of whatever request this context serves, whichever its channel.
            Reading it is one C call, cheap enough for every ``write()`` of a print.
    """

    def __init__(
        self, name: str, output: contextvars.ContextVar[Parent | None] | None = None
    ) -> None:
        self._var: contextvars.ContextVar[Parent | None] = contextvars.ContextVar(
            f"jovi_{name}_parent"
        )
        self._output = output
        self._global: Parent | None = None

    def current(self) -> Parent | None:
        """The parent of output written now (None before any request)."""
        value = self._var.get(UNSET)
        return self._global if value is UNSET else value

    @property
    def last(self) -> Parent | None:
        """The parent set last, whatever the caller's context."""
        return self._global

    def set(self, parent: Parent | None) -> None:
        """Make ``parent`` the parent in this context and the global one."""
        self._var.set(parent)
        if self._output is not None:
            self._output.set(parent)
        self._global = parent

    def set_thread(self, parent: Parent | None) -> ThreadParentToken:
        """Make ``parent`` the parent in this context only; return the token that undoes it."""
        output = None if self._output is None else self._output.set(parent)
        return ThreadParentToken(self._var.set(parent), output)

    def reset_thread(self, token: ThreadParentToken) -> None:
        """Undo the :meth:`set_thread` that returned ``token``."""
        self._var.reset(token.own)
        if self._output is not None and token.output is not None:
            self._output.reset(token.output)
