"""The message model: a header, a parent header, metadata, typed content and buffers.

Every ``msg_type`` of protocol 5.3 has its own content class (in
:mod:`~jovi.protocol.shell`, :mod:`~jovi.protocol.control`,
:mod:`~jovi.protocol.iopub`, :mod:`~jovi.protocol.stdin` and
:mod:`~jovi.protocol.comm`), a frozen ``msgspec.Struct`` tagged with its wire name in
``MSG_TYPE``.  A message is ``Message[ExecuteRequest]``, ``Message[Stream]``...; code
that handles messages dispatches on ``type(message.content)``.

A ``msg_type`` jovi does not know decodes into :class:`UnknownContent`, which keeps
the whole content, so that a kernel can still answer it (busy, idle, no reply) and a
relay can pass it on unchanged.

Usage::

    request = session.message(ExecuteRequest(code="1+1"))
    reply = session.message(ExecuteReply(execution_count=1), parent=request)
    assert reply.parent_header == request.header
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from datetime import datetime  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, ClassVar, Generic, Self, TypeVar

import msgspec

from jovi.errors import MalformedMessage
from jovi.protocol.schema import Record, describe_json

__all__ = [
    "PROTOCOL_VERSION",
    "Buffer",
    "Content",
    "ContentT_co",
    "Header",
    "Message",
    "Reply",
    "UnknownContent",
    "content_class",
    "decode_content",
    "known_msg_types",
]

PROTOCOL_VERSION = "5.3"
"""The version of the messaging protocol jovi speaks, written in every header."""

Buffer = bytes | bytearray | memoryview
"""A raw binary frame after the four JSON frames.  Never copied by jovi: do not change
a buffer after handing it over."""


class Header(Record, frozen=True, kw_only=True):
    """A message header (also the type of a parent header).

    Attributes:
        msg_id: Unique id of the message (any string; not necessarily a UUID).
        msg_type: The message type, e.g. ``"execute_request"``.
        session: Session id of the sender.
        username: User name of the sender.
        date: When the message was made (timezone-aware); ``None`` only in headers
            of protocol 4 peers, which had no date.
        version: Protocol version of the sender; ``None`` only for protocol 4 peers.
        subshell_id: The subshell a shell request is for (protocol 5.5), if any.

    A header read with ``"subshell_id": null`` is written back with it: a reply's
    parent header is the request's header as the client sent it.
    """

    KEEP_NULLS: ClassVar[bool] = True

    msg_id: str
    msg_type: str
    session: str = ""
    username: str = ""
    date: datetime | None = None
    version: str | None = None
    subshell_id: str | None = None


_registry: dict[str, type[Content]] = {}


class Content(Record, frozen=True, kw_only=True):
    """The content of a message of one type; subclasses set ``MSG_TYPE``."""

    MSG_TYPE: ClassVar[str] = ""

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        msg_type = cls.__dict__.get("MSG_TYPE")
        if msg_type:
            # dataclass(slots=True) creates the class a second time; the last one stays.
            known = _registry.get(msg_type)
            if known is not None and known.__qualname__ != cls.__qualname__:
                raise TypeError(f"two content classes for {msg_type!r}")
            _registry[msg_type] = cls

    @property
    def msg_type(self) -> str:
        """The wire name of this content's message type."""
        return self.MSG_TYPE


class Reply(Content, frozen=True, kw_only=True):
    """Content of a ``*_reply``: a ``status`` and, when it is ``"error"``, the error.

    Fields of a successful reply have defaults, so that error and aborted replies
    (which carry only the status and the error) decode as the same class.

    Attributes:
        status: ``"ok"``, ``"error"`` or ``"aborted"`` (deprecated, still sent by
            ipykernel for requests skipped after an error).
        ename: Exception name, for ``"error"``.
        evalue: Exception value (its text), for ``"error"``.
        traceback: Traceback lines, for ``"error"``.
    """

    status: str = "ok"
    ename: str | None = None
    evalue: str | None = None
    traceback: tuple[str, ...] | None = None

    @property
    def ok(self) -> bool:
        """Whether the request succeeded."""
        return self.status == "ok"


class UnknownContent(Content, frozen=True, kw_only=True):
    """Content of a message type jovi does not know, kept whole.

    Attributes:
        name: The message type, as it was in the header.
        data: The content as it was received.
    """

    name: str
    data: Mapping[str, Any] = msgspec.field(default_factory=dict)

    @property
    def msg_type(self) -> str:
        """The message type, as it was in the header."""
        return self.name

    @classmethod
    def from_json(cls, value: Any, *, where: str = "") -> Self:
        """The content ``value`` of a message whose type is named by ``where``."""
        if not isinstance(value, dict):
            raise MalformedMessage(f"{where} content must be an object, not {describe_json(value)}")
        return cls(name=where, data=value)

    def to_json(self) -> dict[str, Any]:
        """The content as it was received."""
        return dict(self.data)


_CONTENT_MODULES = (
    "jovi.protocol.shell",
    "jovi.protocol.control",
    "jovi.protocol.iopub",
    "jovi.protocol.stdin",
    "jovi.protocol.comm",
)
_all_loaded = False


def _load_content_classes() -> None:
    """Import every module of content classes (they register themselves)."""
    global _all_loaded  # noqa: PLW0603 - a once-only flag
    if not _all_loaded:
        for module in _CONTENT_MODULES:
            importlib.import_module(module)
        _all_loaded = True


def content_class(msg_type: str) -> type[Content] | None:
    """The content class of ``msg_type``, or ``None`` for a type jovi does not know."""
    cls = _registry.get(msg_type)
    if cls is None and not _all_loaded:
        _load_content_classes()
        cls = _registry.get(msg_type)
    return cls


def decode_content(msg_type: str, value: Any) -> Content:
    """The typed content of a ``msg_type`` message from its decoded JSON ``value``.

    Raises:
        MalformedMessage: ``value`` is not valid content for ``msg_type``.
    """
    cls = content_class(msg_type)
    if cls is None:
        return UnknownContent.from_json(value, where=msg_type)
    return cls.from_json(value, where=f"{msg_type} content")


def known_msg_types() -> frozenset[str]:
    """Every ``msg_type`` of the messaging spec (each has a content class).

    Other protocols built on this one (``jovi.parallel``'s ``apply_request`` ...)
    register content classes too, which :func:`decode_content` uses; they are not
    types of the kernel's protocol, and are not listed here.
    """
    _load_content_classes()
    return frozenset(name for name, cls in _registry.items() if cls.__module__ in _CONTENT_MODULES)


ContentT_co = TypeVar("ContentT_co", bound=Content, covariant=True)


class Message(msgspec.Struct, Generic[ContentT_co], frozen=True):
    """One message: what travels between a kernel and its clients.

    Attributes:
        header: Who sent it, when, of which type.
        content: The typed content; its type matches ``header.msg_type``.
        parent_header: The header of the request this message answers or was caused
            by; ``None`` when there is none (the ``starting`` status).
        metadata: Free-form metadata (usually empty).
        buffers: Raw binary frames (comms, widgets, parallel computing), not signed.
    """

    header: Header
    content: ContentT_co
    parent_header: Header | None = None
    metadata: Mapping[str, Any] = msgspec.field(default_factory=dict)
    buffers: tuple[Buffer, ...] = ()

    def __post_init__(self) -> None:
        if self.content.msg_type != self.header.msg_type:
            raise ValueError(
                f"the header says {self.header.msg_type!r} "
                f"but the content is {self.content.msg_type!r}"
            )

    @property
    def msg_id(self) -> str:
        """The ``msg_id`` of the header."""
        return self.header.msg_id

    @property
    def msg_type(self) -> str:
        """The ``msg_type`` of the header."""
        return self.header.msg_type

    @property
    def parent_msg_id(self) -> str | None:
        """The ``msg_id`` of the parent header, if there is one."""
        return None if self.parent_header is None else self.parent_header.msg_id
