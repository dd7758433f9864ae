"""Sessions: which kernel serves which document (``/api/sessions``).

One session per path: asking for a session for a path that has one gives that one,
so two tabs on one notebook share its kernel.  Renaming a notebook moves its
session.  The table lives in an in-memory SQLite database, as Jupyter Server's.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from jovi.errors import ServerError

__all__ = ["SessionRecord", "SessionStore"]

_FIELDS = ("session_id", "path", "name", "type", "kernel_id")


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session: a document (``path``, ``name``, ``type``) and its kernel."""

    session_id: str
    path: str
    name: str
    type: str
    kernel_id: str

    def model(self, kernel: dict[str, Any] | None) -> dict[str, Any]:
        """The session as ``/api/sessions`` shows it, with its kernel's model."""
        return {
            "id": self.session_id,
            "path": self.path,
            "name": self.name,
            "type": self.type,
            "kernel": kernel,
            "notebook": {"path": self.path, "name": self.name},
        }


class SessionStore:
    """The sessions of one server (no I/O beyond an in-memory database)."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE TABLE session (session_id TEXT PRIMARY KEY, path TEXT UNIQUE, "
            "name TEXT, type TEXT, kernel_id TEXT)"
        )

    def add(self, path: str, name: str, type: str, kernel_id: str) -> SessionRecord:  # noqa: A002
        record = SessionRecord(str(uuid.uuid4()), path, name, type, kernel_id)
        with self._db:
            self._db.execute(
                "INSERT INTO session VALUES (?, ?, ?, ?, ?)",
                (record.session_id, path, name, type, kernel_id),
            )
        return record

    def by_path(self, path: str) -> SessionRecord | None:
        return self._one("SELECT * FROM session WHERE path = ?", (path,))

    def get(self, session_id: str) -> SessionRecord:
        """The session ``session_id``.

        Raises:
            ServerError: 404, no such session.
        """
        found = self._one("SELECT * FROM session WHERE session_id = ?", (session_id,))
        if found is None:
            raise ServerError(404, f"No session with the id {session_id!r}.")
        return found

    def all(self) -> list[SessionRecord]:
        rows = self._db.execute("SELECT * FROM session ORDER BY rowid").fetchall()
        return [SessionRecord(*row) for row in rows]

    def using(self, kernel_id: str) -> list[SessionRecord]:
        rows = self._db.execute("SELECT * FROM session WHERE kernel_id = ?", (kernel_id,))
        return [SessionRecord(*row) for row in rows.fetchall()]

    def update(self, session_id: str, **changes: str) -> SessionRecord:
        """Change ``path``, ``name``, ``type`` or ``kernel_id``.

        Raises:
            ServerError: 404 no such session; 409 another session has that path.
        """
        self.get(session_id)
        unknown = set(changes) - set(_FIELDS[1:])
        if unknown:
            raise ServerError(400, f"A session has no field {min(unknown)!r}.")
        if not changes:
            return self.get(session_id)
        assignments = ", ".join(f"{key} = ?" for key in changes)
        try:
            with self._db:
                self._db.execute(
                    f"UPDATE session SET {assignments} WHERE session_id = ?",  # noqa: S608 - keys checked
                    (*changes.values(), session_id),
                )
        except sqlite3.IntegrityError:
            raise ServerError(
                409, f"Another session has the path {changes.get('path')!r}."
            ) from None
        return self.get(session_id)

    def remove(self, session_id: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM session WHERE session_id = ?", (session_id,))

    def _one(self, query: str, args: tuple[str, ...]) -> SessionRecord | None:
        row = self._db.execute(query, args).fetchone()
        return None if row is None else SessionRecord(*row)
