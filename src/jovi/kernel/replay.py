"""No request from before a restart runs after it: replay protection across restarts.

A kernel refuses a signed message whose signature it has seen (the session's digest
history), but that record lives in the process: a request captured on the network
before a restart would be accepted by the restarted kernel, which has the same key
(managers restart a kernel with its connection file).  So the kernel also keeps, per
client session, the date of the newest request it accepted, in a file beside the
connection file (``<connection file>.replay``, mode 0600), written before the request
is handed on.  A kernel started with that connection file refuses any request of a
session dated at or before that session's floor: every request of that session the
previous process could have seen.  New requests are dated later; other sessions are
not affected.

The file holds no secret, only a fingerprint of the key (a file written for another
key is ignored) and dates.  It is removed when the kernel ends for good (a shutdown
that is not a restart).

:class:`ReplayFloors` decides, without I/O; :class:`ReplayFile` reads and writes it.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.protocol.message import Header

__all__ = ["MAX_SESSIONS", "ReplayFile", "ReplayFloors", "RestartGuard", "key_fingerprint"]

MAX_SESSIONS: Final = 256
"""Sessions whose floor is kept (the oldest are forgotten first)."""


def key_fingerprint(key: bytes) -> str:
    """A fingerprint of the signing key that does not reveal it."""
    return hashlib.sha256(b"jovi replay floors\0" + key).hexdigest()[:32]


class ReplayFloors:
    """Per session, the date of the newest request accepted, before and since start.

    Args:
        before: The floors the previous process of this kernel left (session id to
            date); requests of those sessions dated at or before them are refused.
    """

    def __init__(self, before: dict[str, datetime.datetime] | None = None) -> None:
        self.before = dict(before or {})
        self.now: dict[str, datetime.datetime] = dict(self.before)

    def admit(self, header: Header) -> bool:
        """Whether a request with ``header`` may run (False: it is from before a restart)."""
        floor = self.before.get(header.session)
        return floor is None or header.date is None or header.date > floor

    def record(self, header: Header) -> bool:
        """Note an accepted request; whether the floors changed (and must be saved)."""
        date = header.date
        if date is None or not header.session:
            return False
        floor = self.now.get(header.session)
        if floor is not None and date <= floor:
            return False
        self.now.pop(header.session, None)  # most recent last, for trimming
        self.now[header.session] = date
        while len(self.now) > MAX_SESSIONS:
            self.now.pop(next(iter(self.now)))
        return True

    def dumps(self, fingerprint: str) -> str:
        """The floors as the file's JSON."""
        return json.dumps(
            {
                "key": fingerprint,
                "sessions": {session: date.isoformat() for session, date in self.now.items()},
            }
        )

    @classmethod
    def loads(cls, text: str, fingerprint: str) -> ReplayFloors:
        """Floors from the file's JSON; empty when it was written for another key or is
        not readable (it protects, it must never stop a kernel)."""
        try:
            data: Any = json.loads(text)
            if data.get("key") != fingerprint:
                return cls()
            before = {
                str(session): datetime.datetime.fromisoformat(date)
                for session, date in data["sessions"].items()
            }
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls()
        return cls(before)


class ReplayFile:
    """The floors of one kernel, in the file beside its connection file.

    Args:
        path: The file (``<connection file>.replay``).
        key: The kernel's signing key.
    """

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.fingerprint = key_fingerprint(key)
        self._fd: int | None = None
        self._size = 0  # the longest text written: shorter ones are padded to it

    def load(self) -> ReplayFloors:
        """The floors the previous process left (none if there is no file)."""
        try:
            text = self.path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return ReplayFloors()
        return ReplayFloors.loads(text, self.fingerprint)

    def save(self, floors: ReplayFloors) -> None:
        """Write the floors now (before the request they admit runs).

        One ``pwrite`` over the old text, padded with spaces to its length: a process
        killed at any moment leaves the old floors or the new ones, never a mix.
        """
        data = floors.dumps(self.fingerprint).encode("utf-8")
        self._size = max(self._size, len(data))
        try:
            if self._fd is None:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            os.pwrite(self._fd, data.ljust(self._size), 0)
        except OSError:
            self.close()  # a full or read-only disk: the in-process history still protects

    def close(self) -> None:
        """Close the file (it stays, for a restart)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def remove(self) -> None:
        """Close and delete the file (the kernel ends for good)."""
        self.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


class RestartGuard:
    """Refuses requests from before a restart and records the ones it lets through.

    Args:
        file: Where the floors are kept.
    """

    def __init__(self, file: ReplayFile) -> None:
        self.file = file
        self.floors = file.load()
        self.refused = 0
        """Requests refused as older than the restart."""

    def admit(self, header: Header) -> bool:
        """Whether the request may run; if so, its date is saved before it runs."""
        if not self.floors.admit(header):
            self.refused += 1
            return False
        if self.floors.record(header):
            self.file.save(self.floors)
        return True
