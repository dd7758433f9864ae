"""Sending and receiving frames without copying data, and without paying for that on
small messages.

pyzmq can hand a buffer to ZeroMQ without a copy (``copy=False``), at a cost per
frame (a ``zmq.Frame`` object) that a tiny task's seven small frames feel. So:
:func:`receive` takes a message's envelope (identities, delimiter, signature, the four
JSON frames) as bytes and only its buffers as ``zmq.Frame`` objects (never copied);
:func:`send` copies small frames and hands larger ones over.  Both call the
socket's own (Cython) methods with plain int flags: pyzmq's ``send_multipart`` and
``recv`` spend a few microseconds per frame on checks and flag enums.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import zmq
from zmq.backend import Socket as _CoreSocket

from jovi.transport.zmq.binding import send_frames

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["ENVELOPE", "receive", "send"]

ENVELOPE: Final = 7
"""Frames of a message before its buffers, with one identity (or topic) in front."""

_RCVMORE: Final = int(zmq.RCVMORE)


def receive(sock: zmq.Socket[bytes], envelope: int = ENVELOPE, flags: int = 0) -> list[Any]:
    """A message's frames: the first ``envelope`` as bytes, the others as zmq frames.

    Raises:
        zmq.Again: with ``zmq.NOBLOCK``, no message is waiting.
    """
    recv, get = _CoreSocket.recv, _CoreSocket.get
    frames: list[Any] = [recv(sock, int(flags))]
    while get(sock, _RCVMORE):
        frames.append(recv(sock) if len(frames) < envelope else recv(sock, copy=False))
    return frames


def send(sock: zmq.Socket[bytes], frames: Sequence[Any]) -> None:
    """Send ``frames`` (blocking): short ones copied, long ones and ``zmq.Frame``
    objects handed over (see :func:`~jovi.transport.zmq.binding.send_frames`)."""
    send_frames(sock, frames, block=True)
