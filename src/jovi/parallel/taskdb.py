"""Where the controller keeps its task records: in memory (the default), or nowhere.

Every backend answers the same calls (:class:`TaskDB`): a record is added when a
request passes the controller, told which engine took it, given its reply and its
output, found by query (:mod:`~jovi.parallel.query`), fetched whole (``get_result``,
``resubmit``) and dropped (``purge_results``).

* :class:`MemoryDB` keeps the records in a dict, within limits: at most
  ``record_limit`` records and ``size_limit`` bytes of buffers; past either, the
  oldest finished records are dropped until it is back under ``cull_fraction`` below
  the limit (a request still running is never dropped).
* :class:`NoDB` keeps nothing: queries and ``get_result`` of a request sent by
  another client fail, and the controller holds no buffers once a request is done.
* :class:`~jovi.parallel.sqlitedb.SQLiteDB` keeps them in a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from jovi.parallel.query import matches

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime
    from pathlib import Path

    from jovi.parallel.query import Condition
    from jovi.parallel.records import TaskRecord

__all__ = ["BACKENDS", "MemoryDB", "NoDB", "NoRecords", "TaskDB", "open_db"]

BACKENDS: Final = ("memory", "sqlite", "none")

APPENDED: Final = ("stdout", "stderr")
"""Output keys whose text is added to, not replaced."""


class NoRecords(KeyError):  # noqa: N818 - a KeyError, as ipyparallel's NoData
    """The controller keeps no task records (``--db none``)."""


class TaskDB:
    """What every backend answers; this one keeps nothing (:class:`NoDB`)."""

    name = "none"

    def add(self, record: TaskRecord) -> None:
        """A request passed the controller."""

    def assign(self, msg_id: str, engine_uuid: str) -> None:
        """The scheduler gave the task ``msg_id`` to an engine."""

    def finish(self, msg_id: str, result: list[Any], received: datetime) -> None:
        """The reply's frames ``[header, parent, metadata, content, *buffers]`` came."""

    def output(self, msg_id: str, key: str, value: Any) -> None:
        """The request published ``value`` (``stdout`` and ``stderr`` add up,
        ``outputs`` is a list, the others are replaced)."""

    def resubmitted(self, msg_id: str, new_msg_id: str) -> None:
        """``msg_id`` was sent again as ``new_msg_id``."""

    def get(self, msg_id: str) -> TaskRecord | None:
        """The whole record (None: no such record).

        Raises:
            NoRecords: this backend keeps none.
        """
        raise NoRecords("the controller keeps no task records (it runs with --db none)")

    def find(self, conditions: Sequence[Condition], keys: Sequence[str]) -> list[dict[str, Any]]:
        """The ``keys`` of each record that meets ``conditions``, oldest first.

        Raises:
            NoRecords: this backend keeps none.
        """
        raise NoRecords("the controller keeps no task records (it runs with --db none)")

    def drop(self, msg_ids: Iterable[str]) -> None:
        """Forget these records."""

    def drop_finished(self) -> list[str]:
        """Forget every finished record; returns their msg_ids."""
        return []

    def close(self) -> None:
        """Write what is pending and let go of any file."""


class NoDB(TaskDB):
    """Keeps nothing."""


class MemoryDB(TaskDB):
    """Records in a dict, oldest first, within limits.

    Args:
        record_limit: The most records kept.
        size_limit: The most bytes of buffers kept.
        cull_fraction: Past a limit, drop finished records until this fraction below it.
    """

    name = "memory"

    def __init__(
        self, record_limit: int = 1024, size_limit: int = 1 << 30, cull_fraction: float = 0.1
    ) -> None:
        self.record_limit = record_limit
        self.size_limit = size_limit
        self.cull_fraction = cull_fraction
        self.records: dict[str, TaskRecord] = {}
        self._done: dict[str, None] = {}
        """The msg_ids of the finished records, in the order they finished (culled first)."""
        self.total_size = 0
        """The bytes of buffers held."""

    def add(self, record: TaskRecord) -> None:
        self.drop((record.msg_id,))
        self.records[record.msg_id] = record
        if record.done:
            self._done[record.msg_id] = None
        self.total_size += record.size
        self._cull()

    def assign(self, msg_id: str, engine_uuid: str) -> None:
        record = self.records.get(msg_id)
        if record is not None:
            record.engine_uuid = engine_uuid

    def finish(self, msg_id: str, result: list[Any], received: datetime) -> None:
        record = self.records.get(msg_id)
        if record is None:
            return
        if record.result is None:
            self._done[msg_id] = None
        before = record.size
        record.result = result
        record.received = received
        self.total_size += record.size - before
        if self.total_size > self.size_limit:
            self._cull()

    def output(self, msg_id: str, key: str, value: Any) -> None:
        record = self.records.get(msg_id)
        if record is None:
            return
        outputs = record.outputs
        if key in APPENDED:
            outputs[key] = outputs.get(key, "") + value
        elif key == "outputs":
            outputs.setdefault(key, []).append(value)
        else:
            outputs[key] = value

    def resubmitted(self, msg_id: str, new_msg_id: str) -> None:
        record = self.records.get(msg_id)
        if record is not None:
            record.resubmitted = new_msg_id

    def get(self, msg_id: str) -> TaskRecord | None:
        return self.records.get(msg_id)

    def find(self, conditions: Sequence[Condition], keys: Sequence[str]) -> list[dict[str, Any]]:
        tested = {c.key for c in conditions}
        return [
            record.values(keys)
            for record in list(self.records.values())
            if matches(record.values(tested), conditions)
        ]

    def drop(self, msg_ids: Iterable[str]) -> None:
        for msg_id in msg_ids:
            record = self.records.pop(msg_id, None)
            if record is not None:
                self.total_size -= record.size
                self._done.pop(msg_id, None)

    def drop_finished(self) -> list[str]:
        done = list(self._done)
        self.drop(done)
        return done

    def _cull(self) -> None:
        """Past a limit, drop the oldest finished records until under it by ``cull_fraction``
        (or none finished is left: records still running are kept)."""
        if len(self.records) <= self.record_limit and self.total_size <= self.size_limit:
            return
        keep = 1.0 - self.cull_fraction
        count_goal = int(self.record_limit * keep)
        size_goal = int(self.size_limit * keep)
        done = self._done
        while done and (len(self.records) > count_goal or self.total_size > size_goal):
            self.drop((next(iter(done)),))


def open_db(
    kind: str,
    *,
    directory: Path | None = None,
    filename: str = "tasks.db",
    table: str = "",
    record_limit: int = 1024,
    size_limit: int = 1 << 30,
) -> TaskDB:
    """The backend named ``kind`` (:data:`BACKENDS`).

    Args:
        directory: Where the SQLite file goes (the profile's directory).
        filename: The SQLite file's name.
        table: The SQLite table (by default one per controller run).
        record_limit, size_limit: The memory backend's limits.

    Raises:
        ValueError: an unknown kind, or ``sqlite`` without a directory.
    """
    if kind == "memory":
        return MemoryDB(record_limit, size_limit)
    if kind == "none":
        return NoDB()
    if kind == "sqlite":
        if directory is None:
            raise ValueError("the sqlite task database needs a directory")
        from jovi.parallel.sqlitedb import SQLiteDB  # noqa: PLC0415 - it imports this module

        return SQLiteDB(directory / filename, table=table)
    raise ValueError(f"unknown task database {kind!r}; the kinds are {', '.join(BACKENDS)}")
