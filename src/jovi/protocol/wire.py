"""Messages to and from multipart frames (Jupyter messaging protocol: the wire format), without any I/O.

::

    [ident_0, ..., ident_k,   # routing identities (ROUTER side), or a topic on IOPub
     b"<IDS|MSG>",            # the delimiter
     signature,               # hex HMAC of the next four frames; b"" without a key
     header, parent_header, metadata, content,   # JSON
     buffer_0, ...]           # raw buffers, not signed

Frames may be ``bytes``, ``bytearray`` or ``memoryview`` (what a zero-copy socket
gives).  Buffers are never copied: received buffers are the frames themselves, and
a message's buffers go into the frame list as they are.

The signature is checked over the frames exactly as received, before anything is
decoded, so a tampered message is refused without its JSON being parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from jovi.errors import MalformedMessage, UnsupportedProtocolVersion
from jovi.protocol import adapter, codec
from jovi.protocol.message import Buffer, Content, Header, Message, decode_content
from jovi.protocol.schema import describe_json

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.protocol.signing import DigestHistory, Signer

__all__ = [
    "DELIMITER",
    "Received",
    "decode_parts",
    "encode_parts",
    "from_frames",
    "split_identities",
    "to_frames",
]

DELIMITER = b"<IDS|MSG>"
"""The frame between the routing identities and the signature."""

Frame = bytes | bytearray | memoryview

_EMPTY_OBJECT = b"{}"


class Received(NamedTuple):
    """A message taken from frames, with the identities that preceded it.

    Attributes:
        identities: The routing identities (or the IOPub topic), as ``bytes``; send
            a reply with the same identities to reach the sender through a ROUTER.
        message: The message.
    """

    identities: list[bytes]
    message: Message[Content]


def split_identities(frames: Sequence[Frame]) -> tuple[list[bytes], Sequence[Frame]]:
    """Split ``frames`` at the delimiter: the identities before it, the frames after it.

    Raises:
        MalformedMessage: there is no delimiter.
    """
    for index, frame in enumerate(frames):
        if len(frame) == len(DELIMITER) and frame == DELIMITER:
            return [bytes(ident) for ident in frames[:index]], frames[index + 1 :]
    raise MalformedMessage(f"no {DELIMITER.decode()} delimiter in {len(frames)} frames")


_last_parent: tuple[Header | None, bytes] = (None, b"")


def _parent_json(parent: Header) -> bytes:
    """The JSON of ``parent``, encoded once for all the messages a request causes.

    Headers are frozen, so the last one encoded is kept with its JSON (a tuple
    replaced whole: safe for the threads that send).
    """
    global _last_parent  # noqa: PLW0603 - a one-entry cache
    header, data = _last_parent
    if header is parent:
        return data
    data = codec.dumps(parent.to_json())
    _last_parent = (parent, data)
    return data


def encode_parts(message: Message[Content]) -> tuple[bytes, bytes, bytes, bytes]:
    """The four JSON frames of ``message``: header, parent header, metadata, content.

    Raises:
        MalformedMessage: something in the message has no JSON form.
    """
    parent = message.parent_header
    try:
        return (
            codec.dumps(message.header.to_json()),
            _EMPTY_OBJECT if parent is None else _parent_json(parent),
            codec.dumps(message.metadata) if message.metadata else _EMPTY_OBJECT,
            codec.dumps(message.content.to_json()),
        )
    except MalformedMessage as error:
        error.msg_id, error.msg_type = message.msg_id, message.msg_type
        raise


def to_frames(
    message: Message[Content], signer: Signer, identities: Sequence[bytes] = ()
) -> list[Frame]:
    """The frames of ``message``, signed with ``signer``, after ``identities``.

    Raises:
        MalformedMessage: something in the message has no JSON form.
    """
    parts = encode_parts(message)
    return [*identities, DELIMITER, signer.sign(parts), *parts, *message.buffers]


def _json_object(data: Frame, what: str) -> dict[str, Any]:
    try:
        value = codec.loads(data)
    except MalformedMessage as error:
        raise MalformedMessage(f"the {what} frame is {error}") from None
    if not isinstance(value, dict):
        raise MalformedMessage(f"the {what} must be a JSON object, not {describe_json(value)}")
    return value


def decode_parts(
    header: Frame,
    parent_header: Frame,
    metadata: Frame,
    content: Frame,
    buffers: Sequence[Buffer] = (),
    *,
    read_v4: bool = False,
) -> Message[Content]:
    """The message written as these four JSON frames and buffers (already verified).

    Args:
        read_v4: Read messages of protocol 4 peers too, renamed and reshaped into
            their 5.x equivalents (:mod:`~jovi.protocol.adapter`).

    Raises:
        MalformedMessage: a frame is not a JSON object or a field has the wrong type.
        UnsupportedProtocolVersion: the header says protocol 4 and ``read_v4`` is off,
            or an older version.
    """
    header_data = _json_object(header, "header")
    parent_data = _json_object(parent_header, "parent header")
    metadata_data = _json_object(metadata, "metadata")
    content_data = _json_object(content, "content")
    msg_id, msg_type = header_data.get("msg_id"), header_data.get("msg_type")
    try:
        if adapter.is_protocol_4(header_data, missing_means_4=read_v4):
            if not read_v4:
                raise UnsupportedProtocolVersion(
                    f"a message of protocol {header_data['version']} (jovi reads 5.x, and "
                    "4.x only when reading it is turned on)"
                )
            header_data, parent_data, content_data = adapter.upgrade(
                header_data, parent_data, content_data
            )
        decoded_header = Header.from_json(header_data, where="header")
        parent = Header.from_json(parent_data, where="parent header") if parent_data else None
        return Message(
            decoded_header,
            decode_content(decoded_header.msg_type, content_data),
            parent,
            metadata_data,
            tuple(buffers),
        )
    except (MalformedMessage, UnsupportedProtocolVersion) as error:
        error.msg_id = msg_id if isinstance(msg_id, str) else None
        error.msg_type = msg_type if isinstance(msg_type, str) else None
        raise


def from_frames(
    frames: Sequence[Frame],
    signer: Signer,
    history: DigestHistory | None = None,
    *,
    read_v4: bool = False,
) -> Received:
    """The message in ``frames``, after checking its signature.

    Args:
        frames: All frames, identities included.
        signer: Checks the signature (does nothing without a key).
        history: Refuses signatures seen before; ``None``: no replay protection.
        read_v4: See :func:`decode_parts`.

    Raises:
        SignatureMismatch: the message is unsigned or its signature is wrong.
        ReplayedMessage: the signature was seen before.
        MalformedMessage: the frames do not make a message.
        UnsupportedProtocolVersion: see :func:`decode_parts`.
    """
    identities, rest = split_identities(frames)
    if len(rest) < 5:
        raise MalformedMessage(
            f"{len(rest)} frames after the delimiter; a message has at least 5 "
            "(signature, header, parent header, metadata, content)"
        )
    signature = bytes(rest[0])
    parts = rest[1:5]
    signer.verify(signature, parts)
    if history is not None and signer.enabled:
        history.add(signature)
    header, parent_header, metadata, content = parts
    message = decode_parts(
        header, parent_header, metadata, content, buffers=rest[5:], read_v4=read_v4
    )
    return Received(identities, message)
