"""OwnedThreads: every thread jovi starts is named, runs with SIGINT blocked, is hidden
from debuggers of user code unless it runs user code, and is joined by its owner."""

from __future__ import annotations

import signal
import threading

import pytest

from jovi.utils.threads import OwnedThreads, is_internal


def test_a_thread_is_named_and_its_owner_joins_it():
    threads = OwnedThreads("a test")
    release = threading.Event()
    thread = threads.start(release.wait, name="jovi-test-waiter")
    assert thread.name == "jovi-test-waiter"
    assert thread.daemon
    assert threads.alive() == [thread]
    release.set()
    assert threads.join(10) == []
    assert not thread.is_alive()


def test_join_reports_a_thread_that_does_not_end_in_time():
    threads = OwnedThreads("a test")
    release = threading.Event()
    thread = threads.start(release.wait, name="jovi-test-stuck")
    try:
        assert threads.join(0.05) == [thread]
    finally:
        release.set()
        threads.join(10)


def test_a_thread_joining_its_own_owner_does_not_wait_for_itself():
    threads = OwnedThreads("a test")
    left: list[list[threading.Thread]] = []
    threads.start(lambda: left.append(threads.join(10)), name="jovi-test-self-join")
    assert threads.join(10) == []
    assert left == [[]]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_sigint_is_blocked_in_the_thread_and_not_in_its_starter():
    masks: list[set[signal.Signals]] = []
    threads = OwnedThreads("a test")
    threads.start(lambda: masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, [])), name="t")
    threads.join(10)
    assert signal.SIGINT in masks[0]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_machinery_is_internal_and_user_code_threads_are_not():
    threads = OwnedThreads("a test")
    machinery = threads.start(lambda: None, name="jovi-test-machinery")
    user = threads.start(lambda: None, name="jovi-test-user", internal=False)
    threads.join(10)
    assert is_internal(machinery)
    assert not is_internal(user)


def test_finished_threads_are_forgotten():
    threads = OwnedThreads("a test")
    first = threads.start(lambda: None, name="jovi-test-first")
    first.join(10)
    release = threading.Event()
    second = threads.start(release.wait, name="jovi-test-second")
    assert threads._threads == [second]
    release.set()
    threads.join(10)
