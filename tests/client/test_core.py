"""The client's socket-free core: refused messages, kept messages, handlers, probes."""

from __future__ import annotations

import pytest

from jovi.client.core import ClientCore, reply_to
from jovi.client.readiness import ReadyProbe
from jovi.protocol import (
    ConnectionInfo,
    ExecuteReply,
    KernelInfoReply,
    Session,
    Status,
    Stream,
)


@pytest.fixture
def info():
    return ConnectionInfo.new(shell_port=1, iopub_port=2, stdin_port=3, control_port=4, hb_port=5)


def kernel_frames(session, content, parent=None):
    return session.serialize(session.message(content, parent=parent))


def test_messages_signed_with_another_key_are_refused(info, caplog):
    core = ClientCore(info)
    forger = Session("not the key")
    assert core.accept("shell", kernel_frames(forger, ExecuteReply())) is None
    assert core.refused == 1
    assert "refused and dropped (SignatureMismatch)" in caplog.text
    genuine = kernel_frames(Session(info.key), ExecuteReply(execution_count=3))
    assert core.accept("shell", genuine).content.execution_count == 3
    assert core.accept("shell", genuine) is None  # the same frames again: a replay
    assert core.refused == 2


def test_kept_messages_are_found_by_their_parent(info):
    core = ClientCore(info)
    kernel = Session(info.key)
    first, second = (
        core.message(Status(execution_state="idle")),
        core.message(Status(execution_state="busy")),
    )
    for request in (first, second):
        core.stash("shell", core.accept("shell", kernel_frames(kernel, ExecuteReply(), request)))
    assert core.take("shell", reply_to(second.msg_id)).parent_msg_id == second.msg_id
    assert core.take("shell", reply_to(second.msg_id)) is None
    assert core.take("shell").parent_msg_id == first.msg_id


def test_handlers_see_each_message_of_their_channels(info):
    core = ClientCore(info)
    kernel = Session(info.key)
    seen = []
    core.add_handler(seen.append, "iopub")
    core.add_handler(lambda message: 1 / 0, ["iopub"])  # a failing handler stops no other
    core.accept("iopub", kernel_frames(kernel, Stream(name="stdout", text="hi")))
    core.accept("shell", kernel_frames(kernel, ExecuteReply()))
    assert [m.content.text for m in seen] == ["hi"]
    core.remove_handler(seen.append)
    core.accept("iopub", kernel_frames(kernel, Stream(name="stdout", text="again")))
    assert len(seen) == 1
    with pytest.raises(ValueError, match="'hb' is not a message channel"):
        core.add_handler(print, "hb")


def test_late_answers_to_a_readiness_probe_are_dropped(info):
    core = ClientCore(info)
    kernel = Session(info.key)
    probe = ReadyProbe(core)
    assert probe.should_send()
    first = probe.request()
    assert not probe.should_send()
    reply = core.accept("shell", kernel_frames(kernel, KernelInfoReply(), first))
    assert probe.feed("shell", reply)
    assert not probe.ready
    assert probe.feed(
        "iopub", core.accept("iopub", kernel_frames(kernel, Status(execution_state="busy"), first))
    )
    assert probe.ready
    probe.finish()
    late = kernel_frames(kernel, Status(execution_state="idle"), first)
    assert core.accept("iopub", late) is None
