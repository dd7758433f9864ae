"""Properties of the frame codec, checked on generated messages and garbage (hypothesis)."""

from __future__ import annotations

import contextlib
from datetime import UTC

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jovi.protocol.message as message_module
from jovi.errors import (
    MalformedMessage,
    ReplayedMessage,
    SignatureMismatch,
    UnsupportedProtocolVersion,
)
from jovi.protocol import (
    DELIMITER,
    CommOpen,
    DisplayData,
    ExecuteReply,
    ExecuteRequest,
    Header,
    HelpLink,
    HistoryEntry,
    HistoryReply,
    KernelInfoReply,
    LanguageInfo,
    Message,
    Received,
    Stream,
    UnknownContent,
    codec,
    known_msg_types,
)
from jovi.protocol.signing import DigestHistory, Signer
from jovi.protocol.wire import from_frames, to_frames

text = st.text(max_size=20)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
json_objects = st.dictionaries(text, json_values, max_size=4)
# Keys no content class declares, so they land in `extra`.
extras = st.dictionaries(text.map(lambda key: "x-" + key), json_values, max_size=2)
maybe_text = st.none() | text

contents = st.one_of(
    st.builds(
        ExecuteRequest,
        code=text,
        silent=st.booleans(),
        store_history=st.booleans(),
        user_expressions=st.dictionaries(text, text, max_size=3),
        allow_stdin=st.booleans(),
        stop_on_error=st.booleans(),
        extra=extras,
    ),
    st.builds(
        ExecuteReply,
        status=st.sampled_from(["ok", "error", "aborted"]),
        ename=maybe_text,
        evalue=maybe_text,
        traceback=st.none() | st.lists(text, max_size=3).map(tuple),
        execution_count=st.none() | st.integers(0, 10**9),
        payload=st.lists(json_objects, max_size=2).map(tuple),
        user_expressions=json_objects,
        extra=extras,
    ),
    st.builds(Stream, name=st.sampled_from(["stdout", "stderr"]), text=st.text(), extra=extras),
    st.builds(DisplayData, data=json_objects, metadata=json_objects, transient=json_objects),
    st.builds(
        HistoryReply,
        history=st.lists(
            st.builds(
                HistoryEntry,
                st.integers(-5, 5),
                st.integers(0, 100),
                text,
                maybe_text,
                st.booleans(),
            ).filter(lambda entry: entry.with_output or entry.output is None),
            max_size=3,
        ).map(tuple),
    ),
    st.builds(
        KernelInfoReply,
        protocol_version=text,
        implementation=text,
        language_info=st.none()
        | st.builds(
            LanguageInfo,
            name=text,
            version=text,
            codemirror_mode=st.none() | text | json_objects,
            extra=extras,
        ),
        help_links=st.lists(st.builds(HelpLink, text=text, url=text), max_size=2).map(tuple),
        supported_features=st.none() | st.lists(text, max_size=2).map(tuple),
    ),
    st.builds(
        CommOpen, comm_id=text, target_name=text, data=json_objects, target_module=maybe_text
    ),
    st.builds(
        UnknownContent,
        # Not a type with a content class: the spec's, or one another protocol built on
        # this one registered (jovi.parallel's queue_request, once imported in the process).
        name=st.text(min_size=1, max_size=20).filter(
            lambda name: name not in known_msg_types() and name not in message_module._registry
        ),
        data=json_objects,
    ),
)

headers = st.builds(
    Header,
    msg_id=st.text(min_size=1, max_size=40),
    msg_type=text,
    session=text,
    username=text,
    date=st.none() | st.datetimes(timezones=st.just(UTC)),
    version=st.sampled_from(["5.3", "5.0", "5.5", "6.0"]),
    subshell_id=maybe_text,
    extra=extras,
)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    content = draw(contents)
    header = msgspec.structs.replace(draw(headers), msg_type=content.msg_type)
    return Message(
        header,
        content,
        draw(st.none() | headers),
        draw(json_objects),
        draw(st.lists(st.binary(max_size=32), max_size=3).map(tuple)),
    )


identities = st.lists(st.binary(max_size=8).filter(lambda ident: ident != DELIMITER), max_size=3)
signers = st.builds(
    Signer,
    key=st.binary(max_size=16),
    scheme=st.sampled_from(["hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5"]),
)


@settings(max_examples=120)
@given(messages(), identities, signers)
def test_frames_round_trip(message, idents, signer):
    frames = to_frames(message, signer, idents)
    assert from_frames(frames, signer, DigestHistory()) == Received(idents, message)


@settings(max_examples=120)
@given(messages(), st.data())
def test_any_change_to_one_byte_of_a_signed_frame_is_refused(message, data):
    signer = Signer(b"a key", "hmac-sha256")
    frames = to_frames(message, signer)
    index = data.draw(st.integers(1, 5), label="frame (1 = signature)")
    frame = bytearray(frames[index])
    position = data.draw(st.integers(0, len(frame) - 1), label="byte")
    frame[position] = data.draw(
        st.integers(0, 255).filter(lambda byte: byte != frame[position]), label="new byte"
    )
    tampered = [*frames[:index], bytes(frame), *frames[index + 1 :]]
    with pytest.raises(SignatureMismatch):
        from_frames(tampered, signer, DigestHistory())


@settings(max_examples=40)
@given(messages(), identities)
def test_a_replayed_message_is_refused_even_with_other_identities(message, idents):
    signer, history = Signer(b"a key"), DigestHistory()
    frames = to_frames(message, signer)
    from_frames(frames, signer, history)
    with pytest.raises(ReplayedMessage):
        from_frames([*idents, *frames], signer, history)


@settings(max_examples=300)
@given(st.lists(st.binary(max_size=40), max_size=10), st.booleans())
def test_random_frames_raise_protocol_errors_and_nothing_else(frames, with_delimiter):
    if with_delimiter:
        frames = [*frames[:2], DELIMITER, *frames[2:]]
    for signer in (Signer(b"key"), Signer(b"")):
        with contextlib.suppress(MalformedMessage, SignatureMismatch):
            from_frames(frames, signer, DigestHistory())


message_types = st.sampled_from(sorted(known_msg_types())) | st.sampled_from(
    ["pyin", "pyout", "pyerr", "object_info_reply", "complete_reply", "unknown"]
)
header_like = st.fixed_dictionaries(
    {},
    optional={
        "msg_id": text | json_values,
        "msg_type": message_types | json_values,
        "session": json_values,
        "date": st.sampled_from(["2024-01-01T00:00:00Z", "nonsense"]) | json_values,
        "version": st.sampled_from(["5.3", "4.1", "3", "x"]) | json_values,
    },
)


@settings(max_examples=200)
@given(
    header_like,
    st.dictionaries(text, json_values, max_size=3) | json_values,
    json_objects | json_values,
    st.booleans(),
)
def test_well_framed_nonsense_is_malformed_or_read_and_nothing_else(
    header, parent, content, read_v4
):
    # Unsigned (no key), so the decoding itself is exercised.
    parts = [codec.dumps(header), codec.dumps(parent), b"{}", codec.dumps(content)]
    try:
        received = from_frames([DELIMITER, b"", *parts], Signer(b""), read_v4=read_v4)
    except (MalformedMessage, UnsupportedProtocolVersion):
        return
    assert received.message.content.msg_type == received.message.header.msg_type


@settings(max_examples=100)
@given(message_types, json_objects)
def test_protocol_4_content_of_any_shape_is_read_or_refused_cleanly(msg_type, content):
    header = {"msg_id": "m", "msg_type": msg_type, "session": "s", "username": "u"}
    parts = [codec.dumps(header), b"{}", b"{}", codec.dumps(content)]
    # Never UnsupportedProtocolVersion (reading 4.x is on), nor anything but protocol errors.
    with contextlib.suppress(MalformedMessage):
        from_frames([DELIMITER, b"", *parts], Signer(b""), read_v4=True)
