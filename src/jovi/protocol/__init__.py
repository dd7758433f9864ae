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

Each name is imported from its module when first used (a kernel manager needs
connection files and kernelspecs, not the fifty message classes); decoding a message
imports every content module, so that each message type finds its class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
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

_HOMES = {
    "Buffer": "jovi.protocol.message",
    "CHANNELS": "jovi.protocol.connection",
    "ChannelName": "jovi.protocol.connection",
    "ClearOutput": "jovi.protocol.iopub",
    "CommClose": "jovi.protocol.comm",
    "CommInfo": "jovi.protocol.comm",
    "CommInfoReply": "jovi.protocol.comm",
    "CommInfoRequest": "jovi.protocol.comm",
    "CommMsg": "jovi.protocol.comm",
    "CommOpen": "jovi.protocol.comm",
    "CompleteReply": "jovi.protocol.shell",
    "CompleteRequest": "jovi.protocol.shell",
    "ConnectReply": "jovi.protocol.shell",
    "ConnectRequest": "jovi.protocol.shell",
    "ConnectionInfo": "jovi.protocol.connection",
    "Content": "jovi.protocol.message",
    "DELIMITER": "jovi.protocol.wire",
    "DebugEvent": "jovi.protocol.control",
    "DebugReply": "jovi.protocol.control",
    "DebugRequest": "jovi.protocol.control",
    "DigestHistory": "jovi.protocol.signing",
    "DisplayData": "jovi.protocol.iopub",
    "ErrorOutput": "jovi.protocol.iopub",
    "ExecuteInput": "jovi.protocol.iopub",
    "ExecuteReply": "jovi.protocol.shell",
    "ExecuteRequest": "jovi.protocol.shell",
    "ExecuteResult": "jovi.protocol.iopub",
    "Header": "jovi.protocol.message",
    "HelpLink": "jovi.protocol.shell",
    "HistoryEntry": "jovi.protocol.shell",
    "HistoryReply": "jovi.protocol.shell",
    "HistoryRequest": "jovi.protocol.shell",
    "InputReply": "jovi.protocol.stdin",
    "InputRequest": "jovi.protocol.stdin",
    "InspectReply": "jovi.protocol.shell",
    "InspectRequest": "jovi.protocol.shell",
    "InterruptReply": "jovi.protocol.control",
    "InterruptRequest": "jovi.protocol.control",
    "IopubWelcome": "jovi.protocol.iopub",
    "IsCompleteReply": "jovi.protocol.shell",
    "IsCompleteRequest": "jovi.protocol.shell",
    "KernelId": "jovi.protocol.ids",
    "KernelInfoReply": "jovi.protocol.shell",
    "KernelInfoRequest": "jovi.protocol.shell",
    "KernelSpec": "jovi.protocol.kernelspec",
    "LanguageInfo": "jovi.protocol.shell",
    "Message": "jovi.protocol.message",
    "MsgId": "jovi.protocol.ids",
    "PROTOCOL_VERSION": "jovi.protocol.message",
    "Received": "jovi.protocol.wire",
    "Reply": "jovi.protocol.message",
    "Session": "jovi.protocol.session",
    "SessionId": "jovi.protocol.ids",
    "ShutdownReply": "jovi.protocol.control",
    "ShutdownRequest": "jovi.protocol.control",
    "Signer": "jovi.protocol.signing",
    "Status": "jovi.protocol.iopub",
    "Stream": "jovi.protocol.iopub",
    "UnknownContent": "jovi.protocol.message",
    "UpdateDisplayData": "jovi.protocol.iopub",
    "check_protocol_version": "jovi.protocol.adapter",
    "connection_file_path": "jovi.protocol.connection",
    "content_class": "jovi.protocol.message",
    "decode_content": "jovi.protocol.message",
    "format_argv": "jovi.protocol.kernelspec",
    "format_date": "jovi.protocol.ids",
    "from_frames": "jovi.protocol.wire",
    "known_msg_types": "jovi.protocol.message",
    "new_kernel_id": "jovi.protocol.ids",
    "new_key": "jovi.protocol.ids",
    "new_session_id": "jovi.protocol.ids",
    "parse_date": "jovi.protocol.ids",
    "read_connection_file": "jovi.protocol.connection",
    "read_kernel_spec": "jovi.protocol.kernelspec",
    "to_frames": "jovi.protocol.wire",
    "utcnow": "jovi.protocol.ids",
    "validate_kernel_name": "jovi.protocol.kernelspec",
    "write_connection_file": "jovi.protocol.connection",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
