"""Messages over a channel: frames made and checked by a :class:`~jovi.protocol.Session`.

A kernel or a client receives through :meth:`MessageChannel.recv`, which drops what
must never be delivered, the way ipykernel does (Jupyter messaging protocol: signing): unsigned,
tampered, replayed and malformed messages are logged and skipped, and waiting goes
on.  With ``strict=True`` they are raised instead (for tests and tools).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.errors import ProtocolError
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jovi.protocol import Content, Message, Received, Session
    from jovi.transport.base import Channel, Frame

__all__ = ["MessageChannel"]

log = get_logger("jovi.transport")


class MessageChannel:
    """A channel that sends and receives messages rather than frames.

    Args:
        channel: The channel carrying the frames.
        session: Signs what is sent, checks and decodes what is received.
        name: The channel's name for log messages (``"shell"``, ``"iopub"`` ...).
        strict: Raise refused messages instead of logging and skipping them.
        on_refused: Called with each refused message's error and frames (the
            kernel counts them; a test records them).
    """

    def __init__(
        self,
        channel: Channel,
        session: Session,
        *,
        name: str = "channel",
        strict: bool = False,
        on_refused: Callable[[ProtocolError, Sequence[Frame]], None] | None = None,
    ) -> None:
        self.channel = channel
        self.session = session
        self.name = name
        self.strict = strict
        self._on_refused = on_refused

    @property
    def closed(self) -> bool:
        """Whether the channel was closed."""
        return self.channel.closed

    async def send(self, message: Message[Content], identities: Sequence[bytes] = ()) -> None:
        """Sign and send ``message`` after the routing ``identities``.

        Raises:
            MalformedMessage: something in the message has no JSON form.
            ChannelClosed: the channel was closed.
        """
        await self.channel.send(self.session.serialize(message, identities))

    async def recv(self) -> Received:
        """The next message that passes the session's checks.

        Raises:
            ChannelClosed: the channel was closed.
            ProtocolError: a refused message, with ``strict=True`` only.
        """
        while True:
            frames = await self.channel.recv()
            try:
                return self.session.deserialize(frames)
            except ProtocolError as error:
                if self._on_refused is not None:
                    self._on_refused(error, frames)
                if self.strict:
                    raise
                log.warning(
                    "Invalid message on %s dropped (%s): %s",
                    self.name,
                    type(error).__name__,
                    error,
                )

    async def aclose(self) -> None:
        """Close the channel."""
        await self.channel.aclose()
