"""Comm messages: custom two-way channels between kernel code and frontend code
(Jupyter messaging protocol: comms), used by widgets.

Comm messages have no replies.  Clients send them on the shell channel, kernels on
IOPub; both may attach buffers.  A side that does not know ``target_name`` answers a
``comm_open`` with a ``comm_close`` at once.  ``comm_info`` lists the open comms.
"""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, ClassVar

import msgspec

from jovi.protocol.message import Content, Reply
from jovi.protocol.schema import Record

__all__ = [
    "CommClose",
    "CommInfo",
    "CommInfoReply",
    "CommInfoRequest",
    "CommMsg",
    "CommOpen",
]


class CommOpen(Content, frozen=True, kw_only=True):
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
    data: Mapping[str, Any] = msgspec.field(default_factory=dict)
    target_module: str | None = None


class CommMsg(Content, frozen=True, kw_only=True):
    """A message on comm ``comm_id``."""

    MSG_TYPE: ClassVar[str] = "comm_msg"
    comm_id: str
    data: Mapping[str, Any] = msgspec.field(default_factory=dict)


class CommClose(Content, frozen=True, kw_only=True):
    """Close comm ``comm_id``."""

    MSG_TYPE: ClassVar[str] = "comm_close"
    comm_id: str
    data: Mapping[str, Any] = msgspec.field(default_factory=dict)


class CommInfoRequest(Content, frozen=True, kw_only=True):
    """List the open comms, all of them or those of one target."""

    MSG_TYPE: ClassVar[str] = "comm_info_request"
    target_name: str | None = None


class CommInfo(Record, frozen=True, kw_only=True):
    """What ``comm_info_reply`` says about one comm."""

    target_name: str


class CommInfoReply(Reply, frozen=True, kw_only=True):
    """The open comms, by comm id."""

    MSG_TYPE: ClassVar[str] = "comm_info_reply"
    comms: Mapping[str, CommInfo] = msgspec.field(default_factory=dict)
