"""History: input variables, ranges, sessions, %history, concurrency, damaged files, trimming."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.shell.history import HistoryDatabase, HistoryManager, HistoryRange, parse_ranges
from jovi.shell.interactiveshell import InteractiveShell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", [(0, 4, 5)]),
        ("4-6", [(0, 4, 7)]),
        ("4:6", [(0, 4, 6)]),
        ("243/1-5", [(243, 1, 6)]),
        ("~2/7", [(-2, 7, 8)]),
        ("~1/", [(-1, 1, None)]),
        ("~8/1-~6/5", [(-8, 1, None), (-7, 1, None), (-6, 1, 6)]),
        ("3 18-20 ~1/1-5", [(0, 3, 4), (0, 18, 21), (-1, 1, 6)]),
        ("file.py 2 name", [(0, 2, 3)]),
        ("", []),
        ("/", []),
    ],
)
def test_range_syntax(text, expected):
    assert parse_ranges(text) == [HistoryRange(*item) for item in expected]


def test_a_range_ending_before_it_starts_is_an_error():
    with pytest.raises(ValueError, match="start session must come before the end session"):
        parse_ranges("~2/1-~5/3")


def test_input_variables(run, shell):
    run("a = 1")
    run("b = 2")
    run("%pwd" if shell.find_line_magic("pwd") else "c = 3")
    run("_i")
    ns = shell.user_ns
    assert ns["_i1"] == "a = 1"
    assert ns["In"][1] == "a = 1"
    assert ns["_ih"] is ns["In"]
    assert ns["_iii"] == "a = 1"
    assert ns["_ii"] == "b = 2"
    assert ns["_4"] == ns["_i3"]


@pytest.mark.integration
def test_in_holds_the_python_and_underscore_i_what_was_typed(run, shell):
    run("x = !echo hi")
    assert shell.user_ns["In"][1] == "x = get_ipython().getoutput('echo hi')"
    assert shell.user_ns["_i1"] == "x = !echo hi"


def test_exec_of_an_earlier_input_runs_it_again(run, shell):
    run("counter = []")
    run("counter.append(1)")
    run("exec(_i2)")
    run("exec(In[2])")
    assert shell.user_ns["counter"] == [1, 1, 1]


def test_history_magic_options(run, output, tmp_path):
    run("a = 12")
    run("print(a ** 2)")
    run("a")
    output.written.clear()
    run("%history -n 1-3")
    assert output.stdout == "   1: a = 12\n   2: print(a ** 2)\n   3: a\n"
    output.written.clear()
    run("%history")
    assert output.stdout == "a = 12\nprint(a ** 2)\na\n%history -n 1-3\n%history\n"
    output.written.clear()
    run("%history -n -o 3")
    assert output.stdout == "   3: a\n12\n"
    output.written.clear()
    run("%history -p 1")
    assert output.stdout == ">>> a = 12\n"
    output.written.clear()
    run("%history -t 6")
    assert output.stdout == "get_ipython().run_line_magic('history', '-n -o 3')\n"
    run("def f():\n    return 1")
    output.written.clear()
    run("%history -p -n 9")
    assert output.stdout == "   9:\n>>> def f():\n...     return 1\n...\n"
    target = tmp_path / "saved.txt"
    run(f"%history -f {target} 1-2")
    assert target.read_text() == "a = 12\nprint(a ** 2)\n"


def test_history_across_sessions(tmp_path):
    profile = tmp_path / "profile_x"
    first_output = RecordingOutput()
    first = InteractiveShell(output=first_output, profile_dir=profile)
    first.run_cell("alpha = 1", store_history=True)
    first.run_cell("beta = 2  # unique-marker", store_history=True)
    first_session = first.history_manager.session_number
    first.close()

    output = RecordingOutput()
    second = InteractiveShell(output=output, profile_dir=profile)
    try:
        assert second.history_manager.session_number == first_session + 1
        second.run_cell("%history ~1/", store_history=True)
        assert output.stdout == "alpha = 1\nbeta = 2  # unique-marker\n"
        output.written.clear()
        second.run_cell("%history -n ~1/2", store_history=True)
        assert output.stdout == f"{first_session}/2: beta = 2  # unique-marker\n".rjust(
            len(output.stdout)
        )
        output.written.clear()
        second.run_cell("%history -g unique-marker", store_history=True)
        lines = output.stdout.splitlines()
        assert lines[0].strip() == f"{first_session}/2: beta = 2  # unique-marker"
        assert len(lines) == 2  # the search itself matches too
        tail = second.history_manager.get_tail(4, include_latest=True)
        assert [source for _session, _line, source in tail] == [
            "beta = 2  # unique-marker",
            "%history ~1/",
            "%history -n ~1/2",
            "%history -g unique-marker",
        ]
        info = second.history_manager.get_session_info(-1)
        assert info is not None
        assert info[0] == first_session
        assert info[3] == 2
    finally:
        second.close()


def test_history_g_l_shows_the_last_matches_of_every_session(tmp_path):
    profile = tmp_path / "profile_g"
    first = InteractiveShell(output=RecordingOutput(), profile_dir=profile)
    for n in range(1, 4):
        first.run_cell(f"total = {n}", store_history=True)
    first_session = first.history_manager.session_number
    first.close()

    output = RecordingOutput()
    second = InteractiveShell(output=output, profile_dir=profile)
    try:
        second.run_cell("other = 0", store_history=True)
        second.run_cell("total = 4", store_history=True)
        second.run_cell("%history -g total = -l 3", store_history=True)
        assert output.stdout.splitlines() == [
            f"{first_session}/3".rjust(4) + ": total = 3",
            "   2: total = 4",
            "   3: %history -g total = -l 3",
        ]
        output.written.clear()
        second.run_cell("%history 1-2 -g total", store_history=True)  # the range's matches
        assert output.stdout == "   2: total = 4\n"
    finally:
        second.close()


def test_output_history_when_asked(tmp_path):
    profile = tmp_path / "profile_o"
    shell = InteractiveShell(output=RecordingOutput(), profile_dir=profile, config=None)
    shell.history_manager.db_log_output = True
    shell.run_cell("6 * 7", store_history=True)
    session = shell.history_manager.session_number
    shell.close()
    database = HistoryDatabase(profile / "history.sqlite")
    assert database.get_range(session, 1, None, output=True) == [(session, 1, ("6 * 7", "42"))]
    database.close()


def test_unique_search(tmp_path):
    database = HistoryDatabase(tmp_path / "h.sqlite")
    session = database.new_session()
    database.write(session, [(1, "x = 1", "x = 1"), (2, "y", "y"), (3, "x = 1", "x = 1")])
    assert [row[1] for row in database.search("x*")] == [1, 3]
    assert [row[1] for row in database.search("x*", unique=True)] == [3]
    database.close()


def _store_many(path: str, worker: int, count: int) -> None:
    manager = HistoryManager(profile_dir=None, hist_file=path)
    for line in range(1, count + 1):
        manager.store_inputs(line, f"worker{worker} line{line}")
    manager.close()


@pytest.mark.parametrize("round_", range(3))
def test_two_processes_storing_at_once_lose_nothing(tmp_path, round_):
    # A new file each round: both processes set it up at the same moment (WAL switch,
    # tables), where SQLite can answer "database is locked" without waiting.
    path = str(tmp_path / "shared.sqlite")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_store_many, args=(path, index, 1000)) for index in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    connection = sqlite3.connect(path)
    rows = connection.execute("SELECT source FROM history").fetchall()
    connection.close()
    assert len(rows) == 2000
    assert {row[0] for row in rows} == {
        f"worker{w} line{n}" for w in range(2) for n in range(1, 1001)
    }


def test_database_is_locked_is_waited_out_even_when_sqlite_gives_up_at_once(tmp_path):
    database = HistoryDatabase(tmp_path / "h.sqlite")
    calls = []

    def locked_twice(connection):
        calls.append(connection)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert database.run(locked_twice) == "done"
    assert len(calls) == 3

    def broken(connection):
        calls.append(connection)
        raise sqlite3.OperationalError("no such table: nothing")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        database.run(broken)
    assert len(calls) == 4  # other errors are not retried
    database.close()


def test_a_truncated_database_is_moved_aside_and_a_fresh_one_started(tmp_path, caplog):
    profile = tmp_path / "profile_t"
    shell = InteractiveShell(output=RecordingOutput(), profile_dir=profile)
    for index in range(300):
        shell.run_cell(f"x{index} = {index}  # {'padding' * 20}", store_history=True)
    shell.close()
    path = profile / "history.sqlite"
    size = path.stat().st_size
    with path.open("r+b") as stream:
        stream.truncate(size // 3)
    for extra in ("-wal", "-shm"):
        (profile / f"history.sqlite{extra}").unlink(missing_ok=True)

    output = RecordingOutput()
    fresh = InteractiveShell(output=output, profile_dir=profile)
    try:
        fresh.run_cell("y = 1", store_history=True)
        fresh.run_cell("%history -l 3", store_history=True)
        fresh.history_manager.flush()
        assert fresh.user_ns["y"] == 1
        assert output.errors == []
        moved = list(profile.glob("history-corrupt-*.sqlite"))
        assert len(moved) == 1
        assert moved[0].stat().st_size == size // 3
        messages = [r.getMessage() for r in caplog.records if "history database" in r.getMessage()]
        assert len(messages) == 1
        assert f"the history database {path} is damaged" in messages[0]
        assert str(moved[0]) in messages[0]
    finally:
        fresh.close()
    database = HistoryDatabase(path)
    assert [row[2] for row in database.search("y = 1")] == ["y = 1"]
    database.close()


def test_garbage_instead_of_a_database(tmp_path, caplog):
    path = tmp_path / "history.sqlite"
    path.write_bytes(os.urandom(4096))
    database = HistoryDatabase(path)
    session = database.new_session()
    database.write(session, [(1, "ok", "ok")])
    assert database.get_range(session) == [(session, 1, "ok")]
    assert database.moved_aside is not None
    assert "is damaged" in caplog.text
    database.close()


def test_history_can_be_memory_only(tmp_path):
    manager = HistoryManager(profile_dir=tmp_path, hist_file=":memory:")
    manager.store_inputs(1, "a = 1")
    assert manager.get_range(0) == [(0, 1, "a = 1")]
    manager.close()
    assert not (tmp_path / "history.sqlite").exists()
    disabled = HistoryManager(profile_dir=tmp_path, enabled=False)
    disabled.store_inputs(1, "b")
    assert disabled.search("b") == [(0, 1, "b")]
    disabled.close()


@pytest.mark.integration
def test_jovi_history_trim_and_clear(tmp_path, jovi_command):
    jovi_dir = tmp_path / "jd"
    profile = jovi_dir / "profile_default"
    shell = InteractiveShell(output=RecordingOutput(), profile_dir=profile)
    for index in range(30):
        shell.run_cell(f"v = {index}", store_history=True)
    shell.close()
    env = {**os.environ, "JOVI_DIR": str(jovi_dir)}
    trimmed = subprocess.run(
        [*jovi_command, "history", "trim", "--keep", "10", "--backup"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert trimmed.returncode == 0, trimmed.stderr
    assert "Removed 20 of 30 inputs" in trimmed.stdout
    assert (profile / "history.sqlite.old.1").exists()
    database = HistoryDatabase(profile / "history.sqlite")
    assert [row[2] for row in database.get_tail(100)] == [f"v = {index}" for index in range(20, 30)]
    database.close()
    again = subprocess.run(
        [*jovi_command, "history", "trim", "--keep", "10"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "There are already at most 10 entries in the history database." in again.stdout
    cleared = subprocess.run(
        [*jovi_command, "history", "clear"], capture_output=True, text=True, env=env, check=False
    )
    assert cleared.returncode == 0
    database = HistoryDatabase(profile / "history.sqlite")
    assert database.count() == 0
    database.close()


def test_writes_waiting_for_the_database_are_merged_into_one(tmp_path):
    manager = HistoryManager(profile_dir=None, hist_file=str(tmp_path / "h.sqlite"))
    database = manager.database
    calls = []
    original = database.write

    def counting_write(session, inputs=(), outputs=()):
        calls.append(len(list(inputs)))
        return original(session, inputs, outputs)

    database.write = counting_write
    assert manager.session_number > 0  # the session exists before the writer is held up
    gate = threading.Event()
    manager._submit(lambda _db: gate.wait(10))  # the database is busy (another process)
    for line in range(1, 101):
        manager.store_inputs(line, f"x = {line}")
    gate.set()
    manager.close()
    assert sum(calls) == 100
    assert len(calls) == 1  # one transaction for the hundred waiting inputs
    rows = sqlite3.connect(tmp_path / "h.sqlite").execute("SELECT count(*) FROM history")
    assert rows.fetchone()[0] == 100


def test_inputs_are_kept_when_starting_the_session_failed_once(tmp_path, caplog):
    class FlakyDatabase(HistoryDatabase):
        failures = 1

        def new_session(self, started_at=None):
            if FlakyDatabase.failures:
                FlakyDatabase.failures -= 1
                raise sqlite3.OperationalError("database is locked")
            return super().new_session(started_at)

    path = tmp_path / "h.sqlite"
    manager = HistoryManager(profile_dir=None, hist_file=str(path))
    manager.database = FlakyDatabase(path)  # nothing was opened yet: see the test below
    assert manager.session_number == 0  # a session start that fails
    manager.store_inputs(1, "kept = True")
    manager.close()
    rows = sqlite3.connect(path).execute("SELECT source FROM history").fetchall()
    assert rows == [("kept = True",)]


def test_the_database_is_opened_when_the_session_is_first_needed(tmp_path):
    path = tmp_path / "h.sqlite"
    threads = threading.active_count()
    manager = HistoryManager(profile_dir=None, hist_file=str(path))
    constructed = time.time()
    assert not path.exists()
    assert threading.active_count() == threads  # no writer thread yet
    time.sleep(0.05)
    manager.store_inputs(1, "x = 1")
    manager.flush()
    assert path.exists()
    manager.close()
    connection = sqlite3.connect(path)
    (start,) = connection.execute("SELECT start FROM sessions").fetchone()
    # The session began when the shell did, not at its first input.
    started = datetime.datetime.fromisoformat(start).timestamp()
    assert constructed - 1 < started <= constructed + 0.001
    assert connection.execute("SELECT source FROM history").fetchall() == [("x = 1",)]


def test_a_session_that_ran_nothing_leaves_no_row(tmp_path):
    path = tmp_path / "h.sqlite"
    HistoryManager(profile_dir=None, hist_file=str(path)).close()
    assert not path.exists()
    used = HistoryManager(profile_dir=None, hist_file=str(path))
    number = used.session_number  # asking for the number starts the session
    used.close()
    rows = sqlite3.connect(path).execute("SELECT session, num_cmds FROM sessions").fetchall()
    assert rows == [(number, 0)]


def test_reading_the_tail_before_any_input_starts_no_session(tmp_path):
    path = tmp_path / "h.sqlite"
    first = HistoryManager(profile_dir=None, hist_file=str(path))
    first.store_inputs(1, "a = 1")
    first.close()
    reader = HistoryManager(profile_dir=None, hist_file=str(path))
    assert [source for _s, _l, source in reader.get_tail(10, include_latest=True)] == ["a = 1"]
    reader.close()  # as a terminal opened and closed without running anything
    sessions = sqlite3.connect(path).execute("SELECT count(*) FROM sessions").fetchone()[0]
    assert sessions == 1


def test_exit_and_quit_are_not_saved(tmp_path):
    path = tmp_path / "h.sqlite"
    manager = HistoryManager(profile_dir=None, hist_file=str(path))
    for number, line in enumerate(["a = 1", "exit", "quit()", " exit ", "b = 2"], start=1):
        manager.store_inputs(number, line)
    assert manager.input_hist_raw[2] == "exit"  # In[] keeps every number
    manager.close()
    rows = sqlite3.connect(path).execute("SELECT line, source_raw FROM history").fetchall()
    assert rows == [(1, "a = 1"), (5, "b = 2")]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_leaving_never_waits_for_a_writer_that_dies_while_it_waits(tmp_path):
    writing = threading.Event()
    release = threading.Event()

    class Dying(HistoryDatabase):
        def write(self, *args, **kwargs):
            writing.set()
            release.wait(10)
            raise SystemExit  # ends the writer thread, as a broken interpreter can

    path = tmp_path / "h.sqlite"
    manager = HistoryManager(profile_dir=None, hist_file=str(path))
    manager.database = Dying(path)
    manager.store_inputs(1, "x = 1")
    assert writing.wait(10)
    manager.store_inputs(2, "y = 2")  # queued behind the write that will never end well
    closing = threading.Thread(target=manager.close, daemon=True)
    closing.start()
    assert _wait_for(lambda: _waits_in_join(closing)), "close() never waited for the writer"
    release.set()
    closing.join(5)
    assert not closing.is_alive(), "close() still waits for a writer that is gone"


def _waits_in_join(thread: threading.Thread) -> bool:
    """Whether ``thread`` is blocked joining or waiting on threading's primitives now (read
    from its stack): the state a fixed sleep used to assume."""
    frame = sys._current_frames().get(thread.ident or 0)
    while frame is not None:
        if (
            frame.f_code.co_name in {"join", "wait"}
            and frame.f_code.co_filename == threading.__file__
        ):
            return True
        frame = frame.f_back
    return False


def _wait_for(condition, timeout: float = 10.0) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()
