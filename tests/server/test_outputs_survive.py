"""Beyond Jupyter: outputs survive closing the tab, and floods never reach the browser
whole (the rest is kept by the server)."""

from __future__ import annotations

import json
import time

import pytest

from jovi.server.kernels.journal import SPILL_MIME
from tests.server.conftest import start_server
from tests.server.test_kernels import Channels, _execute, _start

pytestmark = pytest.mark.integration

COUNTER = "import time\nfor i in range(30):\n    print(i, flush=True)\n    time.sleep(1)"


def _stdout_until_idle(channels: Channels, msg_id: str, timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        message = channels.receive(deadline - time.monotonic())
        if message["parent_header"].get("msg_id") != msg_id or message["channel"] != "iopub":
            continue
        kind = message["header"]["msg_type"]
        if kind == "stream":
            lines += message["content"]["text"].splitlines()
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            return lines


def _run_to_idle(channels: Channels, code: str) -> tuple[list[str], list[dict]]:
    """Run ``code``; its stdout lines and the flood notices the client got, once idle."""
    msg_id = channels.send(_execute(code, channels.session))
    passed: list[str] = []
    notices: list[dict] = []
    while True:
        message = channels.receive()
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if kind == "stream":
            passed += message["content"]["text"].splitlines()
        elif kind in ("display_data", "update_display_data"):
            notices.append(message["content"])
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            return passed, notices


def test_a_30_s_counter_closed_at_5_s_and_opened_at_20_s_has_every_line_once(server):
    """The issue's acceptance, literally: the tab closes at 5 s, another opens at 20 s."""
    kernel = _start(server)
    first = Channels(server, kernel["id"])
    started = time.monotonic()
    msg_id = first.send(_execute(COUNTER, first.session))
    while time.monotonic() - started < 5:
        first.receive()
    first.close()
    time.sleep(max(0.0, 20 - (time.monotonic() - started)))
    later = Channels(server, kernel["id"])  # a new tab: a new session id
    try:
        lines = _stdout_until_idle(later, msg_id)
    finally:
        later.close()
    assert lines == [str(i) for i in range(30)]
    executions = server.get(f"/api/kernels/{kernel['id']}/executions").json()
    assert [(e["msg_id"], e["status"]) for e in executions] == [(msg_id, "done")]


def test_a_tab_opened_after_the_cell_finished_unattended_gets_its_outputs_once(server):
    kernel = _start(server)
    first = Channels(server, kernel["id"])
    msg_id = first.send(
        _execute("import time\ntime.sleep(1)\nprint('done while away')", first.session)
    )
    first.receive()
    first.close()
    _wait_until_done(server, kernel["id"], msg_id)  # the cell finished while no tab was open
    second = Channels(server, kernel["id"])
    try:
        assert _stdout_until_idle(second, msg_id) == ["done while away"]
    finally:
        second.close()
    third = Channels(server, kernel["id"])  # the second tab has it (and can save it)
    try:
        follow_up = third.send(_execute("print('next')", third.session))
        messages = []
        while True:
            message = third.receive()
            messages.append(message)
            if (
                message["parent_header"].get("msg_id") == follow_up
                and message["header"]["msg_type"] == "status"
                and message["content"]["execution_state"] == "idle"
            ):
                break
        assert not [m for m in messages if m["parent_header"].get("msg_id") == msg_id]
    finally:
        third.close()


def test_a_flood_reaches_clients_up_to_the_limit_and_the_rest_is_kept(server_root, tmp_path):
    running, client = start_server(server_root, tmp_path, output_limit_lines=100)
    try:
        kernel = _start(client)
        channels = Channels(client, kernel["id"])
        try:
            passed, notices = _run_to_idle(channels, "for i in range(5000):\n    print(i)")
        finally:
            channels.close()
        assert 0 < len(passed) <= 100
        assert passed == [str(i) for i in range(len(passed))]
        assert len(notices) == 2  # one notice, updated with the final counts at the end
        assert notices[0]["transient"]["display_id"] == notices[1]["transient"]["display_id"]
        final = notices[1]["data"][SPILL_MIME]
        assert final["lines"] == 5000 - len(passed)
        assert "kept by the server" in notices[1]["data"]["text/plain"]
        spill = client.get(final["url"])
        assert spill.status == 200
        kept = spill.body.decode().splitlines()
        assert passed + kept == [str(i) for i in range(5000)]  # nothing lost, in order
        listed = client.get(f"/api/kernels/{kernel['id']}/executions").json()
        assert listed[0]["spilled"]["lines"] == len(kept)
    finally:
        running.stop()


def test_an_execution_without_a_flood_has_no_spill(server):
    kernel = _start(server)
    channels = Channels(server, kernel["id"])
    try:
        msg_id = channels.send(_execute("print('small')", channels.session))
        channels.until_reply(msg_id)
    finally:
        channels.close()
    reply = server.get(f"/api/kernels/{kernel['id']}/executions/{msg_id}/spill")
    assert reply.status == 404
    assert json.loads(reply.body)["message"] == "That execution held no output back."


def test_jupyter_servers_rate_limits_when_set_hold_back_without_losing(server_root, tmp_path):
    running, client = start_server(
        server_root, tmp_path, iopub_data_rate_limit=2000.0, rate_limit_window=1.0
    )
    try:
        kernel = _start(client)
        channels = Channels(client, kernel["id"])
        try:
            code = "for i in range(400):\n    print(i, 'x' * 100, flush=True)"
            passed, notices = _run_to_idle(channels, code)
            url = notices[-1]["data"][SPILL_MIME]["url"] if notices else ""
        finally:
            channels.close()
        assert url, "the rate limit held nothing back"
        kept = client.get(url).body.decode().splitlines()
        assert passed + kept == [f"{i} {'x' * 100}" for i in range(400)]
    finally:
        running.stop()


def _wait_until_done(server, kernel_id: str, msg_id: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        executions = server.get(f"/api/kernels/{kernel_id}/executions").json()
        if (msg_id, "done") in [(e["msg_id"], e["status"]) for e in executions]:
            return
        assert time.monotonic() < deadline, f"the cell did not finish: {executions}"
        time.sleep(0.05)
