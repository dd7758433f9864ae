"""Comm messages: custom two-way channels between kernel code and frontend code
(PROTOCOL.md §2.6), used by widgets.

Comm messages have no replies.  Clients send them on the shell channel, kernels on
IOPub; both may attach buffers.  A side that does not know ``target_name`` answers a
``comm_open`` with a ``comm_close`` at once.  ``comm_info`` lists the open comms.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.protocol.message import Content, Reply
from jovi.protocol.schema import Record

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "CommClose",
    "CommInfo",
    "CommInfoReply",
    "CommInfoRequest",
    "CommMsg",
    "CommOpen",
]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CommOpen(Content):
    """Open comm ``comm_id`` to a handler registered as ``target_name``.

    Attributes:
        comm_id: The new comm's id (a UUID, by custom).
        target_name: The handler the other side registered.
        data: The opening message.
        target_module: The module defining the target (used by some frontends).
    """

    MSG_TYPE: ClassVar[str] = "comm_open"
    comm_id: str
    target_name: str
    data: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    target_module: str | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CommMsg(Content):
    """A message on comm ``comm_id``."""

    MSG_TYPE: ClassVar[str] = "comm_msg"
    comm_id: str
    data: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CommClose(Content):
    """Close comm ``comm_id``."""

    MSG_TYPE: ClassVar[str] = "comm_close"
    comm_id: str
    data: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CommInfoRequest(Content):
    """List the open comms, all of them or those of one target."""

    MSG_TYPE: ClassVar[str] = "comm_info_request"
    target_name: str | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CommInfo(Record):
    """What ``comm_info_reply`` says about one comm."""

    target_name: str


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CommInfoReply(Reply):
    """The open comms, by comm id."""

    MSG_TYPE: ClassVar[str] = "comm_info_reply"
    comms: Mapping[str, CommInfo] = dataclasses.field(default_factory=dict)
