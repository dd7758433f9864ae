"""Requests other than execute, on a kernel served over memory channels."""

from __future__ import annotations

import asyncio

from jovi.kernel.lifecycle import KernelState
from jovi.protocol.comm import CommInfoRequest, CommOpen
from jovi.protocol.control import ShutdownRequest
from jovi.protocol.message import UnknownContent
from jovi.protocol.shell import (
    CompleteRequest,
    ConnectRequest,
    ExecuteRequest,
    HistoryRequest,
    InspectRequest,
    IsCompleteRequest,
    KernelInfoRequest,
)
from tests.kernel.helpers import memory_kernel, types


async def test_kernel_info_says_who_the_kernel_is_on_shell_and_control(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        on_shell, shell_messages = await client.request(KernelInfoRequest())
        on_control, _ = await client.request(KernelInfoRequest(), "control")
    info = on_shell.content
    assert (info.protocol_version, info.implementation) == ("5.3", "jovi")
    assert info.language_info.name == "python"
    assert info.language_info.file_extension == ".py"
    assert "jovi" in info.banner
    assert [link.text for link in info.help_links] == [
        "Python Reference",
        "jovi Documentation",
        "NumPy Reference",
        "SciPy Reference",
        "Matplotlib Reference",
        "SymPy Reference",
        "pandas Reference",
    ]
    assert on_control.content == info
    assert types(shell_messages) == ["status", "status"]  # busy and idle, for readiness checks


async def test_completion_replaces_one_range_and_says_what_each_match_is(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        await client.execute("import os")
        reply, _ = await client.request(CompleteRequest(code="x = os.pa", cursor_pos=9))
    content = reply.content
    assert "path" in content.matches
    assert (content.cursor_start, content.cursor_end) == (7, 9)
    kinds = {item["text"]: item["type"] for item in content.metadata["_jupyter_types_experimental"]}
    assert kinds["path"] == "module"


async def test_inspect_finds_the_callable_around_the_cursor(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        found, _ = await client.request(InspectRequest(code="zip(a, ", cursor_pos=7))
        missing, _ = await client.request(InspectRequest(code="no_such_name", cursor_pos=5))
    assert found.content.found is True
    assert "zip" in found.content.data["text/plain"]
    assert missing.content.found is False
    assert missing.content.data == {}


async def test_is_complete_statuses_and_indent(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        replies = [
            (await client.request(IsCompleteRequest(code=code)))[0].content
            for code in ("x = 1", "def f():", "import = 7q")
        ]
    assert [(r.status, r.indent) for r in replies] == [
        ("complete", None),
        ("incomplete", "    "),
        ("invalid", None),
    ]


async def test_history_reports_the_real_session_number_for_range_and_tail(tmp_path):
    async with memory_kernel(tmp_path) as (kernel, client):
        for code in ("a = 1", "b = 2", "a + b"):
            await client.execute(code)
        tail, _ = await client.request(HistoryRequest(hist_access_type="tail", n=2, output=True))
        session = kernel.shell.history_manager.session_number
        ranged, _ = await client.request(
            HistoryRequest(hist_access_type="range", session=session, start=2, stop=3)
        )
        found, _ = await client.request(HistoryRequest(hist_access_type="search", pattern="a*"))
        bad, _ = await client.request(HistoryRequest(hist_access_type="sideways"))
    assert session > 0
    assert [entry.to_json() for entry in tail.content.history] == [
        [session, 2, ["b = 2", None]],
        [session, 3, ["a + b", "3"]],
    ]
    assert [entry.to_json() for entry in ranged.content.history] == [[session, 2, "b = 2"]]
    assert [entry.source for entry in found.content.history] == ["a = 1", "a + b"]
    assert bad.content.status == "error"
    assert "sideways" in bad.content.evalue


async def test_connect_reply_and_comm_info(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        connect, _ = await client.request(ConnectRequest())
        comms, _ = await client.request(CommInfoRequest())
    assert connect.content.shell_port is None  # a memory kernel has no ports
    assert comms.content.comms == {}


async def test_an_unknown_request_gets_busy_and_idle_and_no_reply(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        unknown = await client.send(UnknownContent(name="teleport_request", data={"to": "mars"}))
        statuses = await client.outputs(unknown)
        info, _ = await client.request(KernelInfoRequest())
        next_on_shell = client._early["shell"]
    assert [m.content.execution_state for m in statuses] == ["busy", "idle"]
    assert info.content.implementation == "jovi"
    assert next_on_shell == []  # nothing answered the unknown request


async def _started(client, request):
    """Wait for the running cell's first printed line (it proves the cell runs)."""
    while True:
        message = await client.receive("iopub")
        if message.parent_msg_id == request.msg_id and message.msg_type == "stream":
            return


async def test_completion_and_inspection_on_control_are_answered_while_code_runs(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        await client.execute("import threading\nanswer = 42\nrelease = threading.Event()")
        running = await client.send(
            ExecuteRequest(code="print('started', flush=True)\nrelease.wait(10)\nlater = 1")
        )
        await _started(client, running)
        completion = await client.send(CompleteRequest(code="ans", cursor_pos=3), "control")
        inspection = await client.send(InspectRequest(code="answer", cursor_pos=6), "control")
        info = await client.send(KernelInfoRequest(), "control")
        first = await client.reply(completion, "control")
        second = await client.reply(inspection, "control")
        control_reply = await client.reply(info, "control")
        await client.send(ExecuteRequest(code="release.set()"), "control")
        execute_reply = await client.reply(running)
        statuses = []
        while not statuses or statuses[-1] != (running.msg_id, "idle"):
            message = await client.receive("iopub")
            if message.msg_type == "status":
                statuses.append((message.parent_msg_id, message.content.execution_state))
    # Each request answered beside the running code is followed by a busy for that code,
    # so a frontend showing the last status it saw still shows the kernel busy.
    assert (running.msg_id, "busy") in statuses[:-1]
    assert statuses[-1] == (running.msg_id, "idle")
    assert first.content.matches == ("answer",)
    assert second.content.found is True
    assert "42" not in second.content.data["text/plain"]  # its value is not computed
    assert control_reply.content.implementation == "jovi"
    assert execute_reply.content.status == "ok"


async def test_replies_on_the_shell_channel_come_in_the_order_of_the_requests(tmp_path):
    # ipykernel's order, which clients reading replies one by one rely on: a request
    # queued behind a running cell is answered after it, even one that needs no shell.
    async with memory_kernel(tmp_path) as (_, client):
        running = await client.send(ExecuteRequest(code="import time\ntime.sleep(0.2)\n1/0"))
        queued = [
            await client.send(KernelInfoRequest()),
            await client.send(CompleteRequest(code="ti", cursor_pos=2)),
            await client.send(InspectRequest(code="print", cursor_pos=5)),
        ]
        replies = [await client.receive("shell") for _ in range(4)]
    assert [r.parent_msg_id for r in replies] == [running.msg_id] + [q.msg_id for q in queued]
    assert [r.content.status for r in replies] == ["error", "ok", "ok", "ok"]


async def test_a_comm_to_an_unknown_target_is_closed_at_once(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        opened = await client.send(CommOpen(comm_id="c1", target_name="nobody"))
        messages = await client.outputs(opened)
    assert types(messages) == ["status", "comm_close", "status"]
    assert messages[1].content.comm_id == "c1"


async def test_comms_opened_by_a_frontend_reach_their_target_and_answer(tmp_path):
    from jovi.protocol.comm import CommClose, CommMsg

    setup = (
        "received = []\n"
        "def target(comm, message):\n"
        "    comm.on_msg(lambda m: (received.append(m['content']['data']), comm.send({'echo': m['content']['data']})))\n"
        "    comm.send({'hello': message['content']['data']})\n"
        "get_ipython().kernel_comm_manager.register_target('echo', target)"
    )
    async with memory_kernel(tmp_path) as (kernel, client):
        kernel.shell.kernel_comm_manager = kernel.comm_manager
        await client.execute(setup)
        opened = await client.send(CommOpen(comm_id="c2", target_name="echo", data={"n": 1}))
        on_open = await client.outputs(opened)
        info, _ = await client.request(CommInfoRequest(target_name="echo"))
        sent = await client.send(CommMsg(comm_id="c2", data={"n": 2}))
        on_message = await client.outputs(sent)
        closed = await client.send(CommClose(comm_id="c2"))
        await client.outputs(closed)
        after, _ = await client.request(CommInfoRequest())
        reply, _ = await client.execute("received", user_expressions={"r": "received"})
    assert [m.content.data for m in on_open if m.msg_type == "comm_msg"] == [{"hello": {"n": 1}}]
    assert {key: value.target_name for key, value in info.content.comms.items()} == {"c2": "echo"}
    assert [m.content.data for m in on_message if m.msg_type == "comm_msg"] == [{"echo": {"n": 2}}]
    assert after.content.comms == {}
    assert reply.content.user_expressions["r"]["data"]["text/plain"] == "[{'n': 2}]"


async def test_shutdown_replies_with_the_restart_flag_and_stops_the_main_loop(tmp_path):
    async with memory_kernel(tmp_path) as (kernel, client):
        reply, messages = await client.request(ShutdownRequest(restart=True), "control")
        assert await asyncio.to_thread(kernel.lifecycle.wait_for, KernelState.STOPPED, 5)
        await asyncio.to_thread(kernel.main_done_event.wait, 5)
        assert kernel.main_done
    assert reply.content.restart is True
    # busy, the reply published for every client (as ipykernel does), idle
    assert types(messages) == ["status", "shutdown_reply", "status"]


async def test_the_comm_package_creates_jovi_comms_for_widget_libraries(tmp_path):
    import comm

    from jovi.kernel.comms import register_with_comm_package

    saved = (comm.create_comm, comm.get_comm_manager)
    try:
        async with memory_kernel(tmp_path) as (kernel, client):
            assert register_with_comm_package(kernel.comm_manager)
            reply, outputs = await client.execute(
                "import comm\n"
                "c = comm.create_comm(target_name='jupyter.widget', data={'state': 1})\n"
                "c.send({'x': 2})\n"
                "c.close()\n"
            )
    finally:
        comm.create_comm, comm.get_comm_manager = saved
    assert reply.content.status == "ok"
    sent = [m for m in outputs if m.msg_type.startswith("comm_")]
    assert [m.msg_type for m in sent] == ["comm_open", "comm_msg", "comm_close"]
    assert sent[0].content.target_name == "jupyter.widget"
    assert sent[0].content.data == {"state": 1}
    assert sent[1].content.data == {"x": 2}
    assert len({m.content.comm_id for m in sent}) == 1
