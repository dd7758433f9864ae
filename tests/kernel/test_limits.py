"""Bounds on what peers can make the kernel do: welcomes and the refusal log."""

from __future__ import annotations

from jovi.errors import ReplayedMessage, SignatureMismatch
from jovi.kernel.limits import TEXT_MAX, RefusalLog, TokenBucket, shorten


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_token_bucket_allows_a_burst_then_the_rate():
    clock = Clock()
    bucket = TokenBucket(5, clock)
    assert [bucket.take() for _ in range(7)] == [True] * 5 + [False] * 2
    clock.now += 0.5  # two and a half more tokens
    assert [bucket.take() for _ in range(3)] == [True, True, False]
    clock.now += 100
    assert sum(bucket.take() for _ in range(10)) == 5  # never more than the burst


def test_the_refusal_log_writes_one_short_line_per_interval_and_counts_the_rest():
    clock = Clock()
    log = RefusalLog(5.0, clock)
    first = log.refused("shell", SignatureMismatch("x" * 10_000))
    assert first is not None
    assert len(first) < TEXT_MAX + 100
    assert [log.refused("shell", ReplayedMessage("again")) for _ in range(3)] == [None] * 3
    clock.now += 5
    line = log.refused("control", SignatureMismatch("late"))
    assert line == (
        "Invalid message on control dropped (SignatureMismatch): late "
        "(3 more dropped since the last report)"
    )
    assert log.summary() == "ReplayedMessage 3, SignatureMismatch 2"


def test_shorten_keeps_short_text_and_cuts_long_text():
    assert shorten("abc") == "abc"
    assert shorten("a" * 500, 10) == "a" * 10 + "..."
