"""The message types of parallel computing, beyond the kernel protocol.

Execution travels as ``apply_request``/``apply_reply`` (a call in the buffers, its
value in the reply's buffers) beside the kernel's own ``execute_request``; the hub
answers ``registration_request`` (an engine joining), ``connection_request`` (a client
asking which engines there are) and ``queue_request``; the kernel's
``shutdown_request``, sent to the hub, stops the whole cluster.
"""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, Final

import msgspec

from jovi.protocol.message import Content, Reply

__all__ = [
    "BROADCAST",
    "AbortReply",
    "AbortRequest",
    "ApplyReply",
    "ApplyRequest",
    "ClearReply",
    "ClearRequest",
    "ConnectionReply",
    "ConnectionRequest",
    "DbReply",
    "DbRequest",
    "HubHistoryReply",
    "HubHistoryRequest",
    "PurgeReply",
    "PurgeRequest",
    "QueueReply",
    "QueueRequest",
    "RegistrationNotification",
    "RegistrationReply",
    "RegistrationRequest",
    "ResubmitReply",
    "ResubmitRequest",
    "ResultReply",
    "ResultRequest",
    "SignalReply",
    "SignalRequest",
    "UnregistrationNotification",
]

BROADCAST: Final = b"\x00broadcast"
"""The target of a request the controller sends to several engines (a broadcast):
the request's metadata names them (``broadcast``: ``targets``, their uuids, and
``msg_ids``, the msg_id each engine's copy carries)."""


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
        requested_id: The id the engine asks for (its MPI rank), or -1 for the next free.
        host: The engine's machine and pid namespace
            (:func:`~jovi.parallel.processwatch.host_identity`): the controller watches
            the process of an engine on its own machine.
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
    requested_id: int = -1
    host: str = ""


class RegistrationReply(Reply, frozen=True, kw_only=True):
    """The engine's id, and the heartbeat period of the controller (seconds)."""

    MSG_TYPE = "registration_reply"

    id: int = -1
    hb_period: float = 0.0


class ConnectionRequest(Content, frozen=True, kw_only=True):
    """A client asks for the engines registered."""

    MSG_TYPE = "connection_request"


class ConnectionReply(Reply, frozen=True, kw_only=True):
    """The engines: ``{str(id): uuid}``, and where each one's shell listens."""

    MSG_TYPE = "connection_reply"

    engines: Mapping[str, str] = msgspec.field(default_factory=dict)
    shells: Mapping[str, str] = msgspec.field(default_factory=dict)


class RegistrationNotification(Content, frozen=True, kw_only=True):
    """Published by the hub: an engine joined (and where its shell listens)."""

    MSG_TYPE = "registration_notification"

    id: int
    uuid: str
    shell: str = ""


class UnregistrationNotification(Content, frozen=True, kw_only=True):
    """Published by the hub: an engine left (or died)."""

    MSG_TYPE = "unregistration_notification"

    id: int
    uuid: str


class QueueRequest(Content, frozen=True, kw_only=True):
    """A client asks how many requests wait on or ran on each engine."""

    MSG_TYPE = "queue_request"

    targets: tuple[int, ...] | None = None
    verbose: bool = False


class QueueReply(Reply, frozen=True, kw_only=True):
    """``{str(id): {"queue": n, "tasks": n, "completed": n}}`` and ``unassigned``
    (with ``verbose``, the msg_ids instead of ``queue``, ``tasks`` and ``unassigned``)."""

    MSG_TYPE = "queue_reply"

    engines: Mapping[str, Mapping[str, Any]] = msgspec.field(default_factory=dict)
    unassigned: int | tuple[str, ...] = 0


class DbRequest(Content, frozen=True, kw_only=True):
    """Find task records (:mod:`~jovi.parallel.query`): ``query`` and the ``keys`` wanted."""

    MSG_TYPE = "db_request"

    query: Mapping[str, Any] = msgspec.field(default_factory=dict)
    keys: tuple[str, ...] | str | None = None


class DbReply(Reply, frozen=True, kw_only=True):
    """The records found (dates as ISO text).  A record's ``buffers`` and
    ``result_buffers``, when asked for, are the message's buffers, in order:
    ``buffer_counts`` gives how many each record has (-1: none)."""

    MSG_TYPE = "db_reply"

    records: tuple[Mapping[str, Any], ...] = ()
    buffer_counts: tuple[tuple[int, ...], ...] = ()


class ResultRequest(Content, frozen=True, kw_only=True):
    """The replies to earlier requests (of any client), by msg_id."""

    MSG_TYPE = "result_request"

    msg_ids: tuple[str, ...] = ()


class ResultReply(Reply, frozen=True, kw_only=True):
    """Which requests are still ``pending``, and for each finished one its reply: the
    reply's frames (header, parent, metadata, content, buffers) are the message's
    buffers, ``frame_counts[msg_id]`` of them each, in ``finished`` order; ``outputs``
    holds what each printed or displayed."""

    MSG_TYPE = "result_reply"

    pending: tuple[str, ...] = ()
    finished: tuple[str, ...] = ()
    frame_counts: tuple[int, ...] = ()
    outputs: Mapping[str, Mapping[str, Any]] = msgspec.field(default_factory=dict)


class PurgeRequest(Content, frozen=True, kw_only=True):
    """Forget finished records: these msg_ids (``"all"``: every finished one) and
    those run on these engines."""

    MSG_TYPE = "purge_request"

    msg_ids: tuple[str, ...] | str = ()
    engine_ids: tuple[int, ...] = ()


class PurgeReply(Reply, frozen=True, kw_only=True):
    """The records are forgotten."""

    MSG_TYPE = "purge_reply"


class ResubmitRequest(Content, frozen=True, kw_only=True):
    """Send finished requests again, as new ones."""

    MSG_TYPE = "resubmit_request"

    msg_ids: tuple[str, ...] = ()


class ResubmitReply(Reply, frozen=True, kw_only=True):
    """``{old msg_id: new msg_id}``."""

    MSG_TYPE = "resubmit_reply"

    resubmitted: Mapping[str, str] = msgspec.field(default_factory=dict)


class HubHistoryRequest(Content, frozen=True, kw_only=True):
    """The msg_ids of the records the hub holds, oldest first."""

    MSG_TYPE = "hub_history_request"


class HubHistoryReply(Reply, frozen=True, kw_only=True):
    """The msg_ids."""

    MSG_TYPE = "hub_history_reply"

    history: tuple[str, ...] = ()


class AbortRequest(Content, frozen=True, kw_only=True):
    """Skip these requests if they have not started: to the hub (load-balanced tasks
    still waiting for an engine) and to engines (requests queued there)."""

    MSG_TYPE = "abort_request"

    msg_ids: tuple[str, ...] = ()


class AbortReply(Reply, frozen=True, kw_only=True):
    """The requests will be skipped (``aborted``: those the hub skipped)."""

    MSG_TYPE = "abort_reply"

    aborted: tuple[str, ...] = ()


class SignalRequest(Content, frozen=True, kw_only=True):
    """Send signal ``sig`` to the engine's process (SIGINT interrupts the running call)."""

    MSG_TYPE = "signal_request"

    sig: int


class SignalReply(Reply, frozen=True, kw_only=True):
    """The signal was sent."""

    MSG_TYPE = "signal_reply"
