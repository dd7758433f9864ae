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

__all__ = ["Parent", "ParentTracker"]


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


class ParentTracker:
    """The parent for output written now, by context, thread and channel.

    Args:
        name: Names the context variable (``"shell"`` or ``"control"``).
    """

    def __init__(self, name: str) -> None:
        self._var: contextvars.ContextVar[Parent | None] = contextvars.ContextVar(
            f"jovi_{name}_parent"
        )
        self._global: Parent | None = None

    def current(self) -> Parent | None:
        """The parent of output written now (None before any request)."""
        try:
            return self._var.get()
        except LookupError:
            return self._global

    @property
    def last(self) -> Parent | None:
        """The parent set last, whatever the caller's context."""
        return self._global

    def set(self, parent: Parent | None) -> None:
        """Make ``parent`` the parent in this context and the global one."""
        self._var.set(parent)
        self._global = parent

    def set_thread(self, parent: Parent | None) -> contextvars.Token[Parent | None]:
        """Make ``parent`` the parent in this context only; return the token that undoes it."""
        return self._var.set(parent)

    def reset_thread(self, token: contextvars.Token[Parent | None]) -> None:
        """Undo the :meth:`set_thread` that returned ``token``."""
        self._var.reset(token)
