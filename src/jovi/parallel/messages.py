"""The message types of parallel computing, beyond the kernel protocol.

Execution travels as ``apply_request``/``apply_reply`` (a call in the buffers, its
value in the reply's buffers) beside the kernel's own ``execute_request``; the hub
answers ``registration_request`` (an engine joining), ``connection_request`` (a client
asking which engines there are) and ``queue_request``; the kernel's
``shutdown_request``, sent to the hub, stops the whole cluster.
"""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any

import msgspec

from jovi.protocol.message import Content, Reply

__all__ = [
    "ApplyReply",
    "ApplyRequest",
    "ClearReply",
    "ClearRequest",
    "ConnectionReply",
    "ConnectionRequest",
    "QueueReply",
    "QueueRequest",
    "RegistrationNotification",
    "RegistrationReply",
    "RegistrationRequest",
    "UnregistrationNotification",
]


class ApplyRequest(Content, frozen=True, kw_only=True):
    """Call a function on an engine: the call is in the buffers
    (:func:`~jovi.parallel.serialize.pack_apply`)."""

    MSG_TYPE = "apply_request"


class ApplyReply(Reply, frozen=True, kw_only=True):
    """The end of a call: ``status`` and the error, the value in the buffers.

    Attributes:
        engine_info: ``engine_uuid``, ``engine_id`` and ``method`` of the engine
            that ran the call.
    """

    MSG_TYPE = "apply_reply"

    engine_info: Mapping[str, Any] = msgspec.field(default_factory=dict)


class ClearRequest(Content, frozen=True, kw_only=True):
    """Empty an engine's namespace (on the control channel)."""

    MSG_TYPE = "clear_request"


class ClearReply(Reply, frozen=True, kw_only=True):
    """The namespace is empty."""

    MSG_TYPE = "clear_reply"


class RegistrationRequest(Content, frozen=True, kw_only=True):
    """An engine joins: where its kernel listens (it binds, the controller connects).

    Attributes:
        uuid: The engine's identity.
        transport: ``tcp`` or ``ipc``.
        ip: The address of the engine's kernel.
        shell_port, control_port, iopub_port, hb_port: Its ports.
        pid: Its process id.
        connection_file: Its kernel connection file (for ``jovi console --existing``).
    """

    MSG_TYPE = "registration_request"

    uuid: str
    transport: str = "tcp"
    ip: str = "127.0.0.1"
    shell_port: int
    control_port: int
    iopub_port: int
    hb_port: int
    pid: int = 0
    connection_file: str = ""


class RegistrationReply(Reply, frozen=True, kw_only=True):
    """The engine's id, and the heartbeat period of the controller (seconds)."""

    MSG_TYPE = "registration_reply"

    id: int = -1
    hb_period: float = 0.0


class ConnectionRequest(Content, frozen=True, kw_only=True):
    """A client asks for the engines registered."""

    MSG_TYPE = "connection_request"


class ConnectionReply(Reply, frozen=True, kw_only=True):
    """The engines: ``{str(id): uuid}``."""

    MSG_TYPE = "connection_reply"

    engines: Mapping[str, str] = msgspec.field(default_factory=dict)


class RegistrationNotification(Content, frozen=True, kw_only=True):
    """Published by the hub: an engine joined."""

    MSG_TYPE = "registration_notification"

    id: int
    uuid: str


class UnregistrationNotification(Content, frozen=True, kw_only=True):
    """Published by the hub: an engine left (or died)."""

    MSG_TYPE = "unregistration_notification"

    id: int
    uuid: str


class QueueRequest(Content, frozen=True, kw_only=True):
    """A client asks how many requests wait on or ran on each engine."""

    MSG_TYPE = "queue_request"

    targets: tuple[int, ...] | None = None


class QueueReply(Reply, frozen=True, kw_only=True):
    """``{str(id): {"queue": n, "completed": n}}`` and ``unassigned``."""

    MSG_TYPE = "queue_reply"

    engines: Mapping[str, Mapping[str, int]] = msgspec.field(default_factory=dict)
    unassigned: int = 0
