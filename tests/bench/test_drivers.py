"""The parts of the drivers that need no peer: result lines, timing, history data, signing,
the server's big notebook and WebSocket framing."""

from __future__ import annotations

import json
import sqlite3
import struct
from contextlib import closing

import pytest

from bench.drivers.common import RESULT_MARKER, latencies, parse_result, summary_metrics
from bench.drivers.floors import message, sign, verified
from bench.drivers.history import PATTERN, build_database
from bench.drivers.server import build_notebook, decode_v1, encode_v1
from jovi.nbformat import find_problems


def test_the_last_result_line_wins_whatever_else_was_printed():
    stdout = f'noise\n{RESULT_MARKER}{{"a": 1}}\nmore noise\n{RESULT_MARKER}{{"a": 2, "b": 0.5}}\n'
    assert parse_result(stdout) == {"a": 2.0, "b": 0.5}


@pytest.mark.parametrize("stdout", ["nothing here\n", f"{RESULT_MARKER}[1, 2]\n"])
def test_no_result_or_a_bad_one_is_an_error(stdout):
    with pytest.raises(ValueError, match="result"):
        parse_result(stdout)


def test_latencies_time_each_call_after_the_warmup():
    calls = []
    taken = latencies(lambda: calls.append(1), count=5, warmup=3)
    assert len(calls) == 8
    assert len(taken) == 5
    assert all(t >= 0 for t in taken)
    assert summary_metrics("x", [3.0, 1.0, 2.0]) == {"x.median": 2.0, "x.p99": 3.0}


def test_the_history_database_has_every_line_and_one_numpy_line_in_a_hundred(tmp_path):
    path = tmp_path / "history.sqlite"
    build_database(path, 1000)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM history").fetchone() == (1000,)
        glob = "SELECT count(*) FROM history WHERE source_raw GLOB ?"
        assert db.execute(glob, (PATTERN,)).fetchone() == (10,)
        # the schema IPython's HistoryAccessor reads
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"sessions", "history", "output_history"} <= tables


def test_a_signed_message_verifies_and_a_tampered_one_does_not():
    signature, *frames = message("execute_request", {"code": "pass"}, {})
    assert len(frames) == 4
    header, parent, metadata, content = verified([signature, *frames])
    assert (header["msg_type"], parent, metadata, content) == (
        "execute_request",
        {},
        {},
        {"code": "pass"},
    )
    assert signature == sign(frames)
    with pytest.raises(ValueError, match="bad signature"):
        verified([signature, *frames[:3], b'{"code": "import os"}'])


def test_the_big_notebook_is_valid_and_about_the_size_asked():
    notebook = build_notebook(1)
    text = json.dumps(notebook, indent=1)
    assert 0.99e6 < len(text) < 1.02e6
    assert (notebook["nbformat"], notebook["nbformat_minor"]) == (4, 5)
    assert not find_problems(notebook)
    streams = [c["outputs"][0] for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(streams) > 100
    assert all(o["output_type"] == "stream" for o in streams)


def test_the_v1_websocket_framing_round_trips():
    data = encode_v1("shell", {"msg_id": "a", "msg_type": "kernel_info_request"}, {"x": [1]})
    (count,) = struct.unpack_from("<Q", data)
    offsets = struct.unpack_from(f"<{count}Q", data, 8)
    assert count == 6
    assert offsets[0] == 8 * 7
    assert offsets[-1] == len(data)
    channel, header, parent, content = decode_v1(data)
    assert channel == "shell"
    assert json.loads(header)["msg_id"] == "a"
    assert (json.loads(parent), json.loads(content)) == ({}, {"x": [1]})
