"""jovi's wire format agrees with the real jupyter_client (a test peer), byte for byte.

Signatures, frames and connection files made by one side are read by the other, for
several signature schemes and keys; tampered and replayed frames are refused by both.
"""

from __future__ import annotations

import json
import stat

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.adapter import adapt
from jupyter_client.connect import write_connection_file as jc_write_connection_file
from jupyter_client.session import Session as JupyterSession

from jovi.client.connection_file import read_connection_file, write_connection_file
from jovi.errors import ReplayedMessage, SignatureMismatch
from jovi.protocol import (
    CommMsg,
    ConnectionInfo,
    DisplayData,
    ExecuteRequest,
    HelpLink,
    KernelInfoReply,
    LanguageInfo,
    Session,
    Status,
    Stream,
    decode_content,
)

pytestmark = pytest.mark.interop

SCHEMES = ["hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5"]
KEYS = [b"a0436f6c-1916-498b-8eb9-e81ab9368e84", "clé secrète ✓".encode(), b""]

CONTENTS = [
    ExecuteRequest(code="print('naïve → ✓')", user_expressions={"x": "x"}),
    Stream(name="stdout", text="日本語\n"),
    DisplayData(data={"text/html": "<b>é</b>", "application/json": {"a": [1, 2.5, None]}}),
    Status(execution_state="idle"),
    CommMsg(comm_id="c1", data={"method": "update", "buffer_paths": [["x"]]}),
    KernelInfoReply(
        protocol_version="5.3",
        implementation="jovi",
        implementation_version="0.1",
        language_info=LanguageInfo(name="python", version="3.11", file_extension=".py"),
        banner="hi",
        help_links=(HelpLink(text="Python", url="https://docs.python.org"),),
    ),
]


def pairs():
    return [(key, scheme) for key in KEYS for scheme in SCHEMES]


@pytest.mark.parametrize(("key", "scheme"), pairs())
def test_both_sign_the_same_frames_with_the_same_signature(key, scheme):
    ours = Session(key, signature_scheme=scheme)
    theirs = JupyterSession(key=key, signature_scheme=scheme)
    for content in CONTENTS:
        parts = list(ours.serialize(ours.message(content))[2:6])
        assert ours.signer.sign(parts) == theirs.sign(parts)


@pytest.mark.parametrize(("key", "scheme"), pairs())
def test_frames_from_jupyter_client_are_read_by_jovi(key, scheme):
    ours = Session(key, signature_scheme=scheme)
    theirs = JupyterSession(key=key, signature_scheme=scheme, username="alice")
    parent = theirs.msg("execute_request", content={"code": "1"})
    for content in CONTENTS:
        msg = theirs.msg(content.msg_type, content=content.to_json(), parent=parent)
        frames = theirs.serialize(msg, ident=[b"route"])
        frames.append(b"raw \x00 buffer")
        identities, message = ours.deserialize(frames)
        assert identities == [b"route"]
        assert message.content == content
        assert message.buffers == (b"raw \x00 buffer",)
        header = message.header
        assert (header.msg_id, header.msg_type, header.session, header.username) == (
            msg["header"]["msg_id"],
            content.msg_type,
            theirs.session,
            "alice",
        )
        assert header.date == msg["header"]["date"]
        assert header.version == msg["header"]["version"]
        assert message.parent_header is not None
        assert message.parent_header.msg_id == parent["header"]["msg_id"]


@pytest.mark.parametrize(("key", "scheme"), pairs())
def test_frames_from_jovi_are_read_by_jupyter_client(key, scheme):
    ours = Session(key, signature_scheme=scheme, username="bob")
    theirs = JupyterSession(key=key, signature_scheme=scheme)
    parent = ours.message(ExecuteRequest(code="1"))
    for content in CONTENTS:
        message = ours.message(
            content, parent=parent, metadata={"m": "é"}, buffers=[memoryview(b"buf")]
        )
        identities, rest = theirs.feed_identities(ours.serialize(message, [b"id"]))
        msg = theirs.deserialize(rest)
        assert identities == [b"id"]
        assert msg["content"] == content.to_json()
        assert msg["metadata"] == {"m": "é"}
        assert [bytes(buffer) for buffer in msg["buffers"]] == [b"buf"]
        assert msg["header"]["date"] == message.header.date
        assert msg["header"]["msg_id"] == message.header.msg_id
        assert msg["header"]["username"] == "bob"
        assert msg["parent_header"]["msg_id"] == parent.header.msg_id
        assert msg["msg_type"] == content.msg_type


def test_tampered_and_replayed_frames_are_refused_both_ways():
    key = b"shared"
    ours, theirs = Session(key), JupyterSession(key=key)

    frames = theirs.serialize(theirs.msg("execute_request", content={"code": "1+1"}))
    tampered = [*frames[:-1], frames[-1].replace(b"1+1", b"1+2")]
    with pytest.raises(SignatureMismatch):
        ours.deserialize(tampered)
    with pytest.raises(SignatureMismatch):
        ours.deserialize([*frames[:1], b"", *frames[2:]])
    ours.deserialize(frames)
    with pytest.raises(ReplayedMessage):
        ours.deserialize(frames)

    frames = ours.serialize(ours.message(ExecuteRequest(code="1+1")))
    tampered = [*frames[:-1], frames[-1].replace(b"1+1", b"1+2")]
    with pytest.raises(ValueError, match="Invalid Signature"):
        theirs.deserialize(theirs.feed_identities(tampered)[1])
    with pytest.raises(ValueError, match="Unsigned Message"):
        theirs.deserialize(theirs.feed_identities([*frames[:1], b"", *frames[2:]])[1])
    # jupyter_client remembered the signature of the tampered copy (the messaging protocol's signing rules
    # [impl]), so to it the genuine message now looks replayed; jovi does not do that
    # (above, the genuine frames were accepted after the tampered ones).
    with pytest.raises(ValueError, match="Duplicate Signature"):
        theirs.deserialize(theirs.feed_identities(frames)[1])
    fresh = JupyterSession(key=key)
    fresh.deserialize(fresh.feed_identities(frames)[1])
    with pytest.raises(ValueError, match="Duplicate Signature"):
        fresh.deserialize(fresh.feed_identities(frames)[1])


def test_a_message_signed_with_another_key_is_refused_by_jovi():
    frames = JupyterSession(key=b"theirs").serialize(JupyterSession(key=b"x").msg("status"))
    with pytest.raises(SignatureMismatch):
        Session(b"ours").deserialize(frames)


def test_a_connection_file_written_by_jovi_loads_in_jupyter_client(tmp_path):
    info = ConnectionInfo(
        shell_port=5001,
        iopub_port=5002,
        stdin_port=5003,
        control_port=5004,
        hb_port=5005,
        key="clé",
        signature_scheme="hmac-sha512",
        kernel_name="jovi",
    )
    path = write_connection_file(tmp_path / "kernel-jovi.json", info)
    client = BlockingKernelClient(connection_file=str(path))
    client.load_connection_file()
    assert (
        client.shell_port,
        client.iopub_port,
        client.stdin_port,
        client.control_port,
        client.hb_port,
    ) == (5001, 5002, 5003, 5004, 5005)
    assert (client.ip, client.transport) == ("127.0.0.1", "tcp")
    assert client.session.key == "clé".encode()
    assert client.session.signature_scheme == "hmac-sha512"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_connection_file_written_by_jupyter_client_loads_in_jovi(tmp_path):
    fname, _ = jc_write_connection_file(
        str(tmp_path / "kernel-jc.json"),
        shell_port=6001,
        iopub_port=6002,
        stdin_port=6003,
        hb_port=6004,
        control_port=6005,
        ip="127.0.0.1",
        key=b"k3y",
        transport="ipc",
        kernel_name="python3",
    )
    assert read_connection_file(fname) == ConnectionInfo(
        transport="ipc",
        shell_port=6001,
        iopub_port=6002,
        stdin_port=6003,
        hb_port=6004,
        control_port=6005,
        key="k3y",
        kernel_name="python3",
    )
    assert json.loads((tmp_path / "kernel-jc.json").read_text())["key"] == "k3y"


V4_MESSAGES = [
    ("pyout", {"execution_count": 1, "data": {"text/plain": "1"}, "metadata": {}}),
    ("stream", {"name": "stdout", "data": "hi"}),
    ("complete_reply", {"matches": ["a.isdigit"], "matched_text": "a.is", "status": "ok"}),
    ("display_data", {"source": "s", "data": {"application/json": '{"a": 1}'}, "metadata": {}}),
]


@pytest.mark.parametrize(("msg_type", "content"), V4_MESSAGES)
def test_the_4x_adapter_agrees_with_jupyter_clients(msg_type, content):
    from jovi.protocol.adapter import upgrade

    header = {"msg_id": "m", "msg_type": msg_type, "session": "s", "username": "u"}
    theirs = adapt(
        {"header": dict(header), "parent_header": {}, "metadata": {}, "content": dict(content)}
    )
    new_header, _, new_content = upgrade(header, {}, content)
    assert new_header["msg_type"] == theirs["header"]["msg_type"]
    assert decode_content(new_header["msg_type"], new_content) == decode_content(
        theirs["header"]["msg_type"], theirs["content"]
    )
