"""History search over a SQLite database of many stored lines.

The database is built untimed, with the schema of IPython's history (which jovi's
shell keeps): one session, ``lines`` inputs, one in a hundred of them
mentioning numpy. The timed part is a glob search for ``*numpy*`` over all of them,
with every match read. Peer: ``IPython.core.history.HistoryAccessor``, whose
``search`` ``HistoryManager`` inherits unchanged (the manager itself needs a live
shell and a saving thread, which are not what is measured). jovi:
``jovi.shell.history.HistoryDatabase``, opened in :func:`_jovi_accessor`.
"""

from __future__ import annotations

import importlib
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

PATTERN = "*numpy*"
SCHEMA = (
    (
        "CREATE TABLE sessions (session integer primary key autoincrement, start timestamp,"
        " end timestamp, num_cmds integer, remark text)"
    ),
    (
        "CREATE TABLE history (session integer, line integer, source text, source_raw text,"
        " PRIMARY KEY (session, line))"
    ),
    (
        "CREATE TABLE output_history (session integer, line integer, output text,"
        " PRIMARY KEY (session, line))"
    ),
)


def stored_line(number: int) -> str:
    """The input stored at ``number``: varied code, numpy in one line of a hundred."""
    if number % 100 == 0:
        return f"import numpy as np; a{number} = np.arange({number})"
    shapes = (
        "x{n} = {n} * 2",
        "print('line {n}')",
        "def f{n}(a, b):\n    return a + b + {n}",
        "values = [v ** 2 for v in range({n} % 50)]",
        "%timeit sum(range({n}))",
    )
    return shapes[number % len(shapes)].format(n=number)


def build_database(path: Path, lines: int) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        for statement in SCHEMA:
            db.execute(statement)
        db.execute(
            "INSERT INTO sessions VALUES (1, '2025-01-01 00:00:00', '2025-01-01 01:00:00', ?, '')",
            (lines,),
        )
        db.executemany(
            "INSERT INTO history VALUES (1, ?, ?, ?)",
            ((n, stored_line(n), stored_line(n)) for n in range(1, lines + 1)),
        )


def _peer_accessor(path: Path) -> Any:
    from IPython.core.history import HistoryAccessor

    return HistoryAccessor(hist_file=str(path))


def _jovi_accessor(path: Path) -> Any:
    return importlib.import_module("jovi.shell.history").HistoryDatabase(path)


def _matches(accessor: Any) -> Iterator[object]:
    return iter(accessor.search(PATTERN))


def search(side: str, params: Mapping[str, Any]) -> Metrics:
    with tempfile.TemporaryDirectory(prefix="bench-history-") as directory:
        path = Path(directory) / "history.sqlite"
        build_database(path, params["lines"])
        accessor = _peer_accessor(path) if side == "peer" else _jovi_accessor(path)
        found = len(list(_matches(accessor)))
        if found != params["lines"] // 100:
            raise RuntimeError(f"searching {PATTERN} found {found} lines")
        taken = latencies(
            lambda: list(_matches(accessor)), count=params["count"], warmup=params["warmup"]
        )
    return summary_metrics("search", taken)


if __name__ == "__main__":
    run_driver({"search": search})
