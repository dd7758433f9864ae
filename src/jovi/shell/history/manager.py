"""The history of a running shell: ``In``, ``_i``, ``_iN`` and the database behind them.

Inputs of the current session are kept in memory (``In``/``_ih`` hold the Python
that ran, ``_iN`` the text as typed) and written to the profile's
``history.sqlite`` by a background thread, so typing never waits for the disk.
``db_cache_size`` batches writes; everything is flushed when the session ends.
Other sessions are read from the database.

The database is opened, and the session's row made (with the time the shell
started), when the session is first needed: its first input, or a question about
its number.  A shell that runs nothing leaves no empty session behind, and starting
a shell costs no SQLite work.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.config import Bool, Configurable, Dict, Int, Str
from jovi.shell.history.ranges import HistoryRange, parse_ranges
from jovi.shell.history.store import MEMORY, HistoryDatabase, Row
from jovi.utils.log import get_logger
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    import queue
    from collections.abc import Callable, Iterator

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["HistoryManager"]

log = get_logger("jovi")

_SESSION_WAIT_S = 30.0
# Longer than the database's busy timeout: a flush outlasts a colleague's long write.
_FLUSH_WAIT_S = 60.0
_LIVENESS_CHECK_S = 0.1
GATHER_S = 0.05
"""How long a write waits for the writes that follow it, in seconds (see ``_Writer``)."""
# Leaving is not worth recalling: these inputs stay in In[] but are not saved.
_NOT_SAVED = frozenset({"exit", "quit", "exit()", "quit()"})


def _warn(message: str) -> None:
    """A warning that cannot fail (a broken interpreter may break logging too)."""
    with contextlib.suppress(Exception):  # nothing left to report with
        log.warning("%s", message)


class _Write:
    """A job that stores inputs and outputs of the session; queued ones are merged."""

    __slots__ = ("inputs", "manager", "outputs")

    def __init__(
        self,
        manager: HistoryManager,
        inputs: list[tuple[int, str, str]],
        outputs: list[tuple[int, str]],
    ) -> None:
        self.manager = manager
        self.inputs = inputs
        self.outputs = outputs

    def __call__(self, database: HistoryDatabase) -> None:
        session = self.manager.ensure_session(database)
        if session:
            database.write(session, self.inputs, self.outputs)


class _Writer:
    """Runs database operations, in order, off the thread that runs user code.

    Writes waiting in the queue are merged into one transaction: under load (another
    shell or kernel writing to the same file) a burst of cells costs one wait for the
    database lock, not one per cell.  A write waits :data:`GATHER_S` for the writes
    that follow it (cells run back to back by a notebook or a script), so that the
    writer works once per burst, not beside every cell; :meth:`hurry` ends the wait
    (a flush, the end of the session).
    """

    def __init__(self, database: HistoryDatabase) -> None:
        self.database = database
        # Internal: it imports sqlite3 while a debugger may stop threads.
        self._threads = OwnedThreads("the history writer")
        import queue  # noqa: PLC0415 - a shell that runs nothing never needs it

        self.jobs: queue.Queue[Callable[[HistoryDatabase], object] | None] = queue.Queue()
        self._hurry = threading.Event()

    def start(self) -> None:
        self._threads.start(self.run, name="jovi-history-writer")

    def is_alive(self) -> bool:
        return bool(self._threads.alive())

    def join(self, timeout: float) -> None:
        self._threads.join(timeout)

    def hurry(self) -> None:
        """Write what waits now (no more gathering)."""
        self._hurry.set()

    def run(self) -> None:
        job = self.jobs.get()
        while True:
            taken = 1
            following: Callable[[HistoryDatabase], object] | None = None
            has_following = False
            try:
                if job is None:
                    return
                if isinstance(job, _Write):
                    if self._hurry.wait(GATHER_S):
                        self._hurry.clear()
                    job, following, has_following, merged = self._merge(job)
                    taken += merged
                job(self.database)
            except Exception as error:  # noqa: BLE001 - history must never take the shell down
                _warn(f"could not save history to {self.database.path}: {error}")
            finally:
                for _ in range(taken):
                    self.jobs.task_done()
            job = following if has_following else self.jobs.get()

    def _merge(
        self, first: _Write
    ) -> tuple[_Write, Callable[[HistoryDatabase], object] | None, bool, int]:
        """``first`` with the writes queued right behind it; the next other job, if one
        was taken out of the queue; how many writes were merged in."""
        inputs, outputs = list(first.inputs), list(first.outputs)
        merged = 0
        while True:
            if self.jobs.empty():  # this thread is the only reader: get_nowait will not fail
                return _Write(first.manager, inputs, outputs), None, False, merged
            nxt = self.jobs.get_nowait()
            if not isinstance(nxt, _Write) or nxt.manager is not first.manager:
                # Taken out of the queue, so it runs next (and is marked done then).
                return _Write(first.manager, inputs, outputs), nxt, True, merged
            inputs += nxt.inputs
            outputs += nxt.outputs
            merged += 1


class HistoryManager(Configurable):
    """The input and output history of the shell, in memory and in SQLite."""

    # IPython's history options belong to HistoryAccessor, HistoryManager's base there.
    config_aliases = ("HistoryAccessor",)

    enabled = Bool(
        True, help="Save the history in the profile's history.sqlite (False: memory only)."
    )
    hist_file = Str(
        "",
        help="The history database file; ':memory:' keeps it in memory.",
        default_text="'' (the profile's history.sqlite)",
    )
    db_cache_size = Int(
        0,
        min=0,
        help="How many inputs to collect before writing them (0: write each at once, in the background).",
    )
    db_log_output = Bool(False, help="Also save the text of each output.")
    connection_options = Dict({}, help="Extra keyword arguments for sqlite3.connect.")

    def __init__(
        self,
        *,
        shell: InteractiveShell | None = None,
        profile_dir: Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.shell = shell
        self.input_hist_parsed: list[str] = [""]
        self.input_hist_raw: list[str] = [""]
        self.output_hist: dict[int, Any] = {}
        self.output_hist_reprs: dict[int, str] = {}
        self.dir_hist: list[str] = []
        self._pending_inputs: list[tuple[int, str, str]] = []
        self._pending_outputs: list[tuple[int, str]] = []
        self._last_inputs = ["", "", "", ""]  # _i00 (this cell), _i, _ii, _iii
        self._session: int | None = None
        self._session_ready = threading.Event()
        self._started_at = time.time()
        path = self.hist_file or (
            str(profile_dir / "history.sqlite") if profile_dir is not None else MEMORY
        )
        self.database: HistoryDatabase | None = (
            HistoryDatabase(
                Path(path).expanduser() if path != MEMORY else MEMORY, self.connection_options
            )
            if self.enabled
            else None
        )
        self._writer: _Writer | None = None
        self._closed = False
        if self.database is not None:
            atexit.register(self.close)
        else:
            self._session = 0
            self._session_ready.set()

    # ------------------------------------------------------------------ sessions

    def ensure_session(self, database: HistoryDatabase) -> int | None:
        """The session's number, starting it if needed (on the writer thread).

        Starting again after a failure (a database locked for longer than the busy
        timeout) is how inputs are never dropped for that.
        """
        if self._session is None and self.database is not None:
            try:
                self._session = database.new_session(self._started_at)
            finally:
                self._session_ready.set()
        return self._session

    @property
    def session_number(self) -> int:
        """The database id of this session (0 when history is not saved)."""
        if self._session is None and not self._session_ready.is_set():
            self._submit(self.ensure_session)
        self._session_ready.wait(_SESSION_WAIT_S)
        return self._session or 0

    def _submit(self, job: Callable[[HistoryDatabase], object]) -> None:
        if self.database is None or self._closed:
            return
        if self._writer is None:
            self._writer = _Writer(self.database)
            self._writer.start()
        self._writer.jobs.put(job)

    def flush(self) -> None:
        """Write everything pending and wait until it is written.

        Never waits forever: a writer that died (user code can break the interpreter
        it runs in) or that is stuck past :data:`_FLUSH_WAIT_S` is reported once.
        """
        self._write_pending()
        writer = self._writer
        if writer is None:
            return
        writer.hurry()
        jobs = writer.jobs
        deadline = time.monotonic() + _FLUSH_WAIT_S
        with jobs.all_tasks_done:
            while jobs.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if not writer.is_alive() or remaining <= 0:
                    _warn(
                        f"the history of this session could not all be saved to {writer.database.path}"
                    )
                    return
                jobs.all_tasks_done.wait(min(remaining, _LIVENESS_CHECK_S))

    def _write_pending(self) -> None:
        inputs, self._pending_inputs = self._pending_inputs, []
        outputs, self._pending_outputs = self._pending_outputs, []
        if inputs or outputs:
            self._submit(_Write(self, inputs, outputs))

    def end_session(self) -> None:
        """Record the end of this session (its number of inputs) and flush."""
        count = len(self.input_hist_parsed) - 1
        self._write_pending()

        def finish(database: HistoryDatabase) -> None:
            if self._session:
                database.end_session(self._session, count)

        self._submit(finish)
        self.flush()

    def reset(self, *, new_session: bool = True) -> None:
        """Forget the in-memory history; with ``new_session``, start a new database session."""
        if new_session:
            self.end_session()
        self.input_hist_parsed[:] = [""]
        self.input_hist_raw[:] = [""]
        self.output_hist.clear()
        self.output_hist_reprs.clear()
        self._last_inputs = ["", "", "", ""]
        if new_session and self.database is not None:
            # end_session flushed every write of the old session: none can race this.
            self._session = None
            self._session_ready.clear()
            self._started_at = time.time()

    def close(self) -> None:
        """End the session and stop the writer (safe to call twice)."""
        if self._closed:
            return
        if self.database is not None:
            if self._writer is not None or self._pending_inputs or self._pending_outputs:
                self.end_session()
            self._closed = True
            if self._writer is not None:
                self._writer.jobs.put(None)
                self._writer.hurry()
                self._writer.join(10)
            self.database.close()
        self._closed = True
        atexit.unregister(self.close)

    # ------------------------------------------------------------------ storing

    def store_inputs(self, line_num: int, source: str, source_raw: str | None = None) -> None:
        """Remember input ``line_num``: its Python ``source`` and what was typed."""
        raw = source if source_raw is None else source_raw
        source, raw = source.rstrip("\n"), raw.rstrip("\n")
        while len(self.input_hist_parsed) < line_num:
            self.input_hist_parsed.append("")
            self.input_hist_raw.append("")
        self.input_hist_parsed[line_num:] = [source]
        self.input_hist_raw[line_num:] = [raw]
        current, previous, second = self._last_inputs[:3]
        self._last_inputs = [raw, current, previous, second]
        if self.shell is not None:
            names = {"_i": current, "_ii": previous, "_iii": second, f"_i{line_num}": raw}
            self.shell.user_ns.update(names)
            self.shell.hide_names(*names)
        if self.database is not None and raw.strip() not in _NOT_SAVED:
            self._pending_inputs.append((line_num, source, raw))
            if len(self._pending_inputs) > self.db_cache_size:
                self._write_pending()

    def store_output(self, line_num: int, text: str) -> None:
        """Remember the text of output ``line_num`` (saved only with ``db_log_output``)."""
        self.output_hist_reprs[line_num] = text
        if self.database is not None and self.db_log_output:
            self._pending_outputs.append((line_num, text))
            if len(self._pending_outputs) > self.db_cache_size:
                self._write_pending()

    # ------------------------------------------------------------------ reading

    def _current(self, start: int, stop: int | None, *, raw: bool, output: bool) -> list[Row]:
        source = self.input_hist_raw if raw else self.input_hist_parsed
        stop = len(source) if stop is None else min(stop, len(source))
        rows: list[Row] = []
        for line in range(max(start, 1), stop):
            text = source[line]
            rows.append((0, line, (text, self.output_hist_reprs.get(line)) if output else text))
        return rows

    def _absolute(self, session: int) -> int:
        return self.session_number + session if session <= 0 else session

    def get_range(
        self,
        session: int = 0,
        start: int = 1,
        stop: int | None = None,
        *,
        raw: bool = True,
        output: bool = False,
    ) -> list[Row]:
        """Lines ``start`` to ``stop`` (exclusive) of a session (0 current, -1 previous ...)."""
        absolute = self._absolute(session)
        if session == 0 or absolute == self.session_number:
            return self._current(start, stop, raw=raw, output=output)
        if self.database is None:
            return []
        self.flush()
        return self.database.get_range(absolute, start, stop, raw=raw, output=output)

    def get_range_by_str(self, text: str, *, raw: bool = True, output: bool = False) -> list[Row]:
        """The lines of every range in ``text`` (the range syntax), in order."""
        return [
            row
            for found in self._ranges(text)
            for row in self.get_range(
                found.session, found.start, found.stop, raw=raw, output=output
            )
        ]

    def _ranges(self, text: str) -> Iterator[HistoryRange]:
        yield from parse_ranges(text)

    def get_tail(
        self, n: int = 10, *, raw: bool = True, output: bool = False, include_latest: bool = False
    ) -> list[Row]:
        """The last ``n`` lines across sessions (without the one running unless asked)."""
        current = self._current(1, None, raw=raw, output=output)
        if not include_latest and current:
            current = current[:-1]
        # Before the first input the session need not exist: every stored line is older
        # (the terminal reads its Up-arrow history this way without starting one).
        started = self._session is not None or len(self.input_hist_parsed) > 1
        session = self.session_number if started else 0
        current = [(session, line, value) for _s, line, value in current]
        if len(current) >= n or self.database is None:
            return current[-n:] if n else []
        self.flush()
        older = self.database.get_tail(
            n - len(current), raw=raw, output=output, before_session=session or None
        )
        return older + current

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
        """Lines of every session matching the glob ``pattern``, oldest first."""
        if self.database is None:
            import fnmatch  # noqa: PLC0415 - only for history kept in memory

            source = self.input_hist_raw if search_raw else self.input_hist_parsed
            rows = [
                row
                for row in self._current(1, None, raw=raw, output=output)
                if fnmatch.fnmatchcase(source[row[1]], pattern)
            ]
            return rows[-n:] if n else rows
        self.flush()
        return self.database.search(
            pattern, raw=raw, search_raw=search_raw, output=output, n=n, unique=unique
        )

    def get_session_info(self, session: int = 0) -> tuple[Any, ...] | None:
        """``(session, start, end, num_cmds, remark)`` of a session."""
        if self.database is None:
            return None
        self.flush()
        return self.database.session_info(self._absolute(session))
