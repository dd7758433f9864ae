"""The history database: one SQLite file per profile, shared by every shell and kernel.

Tables (compatible with IPython's, so an old ``history.sqlite`` can be read):

* ``sessions(session, start, end, num_cmds, remark)``
* ``history(session, line, source, source_raw)``
* ``output_history(session, line, output)``

and, from schema version 2, ``history_text``: a full-text index of ``source_raw`` in
trigrams (SQLite's FTS5), kept in step by triggers, so that a search for a glob with
a run of three plain characters (``*numpy*``) reads the few lines holding those
trigrams instead of every line (:func:`trigram_query`).  Where SQLite has no FTS5
trigram tokenizer (before 3.34), there is no index and searches scan, as before.

Several processes write at once: the file is in WAL mode with a busy timeout, so
writers wait for each other instead of failing with "database is locked".  Within a
process one connection is shared under a lock.  A damaged file ("file is not a
database", "malformed") is moved aside once, with a one-line warning naming both
paths, and a fresh database takes its place; nothing else is lost.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable, Iterable, Mapping
    from types import ModuleType

__all__ = ["MEMORY", "SCHEMA_VERSION", "HistoryDatabase", "Row", "trigram_query"]

log = get_logger("jovi")

MEMORY = ":memory:"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 30.0

#: (session, line, source) or (session, line, (source, output))
Row = tuple[int, int, Any]
T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    session INTEGER PRIMARY KEY AUTOINCREMENT, start TEXT, end TEXT, num_cmds INTEGER, remark TEXT);
CREATE TABLE IF NOT EXISTS history (
    session INTEGER, line INTEGER, source TEXT, source_raw TEXT, PRIMARY KEY (session, line));
CREATE TABLE IF NOT EXISTS output_history (
    session INTEGER, line INTEGER, output TEXT, PRIMARY KEY (session, line));
"""

# The index of what was typed, in trigrams (case kept, as GLOB compares), with no
# positions (``detail=none``): it only finds candidate lines, each then checked with
# the glob itself; triggers keep it in step with ``history`` whoever writes.
_TEXT_INDEX = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS history_text USING fts5(
        source_raw, content='history', content_rowid='rowid',
        tokenize='trigram case_sensitive 1', detail=none)""",
    """CREATE TRIGGER IF NOT EXISTS history_text_insert AFTER INSERT ON history BEGIN
        INSERT INTO history_text(rowid, source_raw) VALUES (new.rowid, new.source_raw);
    END""",
    """CREATE TRIGGER IF NOT EXISTS history_text_delete AFTER DELETE ON history BEGIN
        INSERT INTO history_text(history_text, rowid, source_raw)
            VALUES ('delete', old.rowid, old.source_raw);
    END""",
    """CREATE TRIGGER IF NOT EXISTS history_text_update AFTER UPDATE ON history BEGIN
        INSERT INTO history_text(history_text, rowid, source_raw)
            VALUES ('delete', old.rowid, old.source_raw);
        INSERT INTO history_text(rowid, source_raw) VALUES (new.rowid, new.source_raw);
    END""",
    "INSERT INTO history_text(history_text) VALUES ('rebuild')",
)

_GLOB_SPECIALS = frozenset("*?[")


def trigram_query(pattern: str) -> str | None:
    """An FTS5 query for the trigrams every line matching the glob ``pattern`` holds.

    The plain runs of the pattern (between ``*``, ``?`` and ``[...]``) must appear in a
    matching line, so must each of their trigrams; None when no run is three characters
    long (the index cannot narrow such a search).
    """
    runs: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char in _GLOB_SPECIALS:
            runs.append("".join(current))
            current = []
            if char == "[":  # a set: up to its closing bracket (a leading ] is in the set)
                end = pattern.find("]", index + 2)
                index = len(pattern) if end < 0 else end
        else:
            current.append(char)
        index += 1
    runs.append("".join(current))
    trigrams = {run[i : i + 3] for run in runs for i in range(len(run) - 2)}
    if not trigrams:
        return None
    return " AND ".join('"' + trigram.replace('"', '""') + '"' for trigram in sorted(trigrams))


_CORRUPTION_WORDS = ("not a database", "malformed", "corrupt", "disk image")
_BUSY_WORDS = ("database is locked", "database is busy", "database table is locked")
_FIRST_RETRY_S = 0.01
_LONGEST_RETRY_S = 0.5


def _now(timestamp: float | None = None) -> str:
    """Local time (now, or of ``timestamp``) as the database keeps it, like a diary."""
    import datetime  # noqa: PLC0415 - see _sqlite3

    moment = datetime.datetime.fromtimestamp(  # noqa: DTZ006 - local time on purpose
        time.time() if timestamp is None else timestamp
    )
    return moment.isoformat(sep=" ")


def _sqlite3() -> ModuleType:
    """The ``sqlite3`` module, imported on first use.

    The shell opens its history on the writer thread, so the import (with the
    ``datetime`` it needs) happens there, after the prompt is already shown.
    """
    import sqlite3  # noqa: PLC0415 - start-up cost

    return sqlite3


def _is_busy(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return any(word in text for word in _BUSY_WORDS)


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    text = str(error).lower()
    return any(word in text for word in _CORRUPTION_WORDS)


class HistoryDatabase:
    """Access to one history file (or ``:memory:``)."""

    def __init__(
        self, path: str | Path, connection_options: Mapping[str, Any] | None = None
    ) -> None:
        self.path = str(path)
        self.connection_options = dict(connection_options or {})
        self.moved_aside: Path | None = None
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None
        self.indexed = False
        """Whether the file has the text index (known once it is open)."""

    # ------------------------------------------------------------------ connection

    def _open(self) -> sqlite3.Connection:
        if self.path != MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        options: dict[str, Any] = {"timeout": BUSY_TIMEOUT_S, "isolation_level": None}
        options.update(self.connection_options)
        connection: sqlite3.Connection = _sqlite3().connect(
            self.path, check_same_thread=False, **options
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if self.path != MEMORY:
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = NORMAL")
            # A line written again (INSERT OR REPLACE) must leave the text index too.
            connection.execute("PRAGMA recursive_triggers = ON")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                self._upgrade(connection)
            self.indexed = bool(
                connection.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'history_text'"
                ).fetchone()[0]
            )
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _upgrade(connection: sqlite3.Connection) -> None:
        """Bring an older file (or a new one) to :data:`SCHEMA_VERSION`, once, whichever
        process gets there first: the tables, and the text index built from what the
        file holds."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                try:
                    for statement in _TEXT_INDEX:
                        connection.execute(statement)
                except _sqlite3().OperationalError as error:
                    # No FTS5 or no trigram tokenizer in this SQLite: searches scan.
                    log.debug("history: no text index (%s)", error)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                self._connection = self._open()
            except _sqlite3().DatabaseError as error:
                if not _is_corruption(error):
                    raise
                self._move_aside(error)
                self._connection = self._open()
        return self._connection

    def _move_aside(self, error: BaseException) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
        if self.path == MEMORY:
            return
        original = Path(self.path)
        import datetime  # noqa: PLC0415 - start-up cost

        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")  # noqa: DTZ005
        target = original.with_name(f"{original.stem}-corrupt-{stamp}{original.suffix}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(original) + suffix)
            if part.exists():
                part.replace(Path(str(target) + suffix))
        self.moved_aside = target
        log.warning(
            "the history database %s is damaged (%s); it was moved to %s and a new one was started.",
            original,
            error,
            target,
        )

    def run(self, operation: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``operation`` with the connection; recover once from a damaged file.

        "database is locked" is waited out (up to :data:`BUSY_TIMEOUT_S`) even where
        SQLite gives up at once without its busy handler: two processes setting up a
        new file (switching it to WAL, creating the tables) can get that.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause = _FIRST_RETRY_S
        while True:
            try:
                return self._run_once(operation)
            except _sqlite3().OperationalError as error:
                if not _is_busy(error) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_RETRY_S)

    def _run_once(self, operation: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            try:
                return operation(self._connect())
            except _sqlite3().DatabaseError as error:
                if not _is_corruption(error):
                    raise
                self._move_aside(error)
                return operation(self._connect())

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # ------------------------------------------------------------------ writing

    def new_session(self, started_at: float | None = None) -> int:
        """Add a session (begun at ``started_at``, a ``time.time()``, or now); its number."""

        def create(connection: sqlite3.Connection) -> int:
            cursor = connection.execute(
                "INSERT INTO sessions (start) VALUES (?)", (_now(started_at),)
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

        return self.run(create)

    def end_session(self, session: int, num_cmds: int) -> None:
        self.run(
            lambda c: c.execute(
                "UPDATE sessions SET end = ?, num_cmds = ? WHERE session = ?",
                (_now(), num_cmds, session),
            )
        )

    def write(
        self,
        session: int,
        inputs: Iterable[tuple[int, str, str]] = (),
        outputs: Iterable[tuple[int, str]] = (),
    ) -> None:
        """Store inputs ``(line, source, source_raw)`` and outputs ``(line, text)``."""
        inputs, outputs = list(inputs), list(outputs)
        if not inputs and not outputs:
            return

        def store(connection: sqlite3.Connection) -> None:
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.executemany(
                    "INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?)",
                    [(session, line, source, raw) for line, source, raw in inputs],
                )
                connection.executemany(
                    "INSERT OR REPLACE INTO output_history VALUES (?, ?, ?)",
                    [(session, line, text) for line, text in outputs],
                )
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:  # so that a retry starts clean
                    connection.execute("ROLLBACK")
                raise

        self.run(store)

    # ------------------------------------------------------------------ reading

    def last_session(self) -> int:
        return self.run(lambda c: c.execute("SELECT max(session) FROM sessions").fetchone()[0] or 0)

    def session_info(
        self, session: int
    ) -> tuple[int, str | None, str | None, int | None, str | None] | None:
        row = self.run(
            lambda c: c.execute("SELECT * FROM sessions WHERE session = ?", (session,)).fetchone()
        )
        return (int(row[0]), row[1], row[2], row[3], row[4]) if row else None

    def _select(
        self,
        where: str,
        params: tuple[Any, ...],
        *,
        raw: bool,
        output: bool,
        order: str = "ASC",
        limit: str = "",
    ) -> list[Row]:
        """Rows matching ``where``; ``order`` "ASC", "DESC" or "" (table order)."""
        column = "history.source_raw" if raw else "history.source"
        if output:
            query = (
                f"SELECT history.session, history.line, {column}, output_history.output FROM history "  # noqa: S608
                "LEFT JOIN output_history ON history.session = output_history.session "
                f"AND history.line = output_history.line WHERE {where} "
            )
        else:
            query = f"SELECT history.session, history.line, {column} FROM history WHERE {where} "  # noqa: S608
        if order:
            query += f"ORDER BY history.session {order}, history.line {order} "
        query += limit
        rows = self.run(lambda c: c.execute(query, params).fetchall())
        if output:
            return [(session, line, (source, out)) for session, line, source, out in rows]
        return [(session, line, source) for session, line, source in rows]

    def get_range(
        self,
        session: int,
        start: int = 1,
        stop: int | None = None,
        *,
        raw: bool = True,
        output: bool = False,
    ) -> list[Row]:
        """Lines ``start`` to ``stop`` (exclusive; None: all) of ``session``."""
        if stop is None:
            return self._select(
                "history.session = ? AND history.line >= ?",
                (session, start),
                raw=raw,
                output=output,
            )
        return self._select(
            "history.session = ? AND history.line >= ? AND history.line < ?",
            (session, start, stop),
            raw=raw,
            output=output,
        )

    def get_tail(
        self, n: int, *, raw: bool = True, output: bool = False, before_session: int | None = None
    ) -> list[Row]:
        """The last ``n`` lines stored (optionally only of sessions before one)."""
        where, params = ("history.session < ?", (before_session,)) if before_session else ("1", ())
        rows = self._select(
            where, params, raw=raw, output=output, order="DESC", limit=f"LIMIT {int(n)}"
        )
        return list(reversed(rows))

    def search(
        self,
        pattern: str = "*",
        *,
        raw: bool = True,
        search_raw: bool = True,
        output: bool = False,
        n: int | None = None,
        unique: bool = False,
    ) -> list[Row]:
        """Lines matching the glob ``pattern``, oldest first (the last ``n`` if given)."""
        column = "history.source_raw" if search_raw else "history.source"
        where = f"{column} GLOB ?"
        params: tuple[str, ...] = (pattern,)
        query = trigram_query(pattern) if search_raw else None
        if query is not None and self._has_index():
            # The index finds the lines holding the pattern's trigrams; GLOB keeps those
            # that match.
            indexed = "history.rowid IN (SELECT rowid FROM history_text WHERE history_text MATCH ?)"
            where = f"{indexed} AND {where}"
            params = (query, pattern)
        if unique:
            # column is one of two constants, never user text
            grouped = column.split(".")[1]
            where += f" AND history.rowid IN (SELECT max(rowid) FROM history GROUP BY {grouped})"  # noqa: S608
        if n:
            # Newest first through the (session, line) index, stopping after n.
            rows = self._select(
                where, params, raw=raw, output=output, order="DESC", limit=f"LIMIT {int(n)}"
            )
            return list(reversed(rows))
        # All matches: a plain table scan is twice as fast as walking the index, and
        # sorting the few matches afterwards costs next to nothing.
        rows = self._select(where, params, raw=raw, output=output, order="")
        rows.sort(key=lambda row: (row[0], row[1]))
        return rows

    def _has_index(self) -> bool:
        self.run(lambda connection: None)  # opens the file, which tells
        return self.indexed

    def count(self) -> int:
        return int(self.run(lambda c: c.execute("SELECT count(*) FROM history").fetchone()[0]))

    # ------------------------------------------------------------------ maintenance

    def trim(self, keep: int) -> int:
        """Keep the newest ``keep`` inputs (and their sessions and outputs); return how many went."""

        def do_trim(connection: sqlite3.Connection) -> int:
            total = connection.execute("SELECT count(*) FROM history").fetchone()[0]
            if total <= keep:
                return 0
            connection.execute("BEGIN IMMEDIATE")
            try:
                cutoff = (
                    connection.execute(
                        "SELECT session, line FROM history ORDER BY session DESC, line DESC LIMIT 1 OFFSET ?",
                        (keep - 1,),
                    ).fetchone()
                    if keep > 0
                    else None
                )
                if cutoff is None:
                    connection.execute("DELETE FROM history")
                    connection.execute("DELETE FROM output_history")
                else:
                    session, line = cutoff
                    condition = "session < ? OR (session = ? AND line < ?)"
                    for table in ("history", "output_history"):
                        connection.execute(
                            f"DELETE FROM {table} WHERE {condition}",  # noqa: S608 - constant names
                            (session, session, line),
                        )
                connection.execute(
                    "DELETE FROM sessions WHERE session NOT IN (SELECT DISTINCT session FROM history)"
                )
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
            return int(total - keep)

        removed = self.run(do_trim)
        if removed:
            self.run(lambda c: c.execute("VACUUM"))
        return removed
