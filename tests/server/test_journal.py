"""The execution journal without sockets: limits, the spill, replays."""

from __future__ import annotations

import json

from jovi.server.kernels.frames import KernelFrames
from jovi.server.kernels.journal import ExecutionJournal, OutputLimits


def _message(
    msg_type: str, content: dict, parent: str = "req", channel: str = "iopub"
) -> KernelFrames:
    header = {"msg_id": f"{msg_type}-{id(content)}", "msg_type": msg_type, "session": "k"}
    return KernelFrames(
        channel,
        (json.dumps(header).encode(), json.dumps({"msg_id": parent}).encode(), b"{}",
         json.dumps(content).encode()),
    )  # fmt: skip


def _journal(tmp_path, **limits) -> ExecutionJournal:
    journal = ExecutionJournal(tmp_path / "spill", OutputLimits(**limits), lambda m: f"/spill/{m}")
    request = KernelFrames(
        "shell",
        (json.dumps({"msg_id": "req", "msg_type": "execute_request"}).encode(), b"{}",
         json.dumps({"cellId": "cell-1"}).encode(), json.dumps({"code": "x"}).encode()),
    )  # fmt: skip
    journal.started(request, "tab-1")
    return journal


def _stream(text: str) -> KernelFrames:
    return _message("stream", {"name": "stdout", "text": text})


def test_a_stream_is_cut_at_a_line_within_the_byte_limit(tmp_path):
    journal = _journal(tmp_path, lines=1000, bytes=120)
    sent = journal.passing(_stream("".join(f"{i:03}\n" for i in range(100))), "stream", "req", True)
    head = json.loads(sent[0].parts[3])["text"]
    assert head.endswith("\n")
    assert len(head.encode()) <= 120
    assert sent[1].header()["msg_type"] == "display_data"
    kept = (tmp_path / "spill" / "req.txt").read_text()
    assert head + kept == "".join(f"{i:03}\n" for i in range(100))
    assert journal.passing(_stream("more\n"), "stream", "req", True) == []
    assert (tmp_path / "spill" / "req.txt").read_text().endswith("more\n")


def test_a_rich_output_past_the_limit_is_held_whole_and_an_error_always_passes(tmp_path):
    journal = _journal(tmp_path, lines=10, bytes=50)
    big = _message("display_data", {"data": {"text/plain": "x" * 100}, "metadata": {}})
    sent = journal.passing(big, "display_data", "req", True)
    assert [m.header()["msg_type"] for m in sent] == ["display_data"]
    assert sent[0] is not big  # the notice, not the output
    error = _message("error", {"ename": "E", "evalue": "", "traceback": ["t" * 100]})
    assert journal.passing(error, "error", "req", True) == [error]


def test_the_notice_is_updated_when_the_execution_ends(tmp_path):
    journal = _journal(tmp_path, lines=1, bytes=10_000)
    journal.passing(_stream("a\nb\nc\n"), "stream", "req", True)
    idle = _message("status", {"execution_state": "idle"})
    sent = journal.passing(idle, "status", "req", True)
    assert [m.header()["msg_type"] for m in sent] == ["update_display_data", "status"]
    final = json.loads(sent[0].parts[3])["data"]["application/vnd.jovi.spill+json"]
    assert final == {"url": "/spill/req", "lines": 2, "bytes": len(b"b\nc\n")}
    assert journal.executions["req"].cell_id == "cell-1"
    assert journal.executions["req"].session == "tab-1"


def test_replays_hold_running_and_unattended_executions_once(tmp_path):
    journal = _journal(tmp_path)
    first = _stream("seen live\n")
    journal.passing(first, "stream", "req", True)
    assert journal.replay() == [first]  # running: a new tab gets it
    idle = _message("status", {"execution_state": "idle"})
    journal.passing(idle, "status", "req", True)
    assert journal.replay() == []  # finished while a client watched: nothing to replay
    other = _journal(tmp_path)
    away = _stream("printed while away\n")
    other.passing(away, "stream", "req", False)
    other.passing(idle, "status", "req", False)
    assert other.replay() == [away, idle]
    assert other.replay() == []  # given to one client, which can save it


def test_messages_of_other_requests_pass_untouched(tmp_path):
    journal = _journal(tmp_path, lines=0, bytes=0)
    message = _stream("not from a client's execution\n")
    assert journal.passing(message, "stream", "someone-else", True) == [message]


def test_the_rate_limit_is_off_by_default_and_holds_what_exceeds_it():
    from jovi.server.kernels.ratelimit import IopubRateLimit

    off = IopubRateLimit(0, 0, 3)
    assert all(off.admit(10**6, now=0.0) for _ in range(1000))
    by_count = IopubRateLimit(messages_per_s=10, bytes_per_s=0, window_s=1)
    admitted = [by_count.admit(10, now=0.5) for _ in range(15)]
    assert admitted == [True] * 10 + [False] * 5
    assert by_count.exceeded
    assert by_count.admit(10, now=1.6)  # the window moved on
    by_size = IopubRateLimit(messages_per_s=0, bytes_per_s=100, window_s=2)
    assert by_size.admit(150, now=0.0)
    assert not by_size.admit(100, now=0.1)  # 250 bytes in 2 s > 100/s
    assert by_size.admit(40, now=0.2)


def test_output_held_by_a_rate_limit_is_spilled_like_a_flood(tmp_path):
    journal = _journal(tmp_path)
    first = _stream("passes\n")
    assert journal.passing(first, "stream", "req", True) == [first]
    held = journal.passing(_stream("held\n"), "stream", "req", True, hold=True)
    assert [m.header()["msg_type"] for m in held] == ["display_data"]
    later = journal.passing(_stream("after\n"), "stream", "req", True)
    assert later == []  # once output is held, the rest of the execution is kept too
    assert (tmp_path / "spill" / "req.txt").read_text() == "held\nafter\n"
