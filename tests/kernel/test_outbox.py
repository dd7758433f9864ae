"""The outbox: replies before output, output in order, and producers held at the high water mark."""

from __future__ import annotations

import threading

from jovi.kernel.outbox import Outbox, size_of


def _message(size: int) -> list[bytes]:
    return [b"<IDS|MSG>", b"x" * size]


def test_replies_go_before_output_queued_earlier_and_output_keeps_its_order():
    outbox = Outbox()
    outbox.put(("iopub", [b"first"]))
    outbox.put(("stdin", [b"prompt"]))
    outbox.put_reply(("shell", [b"reply"]))
    outbox.put(("iopub", [b"welcome"]), first=True)
    assert list(outbox.take_replies()) == [("shell", [b"reply"])]
    taken = []
    while (item := outbox.take_ordered()) is not None:
        taken.append(item)
    assert taken == [("iopub", [b"welcome"]), ("iopub", [b"first"]), ("stdin", [b"prompt"])]
    assert not outbox


def test_a_message_given_back_is_sent_first_and_counted_again():
    outbox = Outbox()
    outbox.put(("iopub", _message(10)))
    outbox.put(("iopub", _message(20)))
    item = outbox.take_ordered()
    assert outbox.backlog == size_of(_message(20))
    outbox.give_back(item)
    assert outbox.backlog == size_of(_message(10)) + size_of(_message(20))
    assert outbox.take_ordered() == item


def test_producers_wait_above_the_high_water_mark_until_it_is_down_to_the_low_one():
    outbox = Outbox(high_water=1000, low_water=300)
    for _ in range(5):
        outbox.put(("iopub", _message(300)))  # about 1,550 bytes: full
    released = threading.Event()

    def produce() -> None:
        outbox.wait_for_room()
        released.set()

    producer = threading.Thread(target=produce)
    producer.start()
    try:
        assert not released.wait(0.2)  # held
        while outbox.backlog > 700:
            outbox.take_ordered()
        assert not released.wait(0.2)  # below high water is not enough
        while outbox.backlog > 300:
            outbox.take_ordered()
        assert released.wait(5)  # at the low water mark it goes on
    finally:
        outbox.release_waiters()
        producer.join(5)


def test_below_the_high_water_mark_nobody_waits_and_stopping_releases_everyone():
    outbox = Outbox(high_water=1000, low_water=300)
    outbox.put(("iopub", _message(500)))
    outbox.wait_for_room()  # returns at once
    outbox.put(("iopub", _message(900)))
    done = threading.Event()
    waiter = threading.Thread(target=lambda: (outbox.wait_for_room(), done.set()))
    waiter.start()
    outbox.release_waiters()
    assert done.wait(5)
    waiter.join(5)
