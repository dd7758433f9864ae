"""Protocol 4.x messages read as 5.x , and protocol version checks."""

from __future__ import annotations

import pytest

from jovi.errors import UnsupportedProtocolVersion
from jovi.protocol import (
    ClearOutput,
    CompleteReply,
    CompleteRequest,
    DisplayData,
    ErrorOutput,
    ExecuteInput,
    ExecuteReply,
    ExecuteRequest,
    ExecuteResult,
    InspectReply,
    InspectRequest,
    KernelInfoReply,
    LanguageInfo,
    Status,
    Stream,
    check_protocol_version,
)
from jovi.protocol.adapter import is_protocol_4, upgrade
from jovi.protocol.codec import dumps
from jovi.protocol.wire import decode_parts

V4_HEADER = {"msg_id": "m", "session": "s", "username": "u", "msg_type": ""}

CASES = [
    (
        "execute_request",
        {"code": "x", "silent": False, "user_variables": ["a", "b"], "user_expressions": {}},
        ExecuteRequest(code="x", user_expressions={"a": "a", "b": "b"}),
    ),
    (
        "execute_reply",
        {
            "status": "ok",
            "execution_count": 2,
            "payload": [{"source": "page", "text": "help!"}],
            "user_variables": {"a": "1"},
            "user_expressions": {"b": "2"},
        },
        ExecuteReply(
            execution_count=2,
            payload=({"source": "page", "data": {"text/plain": "help!"}},),
            user_expressions={
                "a": {"status": "ok", "data": {"text/plain": "1"}, "metadata": {}},
                "b": {"status": "ok", "data": {"text/plain": "2"}, "metadata": {}},
            },
        ),
    ),
    ("execute_reply", {"status": "abort"}, ExecuteReply(status="aborted")),
    (
        "kernel_info_reply",
        {
            "protocol_version": [4, 1],
            "ipython_version": [2, 4, 1, ""],
            "language_version": [2, 7, 6],
            "language": "python",
        },
        KernelInfoReply(
            protocol_version="4.1",
            implementation="ipython",
            implementation_version="2.4.1",
            language_info=LanguageInfo(name="python", version="2.7.6"),
        ),
    ),
    ("pyin", {"code": "1", "execution_count": 1}, ExecuteInput(code="1", execution_count=1)),
    (
        "pyout",
        {"execution_count": 1, "data": {"text/plain": "1"}, "metadata": {}},
        ExecuteResult(execution_count=1, data={"text/plain": "1"}),
    ),
    (
        "pyerr",
        {"ename": "E", "evalue": "v", "traceback": ["t"]},
        ErrorOutput(ename="E", evalue="v", traceback=("t",)),
    ),
    (
        "display_data",
        {"source": "display", "data": {"application/json": '{"a": [1]}'}, "metadata": {}},
        DisplayData(data={"application/json": {"a": [1]}}),
    ),
    (
        "display_data",
        {"source": "d", "data": {"application/json": "not json"}, "metadata": {}},
        DisplayData(data={"application/json": "not json"}),
    ),
    ("stream", {"name": "stdout", "data": "hi\n"}, Stream(name="stdout", text="hi\n")),
    (
        "complete_request",
        {"text": "a.is", "line": "x = a.is", "block": None, "cursor_pos": 8},
        CompleteRequest(code="x = a.is", cursor_pos=8),
    ),
    (
        "complete_reply",
        {"matches": ["a.isdigit"], "matched_text": "a.is", "status": "ok"},
        CompleteReply(matches=("a.isdigit",), cursor_start=-4, cursor_end=None),
    ),
    (
        "object_info_request",
        {"oname": "zip", "detail_level": 0},
        InspectRequest(code="zip", cursor_pos=3),
    ),
    (
        "object_info_reply",
        {
            "name": "zip",
            "found": True,
            "definition": "zip(*iterables)",
            "docstring": "Pair things.",
            "status": "ok",
        },
        InspectReply(found=True, data={"text/plain": "zip(*iterables)\nPair things."}),
    ),
    ("object_info_reply", {"name": "nope", "found": False}, InspectReply(found=False)),
    (
        "clear_output",
        {"stdout": True, "stderr": True, "display": True},
        ClearOutput(wait=False),
    ),
    ("status", {"execution_state": "idle"}, Status(execution_state="idle")),
]


@pytest.mark.parametrize(("msg_type", "content", "expected"), CASES)
def test_protocol_4_messages_are_read_as_their_5x_equivalents(msg_type, content, expected):
    header = dumps({**V4_HEADER, "msg_type": msg_type})
    parent = dumps({**V4_HEADER, "msg_type": "execute_request"})
    message = decode_parts(header, parent, b"{}", dumps(content), read_v4=True)
    assert message.content == expected
    assert message.header.version == "5.0"
    assert message.header.date is None


def test_parent_headers_are_renamed_too_and_the_input_is_not_changed():
    header = {**V4_HEADER, "msg_type": "pyout", "version": "4.1"}
    parent = {**V4_HEADER, "msg_type": "object_info_request"}
    content = {"execution_count": 1, "data": {}, "metadata": {}}
    new_header, new_parent, new_content = upgrade(header, parent, content)
    assert (new_header["msg_type"], new_parent["msg_type"]) == ("execute_result", "inspect_request")
    assert header["msg_type"] == "pyout"
    assert new_content == content
    assert new_content is not content


@pytest.mark.parametrize(
    ("header", "missing_means_4", "expected"),
    [
        ({"version": "4.1"}, False, True),
        ({"version": "5.3"}, True, False),
        ({"version": "5.0"}, False, False),
        ({}, True, True),
        ({}, False, False),
        ({"version": "x"}, True, False),
    ],
)
def test_which_headers_are_protocol_4(header, missing_means_4, expected):
    assert is_protocol_4(header, missing_means_4=missing_means_4) is expected


@pytest.mark.parametrize(
    ("version", "read_v4", "expected"),
    [("5.3", False, (5, 3)), ("5", False, (5, 0)), ("6.1", False, (6, 1)), ([4, 1], True, (4, 1))],
)
def test_protocol_versions_jovi_can_talk_to(version, read_v4, expected):
    assert check_protocol_version(version, read_v4=read_v4) == expected


@pytest.mark.parametrize(
    ("version", "read_v4", "message"),
    [
        ("4.1", False, "the kernel speaks protocol 4.1; jovi speaks 5.x"),
        ("3.0", True, "the kernel speaks protocol 3.0"),
        ("banana", False, "'banana' is not a protocol version"),
        (None, False, "None is not a protocol version"),
    ],
)
def test_protocol_versions_jovi_cannot_talk_to(version, read_v4, message):
    with pytest.raises(UnsupportedProtocolVersion, match=message):
        check_protocol_version(version, read_v4=read_v4)
