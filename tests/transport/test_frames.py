"""Sending and receiving a message's frames on the socket's own methods (binding.py)."""

from __future__ import annotations

import pytest
import zmq

from jovi.transport.zmq.binding import ZERO_COPY_THRESHOLD, receive_frames, send_frames


@pytest.fixture
def pair():
    context = zmq.Context()
    sender, receiver = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
    receiver.bind("inproc://frames")
    sender.connect("inproc://frames")
    yield sender, receiver
    sender.close(0)
    receiver.close(0)
    context.term()


def wait_readable(socket):
    assert socket.poll(5000, zmq.POLLIN), "nothing arrived"


def test_frames_of_every_kind_arrive_whole_and_in_order(pair):
    sender, receiver = pair
    big = bytes(range(256)) * (ZERO_COPY_THRESHOLD // 256 + 1)
    frames = [b"topic", b"", b"<IDS|MSG>", b'{"a":1}', big, memoryview(b"view"), bytearray(b"ba")]
    send_frames(sender, frames)
    send_frames(sender, [b"second"])
    wait_readable(receiver)
    got = receive_frames(receiver)
    assert got is not None
    assert [bytes(frame) for frame in got] == [bytes(frame) for frame in frames]
    assert isinstance(got[4], memoryview)  # long frames are not copied
    assert all(isinstance(frame, bytes) for i, frame in enumerate(got) if i != 4)
    wait_readable(receiver)
    assert receive_frames(receiver) == [b"second"]
    assert receive_frames(receiver) is None


def test_a_peer_that_takes_nothing_gets_nothing_and_again_is_raised():
    context = zmq.Context()
    lonely = context.socket(zmq.PUSH)  # no peer: a send cannot go anywhere
    try:
        with pytest.raises(zmq.Again):
            send_frames(lonely, [b"one", b"two"])
    finally:
        lonely.close(0)
        context.term()
