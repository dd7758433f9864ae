"""Numbering a manager's kernel processes: each end recorded once, with the first
sentence that told it, and never lost however soon the next process starts."""

from __future__ import annotations

import pytest

from jovi.kernels.generations import KEPT_ENDINGS, KernelGenerations


def test_each_process_ends_once_and_the_first_telling_is_kept():
    generations = KernelGenerations()
    generations.started()
    assert (generations.current, generations.ending(0)) == (0, None)
    told = [
        generations.ended("the kernel 'k' (pid 1) was killed by SIGKILL"),
        generations.ended("the kernel 'k' (pid 1) was restarted"),  # the same end, later
    ]
    assert told == [True, False]
    generations.started()
    assert (generations.current, generations.ending(0), generations.ending(1)) == (
        1,
        "the kernel 'k' (pid 1) was killed by SIGKILL",
        None,
    )


def test_a_process_cannot_start_before_the_last_ones_end_is_recorded():
    generations = KernelGenerations()
    generations.started()
    with pytest.raises(RuntimeError, match="generation 0 has not ended"):
        generations.started()


def test_nothing_ends_before_a_process_started():
    generations = KernelGenerations()
    assert generations.ended("the kernel was shut down") is False
    assert generations.current == 0


def test_old_endings_are_forgotten_but_still_told():
    generations = KernelGenerations()
    for number in range(KEPT_ENDINGS + 3):
        generations.started()
        generations.ended(f"process {number} ended")
    assert generations.ending(KEPT_ENDINGS + 2) == f"process {KEPT_ENDINGS + 2} ended"
    assert generations.ending(0) == (
        f"the kernel's process ended and was replaced {KEPT_ENDINGS + 3} times"
    )
