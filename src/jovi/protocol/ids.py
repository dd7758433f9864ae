"""Identifiers, keys and dates as the Jupyter protocol writes them.

* Message ids are unique strings.  jovi writes ``<session>_<pid>_<n>``: unique across
  processes (the session part is random, the pid tells forked processes apart) and
  cheaper than a UUID per message.  Peers must not assume any format (ipykernel does
  the same; others send UUIDs).
* Session ids and kernel ids are random UUIDs.
* Keys are 256 random bits written as 64 hex digits.
* Dates are ISO 8601 in UTC with microseconds and a ``Z``
  (``2024-01-01T00:00:00.000000Z``).  Dates without a time zone, which very old
  kernels wrote, are read as UTC; every date jovi hands out is timezone-aware.
"""

from __future__ import annotations

import itertools
import os
import uuid
from datetime import UTC, datetime
from typing import NewType

__all__ = [
    "KernelId",
    "MsgId",
    "MsgIdFactory",
    "SessionId",
    "format_date",
    "new_kernel_id",
    "new_key",
    "new_session_id",
    "parse_date",
    "utcnow",
]

MsgId = NewType("MsgId", str)
"""The ``msg_id`` of a message header."""

SessionId = NewType("SessionId", str)
"""The ``session`` of a message header: one per client or kernel process."""

KernelId = NewType("KernelId", str)
"""The id under which a kernel manager knows a kernel (``kernel-<id>.json``)."""


def new_session_id() -> SessionId:
    """A fresh random session id (a UUID string)."""
    return SessionId(str(uuid.uuid4()))


def new_kernel_id() -> KernelId:
    """A fresh random kernel id (a UUID string)."""
    return KernelId(str(uuid.uuid4()))


def new_key() -> str:
    """A fresh signing key: 256 random bits as 64 lowercase hex digits."""
    import secrets  # noqa: PLC0415 - a kernel reads its key; importing random costs ~1 ms

    return secrets.token_hex(32)


class MsgIdFactory:
    """Message ids ``<prefix>_<pid>_<n>`` with ``n`` counting from 1 (thread-safe).

    The pid is read for every id, so a forked process never repeats its parent's ids.
    """

    __slots__ = ("_counter", "_prefix")

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        # next() on itertools.count is atomic under the GIL: no lock needed.
        self._counter = itertools.count(1)

    def __call__(self) -> MsgId:
        return MsgId(f"{self._prefix}_{os.getpid()}_{next(self._counter)}")


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def format_date(value: datetime) -> str:
    """``value`` as the protocol writes dates: ISO 8601, UTC, microseconds, ``Z``.

    A naive ``value`` is taken to be local time, as :meth:`datetime.astimezone` does.
    """
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    # "...+00:00" from an aware UTC value: the offset becomes the "Z" the protocol writes.
    return value.isoformat(timespec="microseconds")[:-6] + "Z"


def parse_date(text: str) -> datetime:
    """The timezone-aware datetime written as ISO 8601 in ``text``.

    Accepts what Jupyter peers write: ``Z`` or a numeric offset, with or without
    fractions of a second; a date without a time zone is taken to be UTC.

    Raises:
        ValueError: ``text`` is not an ISO 8601 date and time.
    """
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed
