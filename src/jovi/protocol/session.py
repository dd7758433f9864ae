"""A session: one side's identity, key and replay history, making and reading messages.

:class:`Session` is the socket-free half of jupyter_client's class of the same name.
It builds messages with fresh headers (:meth:`Session.message`), turns them into
signed frames (:meth:`Session.serialize`) and frames back into checked, typed
messages (:meth:`Session.deserialize`).  Sending and receiving the frames is the
transport's job (:mod:`jovi.transport`).

Usage::

    session = Session(key=info.key, signature_scheme=info.signature_scheme)
    request = session.message(KernelInfoRequest())
    frames = session.serialize(request)              # -> socket
    identities, reply = session.deserialize(frames)  # <- socket; raises if forged
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Any, TypeVar

from jovi.protocol import wire
from jovi.protocol.ids import MsgIdFactory, SessionId, new_session_id, utcnow
from jovi.protocol.message import PROTOCOL_VERSION, Buffer, Content, Header, Message
from jovi.protocol.signing import (
    DEFAULT_DIGEST_HISTORY_SIZE,
    DEFAULT_SIGNATURE_SCHEME,
    DigestHistory,
    Signer,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from jovi.protocol.connection import ConnectionInfo

__all__ = ["Session", "default_username"]

C = TypeVar("C", bound=Content)


def default_username() -> str:
    """The login name of the current user, or ``"username"`` when there is none
    (containers without a passwd entry)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "username"


class Session:
    """Makes, signs, checks and reads messages for one kernel or client.

    Args:
        key: The shared signing key; empty: messages are neither signed nor checked.
        signature_scheme: ``"hmac-<hashlib name>"``.
        session_id: This side's session id (the ``session`` of every header it
            makes); a fresh UUID by default.
        username: The ``username`` of every header; the login name by default.
        digest_history_size: How many signatures to remember against replays;
            0 turns replay protection off.
        read_v4: Also read messages of protocol 4 peers (see
            :mod:`~jovi.protocol.adapter`).

    Raises:
        ValueError: ``signature_scheme`` is not a signature scheme.
    """

    def __init__(
        self,
        key: bytes | str = b"",
        *,
        signature_scheme: str = DEFAULT_SIGNATURE_SCHEME,
        session_id: str | None = None,
        username: str | None = None,
        digest_history_size: int = DEFAULT_DIGEST_HISTORY_SIZE,
        read_v4: bool = False,
    ) -> None:
        self.signer = Signer(key, signature_scheme)
        self.session_id = SessionId(session_id or new_session_id())
        self.username = default_username() if username is None else username
        self.history = DigestHistory(digest_history_size)
        self.read_v4 = read_v4
        self._new_msg_id = MsgIdFactory(self.session_id)

    @classmethod
    def from_connection_info(cls, info: ConnectionInfo, **options: Any) -> Session:
        """A session with the key and signature scheme of ``info`` (other options as
        for the constructor)."""
        return cls(info.key, signature_scheme=info.signature_scheme, **options)

    @property
    def key(self) -> bytes:
        """The signing key."""
        return self.signer.key

    @property
    def signature_scheme(self) -> str:
        """The signature scheme."""
        return self.signer.scheme

    def header(self, msg_type: str, *, subshell_id: str | None = None) -> Header:
        """A fresh header for a ``msg_type`` message from this session."""
        return Header(
            msg_id=self._new_msg_id(),
            msg_type=msg_type,
            session=self.session_id,
            username=self.username,
            date=utcnow(),
            version=PROTOCOL_VERSION,
            subshell_id=subshell_id,
        )

    def message(
        self,
        content: C,
        *,
        parent: Message[Content] | Header | None = None,
        metadata: Mapping[str, Any] | None = None,
        buffers: Sequence[Buffer] = (),
        subshell_id: str | None = None,
    ) -> Message[C]:
        """A new message with ``content`` and a fresh header.

        Args:
            content: The typed content; its class gives the ``msg_type``.
            parent: The request this message answers or was caused by (a message or
                its header).
            metadata: Free-form metadata.
            buffers: Raw binary buffers, sent after the JSON frames without a copy.
            subshell_id: The subshell a shell request is for (protocol 5.5).
        """
        parent_header = parent.header if isinstance(parent, Message) else parent
        return Message(
            self.header(content.msg_type, subshell_id=subshell_id),
            content,
            parent_header,
            {} if metadata is None else metadata,
            tuple(buffers),
        )

    def serialize(
        self, message: Message[Content], identities: Sequence[bytes] = ()
    ) -> list[wire.Frame]:
        """The signed frames of ``message``, after the routing ``identities``.

        Raises:
            MalformedMessage: something in the message has no JSON form.
        """
        return wire.to_frames(message, self.signer, identities)

    def deserialize(self, frames: Sequence[wire.Frame]) -> wire.Received:
        """The identities and the checked, typed message in ``frames``.

        Raises:
            SignatureMismatch: unsigned, tampered, or signed with another key.
            ReplayedMessage: the same signed frames were received before.
            MalformedMessage: the frames do not make a message.
            UnsupportedProtocolVersion: a protocol 4 message and ``read_v4`` is off.
        """
        return wire.from_frames(frames, self.signer, self.history, read_v4=self.read_v4)

    def __repr__(self) -> str:
        return f"Session({self.session_id!r}, {self.signer!r})"
