"""Messages to frames and back: layout, identities, buffers, and every way to be refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from jovi.errors import (
    MalformedMessage,
    ReplayedMessage,
    SignatureMismatch,
    UnsupportedProtocolVersion,
)
from jovi.protocol import (
    DELIMITER,
    ExecuteReply,
    ExecuteRequest,
    Header,
    KernelInfoRequest,
    Message,
    Received,
    Session,
    Status,
    Stream,
    UnknownContent,
)
from jovi.protocol.signing import DigestHistory, Signer
from jovi.protocol.wire import decode_parts, encode_parts, from_frames, split_identities, to_frames

KEY = b"secret"
DATE = datetime(2024, 1, 1, 12, 30, 15, 123456, tzinfo=UTC)
HEADER = Header(
    msg_id="m1",
    msg_type="execute_request",
    session="s1",
    username="alice",
    date=DATE,
    version="5.3",
)
REQUEST = Message(HEADER, ExecuteRequest(code="print('é')"))
HEADER_JSON = (
    b'{"msg_id":"m1","msg_type":"execute_request","session":"s1","username":"alice",'
    b'"date":"2024-01-01T12:30:15.123456Z","version":"5.3"}'
)
CONTENT_JSON = (
    b'{"code":"print(\'\xc3\xa9\')","silent":false,"store_history":true,'
    b'"user_expressions":{},"allow_stdin":true,"stop_on_error":true}'
)


def test_the_frames_of_a_message():
    signer = Signer(KEY)
    frames = to_frames(REQUEST, signer, [b"client-1"])
    assert frames == [
        b"client-1",
        DELIMITER,
        signer.sign([HEADER_JSON, b"{}", b"{}", CONTENT_JSON]),
        HEADER_JSON,
        b"{}",
        b"{}",
        CONTENT_JSON,
    ]


def test_frames_round_trip_with_identities_parent_metadata_and_buffers():
    signer = Signer(KEY)
    reply = Message(
        Header(msg_id="m2", msg_type="execute_reply", session="k", username="u", date=DATE),
        ExecuteReply(execution_count=1),
        parent_header=HEADER,
        metadata={"started": "2024-01-01T12:30:15.123456Z"},
        buffers=(b"raw", memoryview(b"view")),
    )
    frames = to_frames(reply, signer, [b"a", b"b"])
    assert from_frames(frames, signer, DigestHistory()) == Received([b"a", b"b"], reply)


def test_buffers_are_not_copied_either_way():
    big = bytearray(b"x" * 1_000_000)
    view = memoryview(big)
    message = Message(
        Header(msg_id="m", msg_type="status", date=DATE), Status(execution_state="idle"),
        buffers=(view,),
    )  # fmt: skip
    frames = to_frames(message, Signer(KEY))
    assert frames[-1] is view
    received = from_frames(frames, Signer(KEY)).message
    assert received.buffers[0] is view
    big[0:1] = b"y"
    assert bytes(received.buffers[0][:1]) == b"y"


def test_buffers_are_not_signed():
    signer = Signer(KEY)
    message = Message(HEADER, REQUEST.content, buffers=(b"one",))
    frames = to_frames(message, signer)
    frames[-1] = b"two"
    assert from_frames(frames, signer).message.buffers == (b"two",)
    assert frames[2] == to_frames(Message(HEADER, REQUEST.content), signer)[2]


def test_frames_may_be_memoryviews_as_a_zero_copy_socket_gives_them():
    signer = Signer(KEY)
    frames = [memoryview(bytes(frame)) for frame in to_frames(REQUEST, signer, [b"id"])]
    assert from_frames(frames, signer) == Received([b"id"], REQUEST)


def test_the_iopub_topic_frame_is_returned_as_an_identity_and_may_be_absent():
    signer = Signer(KEY)
    welcome_like = to_frames(REQUEST, signer)
    assert from_frames(welcome_like, signer).identities == []
    assert from_frames(to_frames(REQUEST, signer, [b"kernel.1.status"]), signer).identities == [
        b"kernel.1.status"
    ]


def test_unknown_message_types_survive_the_round_trip():
    signer = Signer(KEY)
    message = Message(
        Header(msg_id="m", msg_type="usage_request", date=DATE),
        UnknownContent(name="usage_request"),
    )
    assert from_frames(to_frames(message, signer), signer).message == message


def test_a_message_whose_header_and_content_disagree_cannot_be_made():
    with pytest.raises(ValueError, match="the header says 'execute_request'"):
        Message(HEADER, Stream(name="stdout", text=""))


@pytest.mark.parametrize(
    ("frames", "message"),
    [
        ([b"a", b"b"], "no <IDS|MSG> delimiter in 2 frames"),
        ([DELIMITER, b"", b"{}", b"{}", b"{}"], "4 frames after the delimiter"),
        ([DELIMITER, b"", b"{", b"{}", b"{}", b"{}"], "the header frame is not JSON in UTF-8"),
        ([DELIMITER, b"", b"[]", b"{}", b"{}", b"{}"], "the header must be a JSON object, not an array"),
        ([DELIMITER, b"", b"{}", b"{}", b"{}", b"{}"], "header has no 'msg_id'"),
        ([DELIMITER, b"", HEADER_JSON, b"{}", b"\xff", b"{}"], "the metadata frame is not JSON in UTF-8"),
        ([DELIMITER, b"", HEADER_JSON, b'{"msg_id": 1}', b"{}", b"{}"], "parent header.msg_id must be a string"),
        ([DELIMITER, b"", HEADER_JSON, b"{}", b"{}", b"{}"], "execute_request content has no 'code'"),
        (
            [DELIMITER, b"", HEADER_JSON.replace(b"2024-01-01T", b"yesterday "), b"{}", b"{}", CONTENT_JSON],
            "header.date must be an ISO 8601 date, not a string ('yesterday 12:30:15.123456Z')",
        ),
    ],
)  # fmt: skip
def test_malformed_frames_are_refused_with_a_reason(frames, message):
    with pytest.raises(MalformedMessage, match=re.escape(message)):
        from_frames(frames, Signer(b""))


def test_a_malformed_error_names_the_message_when_the_header_was_readable():
    frames = [DELIMITER, b"", HEADER_JSON, b"{}", b"{}", b"{}"]
    with pytest.raises(MalformedMessage) as caught:
        from_frames(frames, Signer(b""))
    assert (caught.value.msg_id, caught.value.msg_type) == ("m1", "execute_request")


def test_signatures_unsigned_tampered_wrong_key_and_replayed():
    signer, history = Signer(KEY), DigestHistory()
    frames = to_frames(REQUEST, signer)
    unsigned = [*frames[:1], b"", *frames[2:]]
    with pytest.raises(SignatureMismatch, match="unsigned"):
        from_frames(unsigned, signer, history)
    tampered = [*frames[:5], frames[5].replace(b"print", b"eval(")]
    with pytest.raises(SignatureMismatch, match="invalid signature"):
        from_frames(tampered, signer, history)
    with pytest.raises(SignatureMismatch, match="invalid signature"):
        from_frames(frames, Signer(b"other"), history)
    from_frames(frames, signer, history)
    with pytest.raises(ReplayedMessage):
        from_frames(frames, signer, history)


def test_refused_signatures_are_not_remembered():
    # Otherwise junk could push genuine signatures out of the history, or a forged
    # copy could make the genuine message look like a replay.
    signer, history = Signer(KEY), DigestHistory()
    frames = to_frames(REQUEST, signer)
    forged = [*frames[:5], b'{"code":"evil"}']
    with pytest.raises(SignatureMismatch):
        from_frames(forged, signer, history)
    assert len(history) == 0
    assert from_frames(frames, signer, history).message == REQUEST


def test_a_signed_message_with_bad_content_still_counts_against_replays():
    signer, history = Signer(KEY), DigestHistory()
    parts = [HEADER_JSON, b"{}", b"{}", b"{}"]
    frames = [DELIMITER, signer.sign(parts), *parts]
    with pytest.raises(MalformedMessage):
        from_frames(frames, signer, history)
    with pytest.raises(ReplayedMessage):
        from_frames(frames, signer, history)


def test_protocol_4_headers_are_refused_unless_reading_4x_is_on():
    old = HEADER_JSON.replace(b'"version":"5.3"', b'"version":"4.1"')
    parts = (old, b"{}", b"{}", CONTENT_JSON)
    with pytest.raises(UnsupportedProtocolVersion, match=r"protocol 4\.1"):
        decode_parts(*parts)
    assert decode_parts(*parts, read_v4=True).header.version == "5.0"
    no_version = HEADER_JSON.replace(b',"version":"5.3"', b"")
    assert decode_parts(no_version, b"{}", b"{}", CONTENT_JSON).header.version is None


def test_encode_parts_refuses_values_without_a_json_form():
    message = Message(HEADER, REQUEST.content, metadata={"when": object()})
    with pytest.raises(MalformedMessage, match="cannot be written as JSON") as caught:
        encode_parts(message)
    assert caught.value.msg_id == "m1"


def test_split_identities():
    assert split_identities([b"a", DELIMITER, b"x"]) == ([b"a"], [b"x"])
    assert split_identities([memoryview(DELIMITER)]) == ([], [])


def test_session_messages_have_fresh_headers_and_parents():
    session = Session(KEY, session_id="sess", username="alice")
    first = session.message(KernelInfoRequest())
    second = session.message(ExecuteRequest(code="1"), parent=first, metadata={"a": 1})
    assert first.header.msg_id != second.header.msg_id
    assert first.header.msg_id.startswith("sess_")
    assert first.header == Header(
        msg_id=first.header.msg_id,
        msg_type="kernel_info_request",
        session="sess",
        username="alice",
        date=first.header.date,
        version="5.3",
    )
    assert first.header.date is not None
    assert first.header.date.tzinfo is not None
    assert second.parent_header == first.header
    assert session.message(Status(execution_state="idle"), parent=first.header).parent_header == (
        first.header
    )


def test_two_sessions_with_one_key_talk_and_replays_are_refused():
    kernel, client = Session(KEY), Session(KEY)
    request = client.message(KernelInfoRequest())
    frames = client.serialize(request, [b"route"])
    assert kernel.deserialize(frames) == Received([b"route"], request)
    with pytest.raises(ReplayedMessage):
        kernel.deserialize(frames)
    with pytest.raises(SignatureMismatch):
        Session(b"other").deserialize(client.serialize(request))


def test_a_parent_header_is_written_the_same_for_every_message_it_causes():
    other = Header(
        msg_id="m9", msg_type="kernel_info_request", session="s2", username="bob", date=DATE
    )
    own = Header(msg_id="k1", msg_type="status", session="k", username="u", date=DATE)
    requests = {"m1": ExecuteRequest(code=""), "m9": KernelInfoRequest()}
    for parent in (HEADER, other, HEADER, other):
        alone = encode_parts(Message(parent, requests[parent.msg_id]))[0]
        for _ in range(2):
            message = Message(own, Status(execution_state="busy"), parent_header=parent)
            assert encode_parts(message)[1] == alone
