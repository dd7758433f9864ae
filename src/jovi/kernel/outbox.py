"""What the kernel has to send, in two queues: replies, and the ordered stream of output.

Every message leaves through the I/O thread, which takes it from here:

* **replies** (``*_reply`` on shell and control) go first, at every turn of the
  loop, and are never held back: an ``interrupt_reply`` or a ``kernel_info_reply``
  on control must not wait behind a flood of output;
* the **ordered** queue holds IOPub messages and ``input_request`` (stdin), which
  keep the order they were made in: a prompt never overtakes the text printed
  before it.  It is bounded: a thread producing output (user code printing,
  displaying, sending comm messages) calls :meth:`Outbox.wait_for_room`, which
  blocks it while more than ``high_water`` bytes wait, until the I/O thread has
  sent the queue down to ``low_water``.  The I/O thread itself never waits.

So a loop printing as fast as it can runs at the speed the client reads, the
kernel's memory stays bounded, and nothing is dropped.  Replies may overtake
output queued before them (they travel on another socket anyway, so clients match
them by parent, not by order).
"""

from __future__ import annotations

import collections
import threading
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jovi.transport.base import Frame

__all__ = ["HIGH_WATER", "LOW_WATER", "ChannelName", "Outbox", "Outgoing", "size_of"]

ChannelName = Literal["shell", "control", "stdin", "iopub"]
Outgoing = tuple[ChannelName, list["Frame"]]

HIGH_WATER: Final = 8 * 1024 * 1024
"""Bytes of ordered messages beyond which producers of output wait."""
LOW_WATER: Final = 2 * 1024 * 1024
"""Bytes the ordered queue is sent down to before waiting producers go on."""

_WAIT_SLICE_S: Final = 0.1  # a waiting thread rechecks this often (and takes signals)


def size_of(frames: list[Frame]) -> int:
    """The bytes ``frames`` carry."""
    total = 0
    for frame in frames:
        total += len(frame) if isinstance(frame, bytes) else memoryview(frame).nbytes
    return total


class Outbox:
    """The kernel's queues of messages to send (any thread puts, the I/O thread takes).

    Args:
        high_water: Bytes of ordered messages beyond which :meth:`wait_for_room` blocks.
        low_water: Bytes it waits for the queue to come down to.
    """

    def __init__(self, *, high_water: int = HIGH_WATER, low_water: int = LOW_WATER) -> None:
        if not 0 <= low_water <= high_water:
            raise ValueError(
                "the outbox's low water mark must be between 0 and its high water mark"
            )
        self.high_water = high_water
        self.low_water = low_water
        self._replies: collections.deque[Outgoing] = collections.deque()
        self._ordered: collections.deque[tuple[Outgoing, int]] = collections.deque()
        self._bytes = 0
        self._lock = threading.Lock()
        self._room = threading.Condition(self._lock)
        self._full = False  # above high water, and not yet back down to low water

    # ------------------------------------------------------------ any thread

    def put_reply(self, item: Outgoing) -> None:
        """Queue a reply: it goes out at the next turn, before any ordered message."""
        self._replies.append(item)

    def put(self, item: Outgoing, *, first: bool = False) -> None:
        """Queue an ordered message (``first``: ahead of every other ordered one)."""
        size = size_of(item[1])
        with self._lock:
            if first:
                self._ordered.appendleft((item, size))
            else:
                self._ordered.append((item, size))
            self._bytes += size
            if self._bytes > self.high_water:
                self._full = True

    def wait_for_room(self) -> None:
        """Block while the ordered queue is full (never call it from the I/O thread).

        A full queue lets producers go on once it is down to ``low_water``.  The wait
        takes signals: Ctrl-C interrupts a cell waiting here.
        """
        if not self._full:
            return
        with self._room:
            while self._full:
                self._room.wait(_WAIT_SLICE_S)

    @property
    def full(self) -> bool:
        """Whether producers of output must wait now."""
        return self._full

    @property
    def backlog(self) -> int:
        """Bytes of ordered messages waiting."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._replies) + len(self._ordered)

    def __bool__(self) -> bool:
        return bool(self._replies) or bool(self._ordered)

    # ------------------------------------------------------------ the I/O thread

    def take_replies(self) -> Iterator[Outgoing]:
        """The queued replies, oldest first, each removed as it is taken."""
        replies = self._replies
        while replies:
            yield replies.popleft()

    def has_ordered(self) -> bool:
        """Whether ordered messages wait."""
        return bool(self._ordered)

    def take_ordered(self) -> Outgoing | None:
        """The oldest ordered message, removed (None when there is none)."""
        with self._lock:
            if not self._ordered:
                return None
            item, size = self._ordered.popleft()
            self._bytes -= size
            if self._full and self._bytes <= self.low_water:
                self._full = False
                self._room.notify_all()
        return item

    def give_back(self, item: Outgoing) -> None:
        """Put back, first, an ordered message that could not be sent yet."""
        self.put(item, first=True)

    def release_waiters(self) -> None:
        """Let every waiting producer go on (the kernel is stopping)."""
        with self._lock:
            self._full = False
            self._room.notify_all()
