"""Every message type of protocol 5.3: its wire JSON and its typed content, both ways."""

from __future__ import annotations

import pytest

from jovi.errors import MalformedMessage
from jovi.protocol import (
    ClearOutput,
    CommClose,
    CommInfo,
    CommInfoReply,
    CommInfoRequest,
    CommMsg,
    CommOpen,
    CompleteReply,
    CompleteRequest,
    ConnectReply,
    ConnectRequest,
    CreateSubshellReply,
    CreateSubshellRequest,
    DebugEvent,
    DebugReply,
    DebugRequest,
    DeleteSubshellReply,
    DeleteSubshellRequest,
    DisplayData,
    ErrorOutput,
    ExecuteInput,
    ExecuteReply,
    ExecuteRequest,
    ExecuteResult,
    HelpLink,
    HistoryEntry,
    HistoryReply,
    HistoryRequest,
    InputReply,
    InputRequest,
    InspectReply,
    InspectRequest,
    InterruptReply,
    InterruptRequest,
    IopubWelcome,
    IsCompleteReply,
    IsCompleteRequest,
    KernelInfoReply,
    KernelInfoRequest,
    LanguageInfo,
    ListSubshellReply,
    ListSubshellRequest,
    ShutdownReply,
    ShutdownRequest,
    Status,
    Stream,
    UnknownContent,
    UpdateDisplayData,
    content_class,
    decode_content,
    known_msg_types,
)

PNG = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}

# (wire JSON as a kernel or client writes it, the typed content jovi decodes it into)
CASES = [
    (
        {
            "code": "1+1",
            "silent": False,
            "store_history": True,
            "user_expressions": {"x": "x"},
            "allow_stdin": False,
            "stop_on_error": True,
        },
        ExecuteRequest(code="1+1", user_expressions={"x": "x"}, allow_stdin=False),
    ),
    (
        {"status": "ok", "execution_count": 3, "payload": [], "user_expressions": {}},
        ExecuteReply(execution_count=3),
    ),
    (
        {
            "status": "error",
            "ename": "ZeroDivisionError",
            "evalue": "division by zero",
            "traceback": ["Traceback", "ZeroDivisionError: division by zero"],
            "execution_count": 4,
            "payload": [],
            "user_expressions": {},
        },
        ExecuteReply(
            status="error",
            ename="ZeroDivisionError",
            evalue="division by zero",
            traceback=("Traceback", "ZeroDivisionError: division by zero"),
            execution_count=4,
        ),
    ),
    (
        {
            "status": "ok",
            "execution_count": 1,
            "payload": [{"source": "page", "data": PNG, "start": 0}],
            "user_expressions": {},
        },
        ExecuteReply(execution_count=1, payload=({"source": "page", "data": PNG, "start": 0},)),
    ),
    (
        {"code": "zip", "cursor_pos": 3, "detail_level": 1},
        InspectRequest(code="zip", cursor_pos=3, detail_level=1),
    ),
    (
        {"status": "ok", "found": True, "data": {"text/plain": "zip(*iterables)"}, "metadata": {}},
        InspectReply(found=True, data={"text/plain": "zip(*iterables)"}),
    ),
    ({"code": "zi", "cursor_pos": 2}, CompleteRequest(code="zi", cursor_pos=2)),
    (
        {"status": "ok", "matches": ["zip"], "cursor_start": 0, "cursor_end": 2, "metadata": {}},
        CompleteReply(matches=("zip",), cursor_start=0, cursor_end=2),
    ),
    (
        {"hist_access_type": "tail", "output": False, "raw": True, "n": 3, "unique": False},
        HistoryRequest(hist_access_type="tail", n=3),
    ),
    (
        {
            "hist_access_type": "search",
            "output": True,
            "raw": False,
            "n": 2,
            "pattern": "1?2*",
            "unique": True,
        },
        HistoryRequest(
            hist_access_type="search", output=True, raw=False, n=2, pattern="1?2*", unique=True
        ),
    ),
    (
        {
            "hist_access_type": "range",
            "output": False,
            "raw": True,
            "session": -1,
            "start": 0,
            "stop": 5,
            "unique": False,
        },
        HistoryRequest(hist_access_type="range", session=-1, start=0, stop=5),
    ),
    (
        {"status": "ok", "history": [[1, 1, "a = 1"], [1, 2, ["a", "1"]], [1, 3, ["pass", None]]]},
        HistoryReply(
            history=(
                HistoryEntry(1, 1, "a = 1"),
                HistoryEntry(1, 2, "a", "1", with_output=True),
                HistoryEntry(1, 3, "pass", None, with_output=True),
            )
        ),
    ),
    ({"code": "def f():"}, IsCompleteRequest(code="def f():")),
    (
        {"status": "incomplete", "indent": "    "},
        IsCompleteReply(status="incomplete", indent="    "),
    ),
    ({"status": "complete"}, IsCompleteReply(status="complete")),
    ({}, ConnectRequest()),
    (
        {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "hb_port": 4, "control_port": 5},
        ConnectReply(shell_port=1, iopub_port=2, stdin_port=3, hb_port=4, control_port=5),
    ),
    ({}, KernelInfoRequest()),
    (
        {
            "status": "ok",
            "protocol_version": "5.3",
            "implementation": "jovi",
            "implementation_version": "0.1.0",
            "language_info": {
                "name": "python",
                "version": "3.11.7",
                "mimetype": "text/x-python",
                "file_extension": ".py",
                "pygments_lexer": "ipython3",
                "codemirror_mode": {"name": "ipython", "version": 3},
                "nbconvert_exporter": "python",
            },
            "banner": "Python 3.11",
            "help_links": [{"text": "Python", "url": "https://docs.python.org/3"}],
            "supported_features": [],
        },
        KernelInfoReply(
            protocol_version="5.3",
            implementation="jovi",
            implementation_version="0.1.0",
            language_info=LanguageInfo(
                name="python",
                version="3.11.7",
                mimetype="text/x-python",
                file_extension=".py",
                pygments_lexer="ipython3",
                codemirror_mode={"name": "ipython", "version": 3},
                nbconvert_exporter="python",
            ),
            banner="Python 3.11",
            help_links=(HelpLink(text="Python", url="https://docs.python.org/3"),),
            supported_features=(),
        ),
    ),
    ({"restart": True}, ShutdownRequest(restart=True)),
    ({"status": "ok", "restart": False}, ShutdownReply()),
    ({}, InterruptRequest()),
    ({"status": "ok"}, InterruptReply()),
    ({}, CreateSubshellRequest()),
    ({"status": "ok", "subshell_id": "s1"}, CreateSubshellReply(subshell_id="s1")),
    ({"subshell_id": "s1"}, DeleteSubshellRequest(subshell_id="s1")),
    ({"status": "ok"}, DeleteSubshellReply()),
    ({}, ListSubshellRequest()),
    ({"status": "ok", "subshell_id": ["s1", "s2"]}, ListSubshellReply(subshell_id=("s1", "s2"))),
    (
        {"type": "request", "seq": 1, "command": "debugInfo"},
        DebugRequest(body={"type": "request", "seq": 1, "command": "debugInfo"}),
    ),
    (
        {"type": "response", "success": True, "body": {"isStarted": False}},
        DebugReply(body={"type": "response", "success": True, "body": {"isStarted": False}}),
    ),
    (
        {"type": "event", "event": "stopped", "body": {"threadId": 1}},
        DebugEvent(body={"type": "event", "event": "stopped", "body": {"threadId": 1}}),
    ),
    ({"execution_state": "busy"}, Status(execution_state="busy")),
    ({"name": "stdout", "text": "hello, world\n"}, Stream(name="stdout", text="hello, world\n")),
    (
        {"data": PNG, "metadata": {"image/png": {"width": 640}}, "transient": {}},
        DisplayData(data=PNG, metadata={"image/png": {"width": 640}}),
    ),
    (
        {"data": {"text/plain": "2"}, "metadata": {}, "transient": {"display_id": "d1"}},
        UpdateDisplayData(data={"text/plain": "2"}, transient={"display_id": "d1"}),
    ),
    ({"code": "1+1", "execution_count": 7}, ExecuteInput(code="1+1", execution_count=7)),
    (
        {"data": {"text/plain": "2"}, "metadata": {}, "transient": {}, "execution_count": 7},
        ExecuteResult(execution_count=7, data={"text/plain": "2"}),
    ),
    (
        {"ename": "NameError", "evalue": "x", "traceback": ["NameError: x"]},
        ErrorOutput(ename="NameError", evalue="x", traceback=("NameError: x",)),
    ),
    ({"wait": True}, ClearOutput(wait=True)),
    ({"subscription": ""}, IopubWelcome()),
    ({"prompt": "name? ", "password": False}, InputRequest(prompt="name? ")),
    ({"value": "bob"}, InputReply(value="bob")),
    (
        {
            "comm_id": "c1",
            "target_name": "jupyter.widget",
            "data": {"state": {}},
            "target_module": "ipywidgets",
        },
        CommOpen(
            comm_id="c1",
            target_name="jupyter.widget",
            data={"state": {}},
            target_module="ipywidgets",
        ),
    ),
    (
        {"comm_id": "c1", "data": {"method": "update"}},
        CommMsg(comm_id="c1", data={"method": "update"}),
    ),
    ({"comm_id": "c1", "data": {}}, CommClose(comm_id="c1")),
    ({"target_name": "jupyter.widget"}, CommInfoRequest(target_name="jupyter.widget")),
    (
        {"status": "ok", "comms": {"c1": {"target_name": "jupyter.widget"}}},
        CommInfoReply(comms={"c1": CommInfo(target_name="jupyter.widget")}),
    ),
]

# Every message type of the messaging protocol that jovi types (5.3, plus iopub_welcome).
SPEC_TYPES = {
    "execute_request", "execute_reply", "inspect_request", "inspect_reply",
    "complete_request", "complete_reply", "history_request", "history_reply",
    "is_complete_request", "is_complete_reply", "connect_request", "connect_reply",
    "comm_info_request", "comm_info_reply", "kernel_info_request", "kernel_info_reply",
    "shutdown_request", "shutdown_reply", "interrupt_request", "interrupt_reply",
    "debug_request", "debug_reply", "debug_event", "status", "execute_input", "stream",
    "display_data", "update_display_data", "execute_result", "error", "clear_output",
    "iopub_welcome", "input_request", "input_reply", "comm_open", "comm_msg", "comm_close",
    "create_subshell_request", "create_subshell_reply", "delete_subshell_request",
    "delete_subshell_reply", "list_subshell_request", "list_subshell_reply",
}  # fmt: skip


def test_every_message_type_of_the_spec_has_a_class_and_a_case():
    assert known_msg_types() == SPEC_TYPES
    assert {content.msg_type for _, content in CASES} == SPEC_TYPES


@pytest.mark.parametrize(("wire", "content"), CASES, ids=[c.msg_type for _, c in CASES])
def test_wire_json_decodes_into_the_typed_content_and_back(wire, content):
    assert decode_content(content.msg_type, wire) == content
    assert content.to_json() == wire
    assert type(content) is content_class(content.msg_type)


def test_unknown_types_decode_whole_and_encode_unchanged():
    data = {"subshell_id": "s1", "nested": {"a": [1, 2]}}
    content = decode_content("future_subshell_request", data)
    assert content == UnknownContent(name="future_subshell_request", data=data)
    assert content.msg_type == "future_subshell_request"
    assert content.to_json() == data


def test_fields_jovi_does_not_know_are_kept_for_the_round_trip():
    # ipykernel's error execute_reply carries engine_info; kernel_info may carry debugger.
    wire = {"status": "ok", "execution_count": 1, "payload": [], "user_expressions": {}}
    wire |= {"engine_info": {"engine_uuid": "e"}}
    content = decode_content("execute_reply", wire)
    assert content == ExecuteReply(execution_count=1, extra={"engine_info": {"engine_uuid": "e"}})
    assert content.to_json() == wire


def test_aborted_and_error_replies_decode_without_the_fields_of_a_success():
    assert decode_content("execute_reply", {"status": "aborted"}) == ExecuteReply(status="aborted")
    assert decode_content(
        "complete_reply", {"status": "error", "ename": "E", "evalue": "v", "traceback": []}
    ) == CompleteReply(status="error", ename="E", evalue="v", traceback=())
    assert not ExecuteReply(status="aborted").ok
    assert ExecuteReply().ok


def test_null_means_not_given_for_fields_with_defaults():
    assert decode_content("execute_request", {"code": "x", "silent": None}) == ExecuteRequest(
        code="x"
    )


def test_the_display_id_of_display_messages():
    assert UpdateDisplayData(data={}, transient={"display_id": "d"}).display_id == "d"
    assert DisplayData(data={}).display_id is None


BAD = [
    ("execute_request", {"silent": True}, "execute_request content has no 'code'"),
    (
        "execute_request",
        {"code": 1},
        "execute_request content.code must be a string, not an integer (1)",
    ),
    (
        "execute_request",
        {"code": "x", "silent": "yes"},
        "execute_request content.silent must be a boolean, not a string ('yes')",
    ),
    (
        "execute_input",
        {"code": "x", "execution_count": True},
        "execute_input content.execution_count must be an integer, not a boolean (True)",
    ),
    (
        "execute_request",
        {"code": "x", "user_expressions": {"a": 1}},
        "execute_request content.user_expressions['a'] must be a string, not an integer (1)",
    ),
    ("stream", ["stdout"], "stream content must be an object, not an array"),
    (
        "kernel_info_reply",
        {"language_info": {"name": None}},
        "kernel_info_reply content.language_info.name must be a string, not null",
    ),
    (
        "complete_reply",
        {"matches": ["a", 2]},
        "complete_reply content.matches[1] must be a string, not an integer (2)",
    ),
    (
        "complete_reply",
        {"matches": "zip"},
        "complete_reply content.matches must be an array of strings, not a string ('zip')",
    ),
    (
        "execute_request",
        {"code": "x", "user_expressions": []},
        "execute_request content.user_expressions must be an object of strings, not an array",
    ),
    ("my_type", [], "my_type content must be an object, not an array"),
    ("debug_request", "x", "debug_request content must be an object, not a string ('x')"),
]


@pytest.mark.parametrize(("msg_type", "wire", "message"), BAD)
def test_bad_content_is_refused_with_the_path_of_the_bad_value(msg_type, wire, message):
    with pytest.raises(MalformedMessage) as caught:
        decode_content(msg_type, wire)
    assert str(caught.value) == message


def test_types_of_protocols_built_on_this_one_decode_but_are_not_the_specs():
    from jovi.parallel.messages import ApplyRequest  # registers the parallel types
    from jovi.protocol.message import content_class

    assert content_class("apply_request") is ApplyRequest
    assert known_msg_types() == SPEC_TYPES
