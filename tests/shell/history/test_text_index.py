"""The history's text index: trigram search that finds exactly what a scan finds."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jovi.shell.history import HistoryDatabase
from jovi.shell.history.store import SCHEMA_VERSION, trigram_query

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("pattern", "query"),
    [
        ("*numpy*", '"mpy" AND "num" AND "ump"'),
        ("*np*", None),  # no run of three: the index cannot narrow it
        ("*", None),
        ("ab?cd*", None),
        ("abc?de", '"abc"'),
        ("*x[abc]yz*", None),  # a set breaks the run; "yz" is two characters
        ("*[]]abcd", '"abc" AND "bcd"'),  # "]" first in a set belongs to it
        ('*say "hi"*', '" ""h" AND """hi" AND "ay " AND "hi""" AND "say" AND "y """'),
    ],
)
def test_the_trigrams_of_a_glob(pattern, query):
    assert trigram_query(pattern) == query


def _integrity(path: Path) -> None:
    """FTS5's own check of the index against the history table (raises if out of step)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "INSERT INTO history_text(history_text, rank) VALUES ('integrity-check', 1)"
        )


def test_the_index_follows_every_write_replace_and_trim(tmp_path):
    path = tmp_path / "history.sqlite"
    db = HistoryDatabase(path)
    session = db.new_session()
    db.write(session, [(1, "import numpy", "import numpy"), (2, "x = 1", "x = 1")])
    db.write(session, [(1, "import pandas", "import pandas")])  # written again (REPLACE)
    assert db.indexed
    _integrity(path)
    with closing(sqlite3.connect(path)) as connection:
        found = connection.execute(
            "SELECT count(*) FROM history_text WHERE history_text MATCH '\"mpy\"'"
        ).fetchone()[0]
    assert found == 0  # the replaced line left the index
    assert db.search("*pandas*") == [(session, 1, "import pandas")]
    later = db.new_session()
    db.write(later, [(n, f"value_{n} = {n}", f"value_{n} = {n}") for n in range(1, 50)])
    assert db.trim(10) > 0
    _integrity(path)
    assert [line for _, line, _ in db.search("*value_*")] == list(range(40, 50))
    db.close()


def test_an_older_file_gets_its_index_once_and_ipython_still_reads_and_writes_it(tmp_path):
    from IPython.core.history import HistoryAccessor

    path = tmp_path / "history.sqlite"
    with closing(sqlite3.connect(path)) as connection, connection:  # as IPython makes it
        connection.execute(
            "CREATE TABLE sessions (session integer primary key autoincrement, start timestamp,"
            " end timestamp, num_cmds integer, remark text)"
        )
        connection.execute(
            "CREATE TABLE history (session integer, line integer, source text,"
            " source_raw text, PRIMARY KEY (session, line))"
        )
        connection.execute(
            "CREATE TABLE output_history (session integer, line integer, output text,"
            " PRIMARY KEY (session, line))"
        )
        connection.execute("INSERT INTO sessions (start) VALUES ('2025-01-01 00:00:00')")
        connection.executemany(
            "INSERT INTO history VALUES (1, ?, ?, ?)",
            [(n, f"line_{n}", f"line_{n}") for n in range(1, 101)],
        )
    db = HistoryDatabase(path)
    assert [line for _, line, _ in db.search("*line_5*")] == [5, *range(50, 60)]
    db.close()
    _integrity(path)
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        # IPython writes the file too: the triggers keep the index in step.
        connection.execute("INSERT INTO history VALUES (1, 101, 'line_5000', 'line_5000')")
        connection.commit()
    _integrity(path)
    accessor = HistoryAccessor(hist_file=str(path))
    assert [line for _, line, _ in accessor.search("*line_50*")] == [50, 101]
    accessor.db.close()


_TEXT = st.text(alphabet="abcnumpy_ *?[]\"'é", max_size=12)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(_TEXT, min_size=1, max_size=30), pattern=_TEXT)
def test_a_search_finds_exactly_what_a_scan_finds(tmp_path_factory, lines, pattern):
    path = tmp_path_factory.mktemp("history") / "history.sqlite"
    db = HistoryDatabase(path)
    session = db.new_session()
    db.write(session, [(n, text, text) for n, text in enumerate(lines, 1)])
    with closing(sqlite3.connect(path)) as connection:
        scanned = connection.execute(
            "SELECT session, line, source_raw FROM history WHERE source_raw GLOB ?"
            " ORDER BY session, line",
            (pattern,),
        ).fetchall()
    assert db.search(pattern) == scanned
    assert db.search(pattern, n=2) == scanned[-2:]
    db.close()
