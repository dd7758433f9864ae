"""What every channel offers: send frames, receive frames, close (docs/design/style.md, C6).

A channel moves multipart messages (lists of frames) without looking inside them;
:mod:`jovi.protocol` turns frames into messages and :class:`MessageChannel` joins the
two.  Implementations: ZeroMQ sockets (:mod:`jovi.transport.zmq`) and in-memory
queues (:mod:`jovi.transport.memory`).  Both pass the conformance checks of
:mod:`jovi.testing.transport`.

Semantics every implementation keeps:

* a message arrives whole, with its frames in order, or not at all; messages from
  one sender arrive in the order sent;
* frames may be ``bytes``, ``bytearray`` or ``memoryview`` and are not copied when
  large: do not change a buffer after sending it;
* received frames are ``bytes``, or ``memoryview`` for large ones (zero copy);
* cancelling a pending :meth:`ReceiveChannel.recv` loses no message;
* after :meth:`aclose` (idempotent), ``send`` and ``recv`` raise
  :class:`~jovi.errors.ChannelClosed`, and so does a ``recv`` that was waiting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Channel",
    "Frame",
    "ReceiveChannel",
    "SendChannel",
]

Frame = bytes | bytearray | memoryview
"""One frame of a multipart message."""


@runtime_checkable
class SendChannel(Protocol):
    """A channel messages can be sent on (a publisher)."""

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        ...

    async def send(self, frames: Sequence[Frame]) -> None:
        """Send one multipart message.

        Raises:
            ChannelClosed: the channel was closed.
        """
        ...

    async def aclose(self) -> None:
        """Close the channel (a second call does nothing)."""
        ...


@runtime_checkable
class ReceiveChannel(Protocol):
    """A channel messages can be received from (a subscriber)."""

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        ...

    async def recv(self) -> list[Frame]:
        """Wait for the next multipart message.

        Raises:
            ChannelClosed: the channel was closed, before or while waiting.
        """
        ...

    async def aclose(self) -> None:
        """Close the channel (a second call does nothing)."""
        ...


@runtime_checkable
class Channel(SendChannel, ReceiveChannel, Protocol):
    """A two-way channel (ROUTER, DEALER, XPUB or a memory pair)."""
