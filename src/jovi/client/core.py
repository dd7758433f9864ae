"""The part of a kernel client that does no I/O: making requests, reading messages.

Both clients (:class:`~jovi.client.BlockingKernelClient` on plain ZeroMQ sockets and
:class:`~jovi.client.AsyncKernelClient` on asyncio ones) keep one
:class:`ClientCore`.  It signs what they send and checks what they receive, so a
message with a bad signature, a replay or a malformed message is dropped here (and
logged) before anyone sees it.  It also keeps the messages read while looking for
another one (a reply that came before the one being waited for), calls the
per-channel handlers, and forgets late answers to the readiness probes.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

from jovi.errors import ProtocolError
from jovi.protocol import Session
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from jovi.protocol import ConnectionInfo, Content, Message
    from jovi.transport import Frame

__all__ = [
    "MESSAGE_CHANNELS",
    "ClientCore",
    "Handler",
    "MessageChannelName",
    "MessagePredicate",
    "reply_to",
]

log = get_logger("jovi.client")

MessageChannelName = Literal["shell", "iopub", "stdin", "control"]
MESSAGE_CHANNELS: Final[tuple[MessageChannelName, ...]] = ("shell", "iopub", "stdin", "control")
"""The channels that carry messages (the heartbeat carries raw bytes)."""

Handler: TypeAlias = Callable[["Message[Content]"], object]
"""Called with each message read on the channels it was added for."""
MessagePredicate: TypeAlias = Callable[["Message[Content]"], bool]

_STASH_LIMIT = 10_000


class ClientCore:
    """Signs requests, checks and sorts what a kernel sends, for one client.

    Args:
        info: The kernel's connection info (key and signature scheme).
        session: This client's session; a new one with the key of ``info`` by default.
    """

    def __init__(self, info: ConnectionInfo, session: Session | None = None) -> None:
        self.info = info
        self.session = session if session is not None else Session.from_connection_info(info)
        self.refused = 0
        """How many messages were dropped: bad signature, replayed or malformed."""
        self.last_input_request: Message[Content] | None = None
        """The last ``input_request`` read on stdin (an ``input()`` answers it)."""
        self._stash: dict[str, collections.deque[Message[Content]]] = {
            name: collections.deque() for name in MESSAGE_CHANNELS
        }
        self._handlers: dict[str, list[Handler]] = {name: [] for name in MESSAGE_CHANNELS}
        self._ignored: set[str] = set()

    # ------------------------------------------------------------------ sending

    def message(self, content: Content, parent: Message[Content] | None = None) -> Message[Content]:
        """A new signed-on-send message with ``content`` from this client's session."""
        return self.session.message(content, parent=parent)

    def frames(self, message: Message[Content]) -> list[Frame]:
        """The signed frames of ``message``."""
        return self.session.serialize(message)

    # ------------------------------------------------------------------ receiving

    def accept(
        self, channel: MessageChannelName, frames: Sequence[Frame]
    ) -> Message[Content] | None:
        """The checked message in ``frames`` read on ``channel``, after its handlers ran;
        ``None`` for a message that must not be delivered (refused, or a late answer
        to a readiness probe)."""
        try:
            message = self.session.deserialize(frames).message
        except ProtocolError as error:
            self.refused += 1
            log.warning(
                "A message on %s was refused and dropped (%s): %s",
                channel,
                type(error).__name__,
                error,
            )
            return None
        if message.msg_type == "input_request":
            self.last_input_request = message
        for handler in tuple(self._handlers[channel]):
            try:
                handler(message)
            except Exception:
                log.exception("A %s message handler failed", channel)
        parent = message.parent_msg_id
        if parent is not None and parent in self._ignored:
            return None
        return message

    def stash(self, channel: MessageChannelName, message: Message[Content]) -> None:
        """Keep ``message`` for whoever asks for it next (a getter, or a wait for it)."""
        kept = self._stash[channel]
        if len(kept) >= _STASH_LIMIT:
            kept.popleft()  # nobody reads this channel: forget the oldest
        kept.append(message)

    def take(
        self,
        channel: MessageChannelName,
        predicate: MessagePredicate | None = None,
    ) -> Message[Content] | None:
        """The oldest kept message of ``channel`` (that ``predicate`` accepts), removed."""
        kept = self._stash[channel]
        if not kept:
            return None
        if predicate is None:
            return kept.popleft()
        for message in kept:
            if predicate(message):
                kept.remove(message)
                return message
        return None

    def ignore(self, msg_ids: Iterable[str]) -> None:
        """Drop, from now on, every message whose parent is one of ``msg_ids``."""
        self._ignored.update(msg_ids)
        for channel in ("shell", "iopub"):
            kept = self._stash[channel]
            for message in [m for m in kept if m.parent_msg_id in self._ignored]:
                kept.remove(message)

    def reconnect(self, info: ConnectionInfo) -> None:
        """The kernel is now at ``info`` (restarted elsewhere): forget the messages kept
        from before, and sign with its key (same session id)."""
        if (info.key, info.signature_scheme) != (self.info.key, self.info.signature_scheme):
            self.session = Session.from_connection_info(info, session_id=self.session.session_id)
        self.info = info
        for kept in self._stash.values():
            kept.clear()

    # ------------------------------------------------------------------ handlers

    def add_handler(
        self,
        handler: Handler,
        channels: str | Iterable[str] = MESSAGE_CHANNELS,
    ) -> None:
        """Call ``handler(message)`` for every message read on ``channels``.

        Raises:
            ValueError: a channel name is not shell, iopub, stdin or control.
        """
        for channel in _channel_names(channels):
            self._handlers[channel].append(handler)

    def remove_handler(
        self,
        handler: Handler,
        channels: str | Iterable[str] = MESSAGE_CHANNELS,
    ) -> None:
        """Stop calling ``handler`` for ``channels`` (all of them by default)."""
        for channel in _channel_names(channels):
            if handler in self._handlers[channel]:
                self._handlers[channel].remove(handler)


def _channel_names(channels: str | Iterable[str]) -> list[str]:
    names = [channels] if isinstance(channels, str) else list(channels)
    unknown = [name for name in names if name not in MESSAGE_CHANNELS]
    if unknown:
        raise ValueError(
            f"{unknown[0]!r} is not a message channel; use shell, iopub, stdin or control"
        )
    return names


def reply_to(msg_id: str) -> Callable[[Message[Any]], bool]:
    """A predicate: the message answers (has the parent) ``msg_id``."""
    return lambda message: message.parent_msg_id == msg_id
