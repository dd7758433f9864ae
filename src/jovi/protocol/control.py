"""Control channel messages: shutdown, interrupt, subshells and the debugger (Jupyter messaging protocol: the control channel).

The control channel has its own socket so that these never queue behind a running
execution.  ``shutdown_request`` is also accepted on the shell channel (deprecated
there since 5.4).

Subshells (protocol 5.5) are created, listed and deleted on control; a shell request
names its subshell in its header's ``subshell_id``.

The debugger messages carry Debug Adapter Protocol objects.  jovi passes them
through whole: ``debug_request`` and ``debug_reply`` on control, and ``debug_event``,
which travels on IOPub but belongs to the same family, are defined here.
"""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, ClassVar, Self

import msgspec

from jovi.errors import MalformedMessage
from jovi.protocol.message import Content, Reply
from jovi.protocol.schema import describe_json

__all__ = [
    "CreateSubshellReply",
    "CreateSubshellRequest",
    "DebugEvent",
    "DebugReply",
    "DebugRequest",
    "DeleteSubshellReply",
    "DeleteSubshellRequest",
    "InterruptReply",
    "InterruptRequest",
    "ListSubshellReply",
    "ListSubshellRequest",
    "ShutdownReply",
    "ShutdownRequest",
]


class ShutdownRequest(Content, frozen=True, kw_only=True):
    """Ask the kernel to stop (``restart=True``: a restart will follow)."""

    MSG_TYPE: ClassVar[str] = "shutdown_request"
    restart: bool = False


class ShutdownReply(Reply, frozen=True, kw_only=True):
    """Sent once the kernel has done its shutdown work, just before it exits."""

    MSG_TYPE: ClassVar[str] = "shutdown_reply"
    restart: bool = False


class InterruptRequest(Content, frozen=True, kw_only=True):
    """Interrupt the running execution (for kernels with ``interrupt_mode: "message"``)."""

    MSG_TYPE: ClassVar[str] = "interrupt_request"


class InterruptReply(Reply, frozen=True, kw_only=True):
    """The kernel received the interrupt request."""

    MSG_TYPE: ClassVar[str] = "interrupt_reply"


class CreateSubshellRequest(Content, frozen=True, kw_only=True):
    """Create a subshell: a thread of its own running shell requests beside the main one."""

    MSG_TYPE: ClassVar[str] = "create_subshell_request"


class CreateSubshellReply(Reply, frozen=True, kw_only=True):
    """The new subshell's id (for the ``subshell_id`` of shell request headers)."""

    MSG_TYPE: ClassVar[str] = "create_subshell_reply"
    subshell_id: str | None = None


class DeleteSubshellRequest(Content, frozen=True, kw_only=True):
    """Delete the subshell ``subshell_id`` (its thread ends)."""

    MSG_TYPE: ClassVar[str] = "delete_subshell_request"
    subshell_id: str


class DeleteSubshellReply(Reply, frozen=True, kw_only=True):
    """The subshell was deleted (or ``status`` says why not)."""

    MSG_TYPE: ClassVar[str] = "delete_subshell_reply"


class ListSubshellRequest(Content, frozen=True, kw_only=True):
    """Which subshells exist."""

    MSG_TYPE: ClassVar[str] = "list_subshell_request"


class ListSubshellReply(Reply, frozen=True, kw_only=True):
    """The ids of the subshells (the main shell is not one)."""

    MSG_TYPE: ClassVar[str] = "list_subshell_reply"
    subshell_id: tuple[str, ...] = ()


class _DapContent(Content, frozen=True, kw_only=True):
    """Content that is a whole Debug Adapter Protocol object, passed through."""

    body: Mapping[str, Any] = msgspec.field(default_factory=dict)

    @classmethod
    def from_json(cls, value: Any, *, where: str = "") -> Self:
        """Content wrapping the DAP object ``value``."""
        if not isinstance(value, dict):
            raise MalformedMessage(f"{where} must be an object, not {describe_json(value)}")
        return cls(body=value)

    def to_json(self) -> dict[str, Any]:
        """The DAP object."""
        return dict(self.body)


class DebugRequest(_DapContent, frozen=True, kw_only=True):
    """A DAP request for the kernel's debugger (``body`` is the request)."""

    MSG_TYPE: ClassVar[str] = "debug_request"


class DebugReply(_DapContent, frozen=True, kw_only=True):
    """A DAP response from the kernel's debugger (``body`` is the response)."""

    MSG_TYPE: ClassVar[str] = "debug_reply"


class DebugEvent(_DapContent, frozen=True, kw_only=True):
    """A DAP event from the kernel's debugger, on IOPub (``body`` is the event)."""

    MSG_TYPE: ClassVar[str] = "debug_event"
