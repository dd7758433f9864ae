"""Layer 1: the Jupyter messaging protocol 5.3, without any I/O (no sockets, no event loop).

The pieces, in the order a message meets them:

* :mod:`~jovi.protocol.message`: :class:`Message`, :class:`Header`, the content base
  classes; one typed content class per message type in :mod:`~jovi.protocol.shell`,
  :mod:`~jovi.protocol.control`, :mod:`~jovi.protocol.iopub`,
  :mod:`~jovi.protocol.stdin` and :mod:`~jovi.protocol.comm`;
* :mod:`~jovi.protocol.session`: :class:`Session` makes messages and turns them into
  signed frames and back;
* :mod:`~jovi.protocol.wire`: the frame layout; :mod:`~jovi.protocol.signing`: HMAC
  signatures and replay protection; :mod:`~jovi.protocol.codec`: the JSON;
* :mod:`~jovi.protocol.adapter`: protocol versions, and reading 4.x messages;
* :mod:`~jovi.protocol.connection`: connection info and connection files;
* :mod:`~jovi.protocol.kernelspec`: the ``kernel.json`` model;
* :mod:`~jovi.protocol.ids`: message, session and kernel ids, keys, dates;
* :mod:`~jovi.protocol.schema`: typed records checked once when read.
"""

from __future__ import annotations

from jovi.protocol.adapter import check_protocol_version
from jovi.protocol.comm import (
    CommClose,
    CommInfo,
    CommInfoReply,
    CommInfoRequest,
    CommMsg,
    CommOpen,
)
from jovi.protocol.connection import (
    CHANNELS,
    ChannelName,
    ConnectionInfo,
    connection_file_path,
    read_connection_file,
    write_connection_file,
)
from jovi.protocol.control import (
    DebugEvent,
    DebugReply,
    DebugRequest,
    InterruptReply,
    InterruptRequest,
    ShutdownReply,
    ShutdownRequest,
)
from jovi.protocol.ids import (
    KernelId,
    MsgId,
    SessionId,
    format_date,
    new_kernel_id,
    new_key,
    new_session_id,
    parse_date,
    utcnow,
)
from jovi.protocol.iopub import (
    ClearOutput,
    DisplayData,
    ErrorOutput,
    ExecuteInput,
    ExecuteResult,
    IopubWelcome,
    Status,
    Stream,
    UpdateDisplayData,
)
from jovi.protocol.kernelspec import (
    KernelSpec,
    format_argv,
    read_kernel_spec,
    validate_kernel_name,
)
from jovi.protocol.message import (
    PROTOCOL_VERSION,
    Buffer,
    Content,
    Header,
    Message,
    Reply,
    UnknownContent,
    content_class,
    decode_content,
    known_msg_types,
)
from jovi.protocol.session import Session
from jovi.protocol.shell import (
    CompleteReply,
    CompleteRequest,
    ConnectReply,
    ConnectRequest,
    ExecuteReply,
    ExecuteRequest,
    HelpLink,
    HistoryEntry,
    HistoryReply,
    HistoryRequest,
    InspectReply,
    InspectRequest,
    IsCompleteReply,
    IsCompleteRequest,
    KernelInfoReply,
    KernelInfoRequest,
    LanguageInfo,
)
from jovi.protocol.signing import DigestHistory, Signer
from jovi.protocol.stdin import InputReply, InputRequest
from jovi.protocol.wire import DELIMITER, Received, from_frames, to_frames

__all__ = [
    "CHANNELS",
    "DELIMITER",
    "PROTOCOL_VERSION",
    "Buffer",
    "ChannelName",
    "ClearOutput",
    "CommClose",
    "CommInfo",
    "CommInfoReply",
    "CommInfoRequest",
    "CommMsg",
    "CommOpen",
    "CompleteReply",
    "CompleteRequest",
    "ConnectReply",
    "ConnectRequest",
    "ConnectionInfo",
    "Content",
    "DebugEvent",
    "DebugReply",
    "DebugRequest",
    "DigestHistory",
    "DisplayData",
    "ErrorOutput",
    "ExecuteInput",
    "ExecuteReply",
    "ExecuteRequest",
    "ExecuteResult",
    "Header",
    "HelpLink",
    "HistoryEntry",
    "HistoryReply",
    "HistoryRequest",
    "InputReply",
    "InputRequest",
    "InspectReply",
    "InspectRequest",
    "InterruptReply",
    "InterruptRequest",
    "IopubWelcome",
    "IsCompleteReply",
    "IsCompleteRequest",
    "KernelId",
    "KernelInfoReply",
    "KernelInfoRequest",
    "KernelSpec",
    "LanguageInfo",
    "Message",
    "MsgId",
    "Received",
    "Reply",
    "Session",
    "SessionId",
    "ShutdownReply",
    "ShutdownRequest",
    "Signer",
    "Status",
    "Stream",
    "UnknownContent",
    "UpdateDisplayData",
    "check_protocol_version",
    "connection_file_path",
    "content_class",
    "decode_content",
    "format_argv",
    "format_date",
    "from_frames",
    "known_msg_types",
    "new_kernel_id",
    "new_key",
    "new_session_id",
    "parse_date",
    "read_connection_file",
    "read_kernel_spec",
    "to_frames",
    "utcnow",
    "validate_kernel_name",
    "write_connection_file",
]
