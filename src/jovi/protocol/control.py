"""Control channel messages: shutdown, interrupt and the debugger (PROTOCOL.md §2.3).

The control channel has its own socket so that these never queue behind a running
execution.  ``shutdown_request`` is also accepted on the shell channel (deprecated
there since 5.4).

The debugger messages carry Debug Adapter Protocol objects.  jovi passes them
through whole: ``debug_request`` and ``debug_reply`` on control, and ``debug_event``,
which travels on IOPub but belongs to the same family, are defined here.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar, Self

from jovi.errors import MalformedMessage
from jovi.protocol.message import Content, Reply
from jovi.protocol.schema import describe_json

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "DebugEvent",
    "DebugReply",
    "DebugRequest",
    "InterruptReply",
    "InterruptRequest",
    "ShutdownReply",
    "ShutdownRequest",
]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ShutdownRequest(Content):
    """Ask the kernel to stop (``restart=True``: a restart will follow)."""

    MSG_TYPE: ClassVar[str] = "shutdown_request"
    restart: bool = False


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ShutdownReply(Reply):
    """Sent once the kernel has done its shutdown work, just before it exits."""

    MSG_TYPE: ClassVar[str] = "shutdown_reply"
    restart: bool = False


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class InterruptRequest(Content):
    """Interrupt the running execution (for kernels with ``interrupt_mode: "message"``)."""

    MSG_TYPE: ClassVar[str] = "interrupt_request"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class InterruptReply(Reply):
    """The kernel received the interrupt request."""

    MSG_TYPE: ClassVar[str] = "interrupt_reply"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class _DapContent(Content):
    """Content that is a whole Debug Adapter Protocol object, passed through."""

    body: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def from_json(cls, value: Any, *, where: str = "") -> Self:
        """Content wrapping the DAP object ``value``."""
        if not isinstance(value, dict):
            raise MalformedMessage(f"{where} must be an object, not {describe_json(value)}")
        return cls(body=value)

    def to_json(self) -> dict[str, Any]:
        """The DAP object."""
        return dict(self.body)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DebugRequest(_DapContent):
    """A DAP request for the kernel's debugger (``body`` is the request)."""

    MSG_TYPE: ClassVar[str] = "debug_request"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DebugReply(_DapContent):
    """A DAP response from the kernel's debugger (``body`` is the response)."""

    MSG_TYPE: ClassVar[str] = "debug_reply"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DebugEvent(_DapContent):
    """A DAP event from the kernel's debugger, on IOPub (``body`` is the event)."""

    MSG_TYPE: ClassVar[str] = "debug_event"
