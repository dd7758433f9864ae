"""Task records in an SQLite file (``--db sqlite``): they outlive the controller.

One row per request, one column per record key: messages as JSON text, dates as ISO
text in UTC (so that SQL compares them as dates), buffers as one msgpack blob.  The
table is named after the controller's run unless ``table`` is given (give one, e.g.
``tasks``, to find earlier runs' records).  Queries become SQL
(:func:`~jovi.parallel.query.sql_where`); writes are committed at most every
:data:`COMMIT_EVERY_S` seconds and on :meth:`SQLiteDB.close`.  The connection is used
from the thread that opened it (the controller's).
"""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import msgspec

from jovi.parallel.query import BUFFER_KEYS, DATE_KEYS, KEYS, MESSAGE_KEYS, sql_where, to_date
from jovi.parallel.records import TaskRecord
from jovi.parallel.taskdb import APPENDED, TaskDB
from jovi.protocol.ids import format_date

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from jovi.parallel.query import Condition

__all__ = ["SQLiteDB"]

COMMIT_EVERY_S: Final = 0.5

_RAW: Final = ("parent", "result_parent")
"""Columns kept only to rebuild a record's frames (not record keys)."""
_COLUMNS: Final = (*KEYS, *_RAW)


def _encode(value: Any) -> Any:
    """A query value as stored."""
    return format_date(value) if isinstance(value, datetime) else value


def _text(frame: Any) -> str:
    return bytes(frame).decode("utf-8")


class SQLiteDB(TaskDB):
    """Task records in the SQLite file ``path``, table ``table``.

    Raises:
        ValueError: a table name that is not an identifier.
    """

    name = "sqlite"

    def __init__(self, path: Path, *, table: str = "") -> None:
        table = table or f"tasks_{int(time.time() * 1000)}"
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", table):
            raise ValueError(f"{table!r} is not a usable table name")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.table = table
        self._db = sqlite3.connect(path)
        columns = ", ".join(
            f'"{c}" {"BLOB" if c in BUFFER_KEYS else "TEXT"}{" PRIMARY KEY" if c == "msg_id" else ""}'
            for c in _COLUMNS
        )
        self._db.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({columns})')
        self._last_commit = time.monotonic()

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        self._db.execute(sql.replace("TABLE", f'"{self.table}"'), params)
        now = time.monotonic()
        if now - self._last_commit > COMMIT_EVERY_S:
            self._db.commit()
            self._last_commit = now

    def _set(self, msg_id: str, values: dict[str, Any]) -> None:
        assignments = ", ".join(f'"{k}" = ?' for k in values)
        sql = f"UPDATE TABLE SET {assignments} WHERE msg_id = ?"  # noqa: S608 - known columns
        self._write(sql, [*values.values(), msg_id])

    def add(self, record: TaskRecord) -> None:
        header = msgspec.json.decode(bytes(record.request[0]))
        row = {
            "msg_id": record.msg_id,
            "queue": record.queue,
            "engine_uuid": record.engine_uuid,
            "client_uuid": header.get("session"),
            "submitted": _encode(to_date(header.get("date"))),
            "header": _text(record.request[0]),
            "parent": _text(record.request[1]),
            "metadata": _text(record.request[2]),
            "content": _text(record.request[3]),
            "buffers": msgspec.msgpack.encode([bytes(b) for b in record.request[4:]]),
            "stdout": "",
            "stderr": "",
            "outputs": "[]",
        }
        names = ", ".join(f'"{k}"' for k in row)
        marks = ", ".join("?" * len(row))
        sql = f"INSERT OR REPLACE INTO TABLE ({names}) VALUES ({marks})"  # noqa: S608 - known columns
        self._write(sql, list(row.values()))

    def assign(self, msg_id: str, engine_uuid: str) -> None:
        self._set(msg_id, {"engine_uuid": engine_uuid})

    def finish(self, msg_id: str, result: list[Any], received: datetime) -> None:
        metadata = msgspec.json.decode(bytes(result[2]))
        self._set(
            msg_id,
            {
                "result_header": _text(result[0]),
                "result_parent": _text(result[1]),
                "result_metadata": _text(result[2]),
                "result_content": _text(result[3]),
                "result_buffers": msgspec.msgpack.encode([bytes(b) for b in result[4:]]),
                "started": _encode(to_date(metadata.get("started"))),
                "completed": _encode(to_date(metadata.get("completed"))),
                "received": _encode(received),
            },
        )

    def output(self, msg_id: str, key: str, value: Any) -> None:
        if key in APPENDED:
            self._write(
                f'UPDATE TABLE SET "{key}" = "{key}" || ? WHERE msg_id = ?',  # noqa: S608
                [value, msg_id],
            )
            return
        if key == "outputs":
            found = self._select(["outputs"], "msg_id = ?", [msg_id])
            if not found:
                return
            value = [*(found[0]["outputs"] or []), value]
        self._set(msg_id, {key: msgspec.json.encode(value).decode()})

    def resubmitted(self, msg_id: str, new_msg_id: str) -> None:
        self._set(msg_id, {"resubmitted": new_msg_id})

    def _select(
        self, keys: Sequence[str], where: str, params: Sequence[Any]
    ) -> list[dict[str, Any]]:
        names = ", ".join(f'"{k}"' for k in keys)
        cursor = self._db.execute(
            f'SELECT {names} FROM "{self.table}" WHERE {where} ORDER BY rowid',  # noqa: S608
            params,
        )
        return [dict(zip(keys, map(_decode, keys, row), strict=True)) for row in cursor]

    def get(self, msg_id: str) -> TaskRecord | None:
        found = self._select(_COLUMNS, "msg_id = ?", [msg_id])
        if not found:
            return None
        row = found[0]

        def frames(prefix: str) -> list[Any] | None:
            if row[f"{prefix}header"] is None:
                return None
            parts = [
                msgspec.json.encode(row[f"{prefix}{part}"])
                for part in ("header", "parent", "metadata", "content")
            ]
            return [*parts, *(row[f"{prefix}buffers"] or [])]

        request = frames("")
        assert request is not None
        return TaskRecord(
            msg_id,
            str(row["queue"]),
            request,
            engine_uuid=row["engine_uuid"],
            result=frames("result_"),
            received=row["received"],
            resubmitted=row["resubmitted"],
            outputs={
                k: row[k]
                for k in ("stdout", "stderr", "outputs", "execute_input", "execute_result", "error")
            },
        )

    def find(self, conditions: Sequence[Condition], keys: Sequence[str]) -> list[dict[str, Any]]:
        where, params = sql_where(conditions, lambda key: f'"{key}"', _encode)
        return self._select(keys, where, params)

    def drop(self, msg_ids: Iterable[str]) -> None:
        for msg_id in msg_ids:
            self._write("DELETE FROM TABLE WHERE msg_id = ?", [msg_id])

    def drop_finished(self) -> list[str]:
        done = [r["msg_id"] for r in self._select(["msg_id"], "result_header IS NOT NULL", [])]
        self._write("DELETE FROM TABLE WHERE result_header IS NOT NULL", [])
        return done

    def close(self) -> None:
        self._db.commit()
        self._db.close()


def _decode(key: str, value: Any) -> Any:
    """A stored value as a record's value."""
    if value is None:
        return None
    if key in DATE_KEYS:
        return to_date(value)
    if key in BUFFER_KEYS:
        return [bytes(b) for b in msgspec.msgpack.decode(value)]
    if key in MESSAGE_KEYS or key in _RAW:
        return msgspec.json.decode(value)
    return value
