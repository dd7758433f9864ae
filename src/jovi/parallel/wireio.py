"""Sending and receiving frames without copying data, and without paying for that on
small messages.

pyzmq can hand a buffer to ZeroMQ without a copy (``copy=False``), at a cost per
frame (a ``zmq.Frame`` object) that a tiny task's seven small frames feel. So:
:func:`receive` takes a message's envelope (identities, delimiter, signature, the four
JSON frames) as bytes and only its buffers as ``zmq.Frame`` objects (never copied);
:func:`send` copies a message whose buffers are small and hands larger ones over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import zmq

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["COPY_BELOW", "ENVELOPE", "receive", "send"]

ENVELOPE: Final = 7
"""Frames of a message before its buffers, with one identity (or topic) in front."""

COPY_BELOW: Final = 64 * 1024
"""A message whose frames hold fewer bytes than this is copied into ZeroMQ."""


def receive(sock: zmq.Socket[bytes], envelope: int = ENVELOPE, flags: int = 0) -> list[Any]:
    """A message's frames: the first ``envelope`` as bytes, the others as zmq frames.

    Raises:
        zmq.Again: with ``zmq.NOBLOCK``, no message is waiting.
    """
    frames: list[Any] = [sock.recv(flags)]
    while sock.getsockopt(zmq.RCVMORE):
        frames.append(sock.recv() if len(frames) < envelope else sock.recv(copy=False))
    return frames


def send(sock: zmq.Socket[bytes], frames: Sequence[Any]) -> None:
    """Send ``frames``: copied when small, handed over when large (``zmq.Frame`` objects
    are always handed over)."""
    size = 0
    for frame in frames:
        if not isinstance(frame, bytes | zmq.Frame):
            size += memoryview(frame).nbytes
        elif isinstance(frame, bytes):
            size += len(frame)
    sock.send_multipart(frames, copy=size < COPY_BELOW)
