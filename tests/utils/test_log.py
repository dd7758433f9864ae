"""Deferred loggers: nothing imported until the first use, then the real logger."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from jovi.utils.log import get_logger


@pytest.mark.integration
def test_a_deferred_logger_imports_logging_only_when_it_logs():
    probe = (
        "import sys; from jovi.utils.log import get_logger; log = get_logger('jovi.probe');"
        "print('logging' in sys.modules); log.warning('hello %s', 'there');"
        "print('logging' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "True"]
    assert "hello there" in result.stderr


def test_it_is_the_named_logger_once_used(caplog):
    log = get_logger("jovi.tests.deferred")
    with caplog.at_level(logging.INFO, logger="jovi.tests.deferred"):
        log.info("value %d", 42)
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("jovi.tests.deferred", "value 42")
    ]
    assert log.name == logging.getLogger("jovi.tests.deferred").name
    assert "jovi.tests.deferred" in repr(log)


@pytest.mark.integration
def test_a_configuration_waits_for_the_first_log_and_then_applies():
    # What the commands do with --log-level: the set-up runs when jovi first logs,
    # so a command that never logs never imports logging.
    probe = (
        "import sys; from jovi.utils.log import configure_when_used, get_logger\n"
        "calls = []\n"
        "configure_when_used(lambda: calls.append('first'))\n"
        "configure_when_used(lambda: calls.append('second'))\n"
        "print('logging' in sys.modules, calls)\n"
        "get_logger('jovi.probe').warning('x')\n"
        "get_logger('jovi.other').warning('y')\n"
        "print('logging' in sys.modules, calls)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines() == ["False []", "True ['second']"]


def test_a_configuration_runs_at_once_when_logging_is_loaded():
    from jovi.utils.log import configure_when_used, configured_logger

    calls: list[str] = []
    configure_when_used(lambda: calls.append("now"))
    assert calls == ["now"]
    assert configured_logger("jovi.tests.configured") is logging.getLogger("jovi.tests.configured")
    assert calls == ["now"]


def test_a_thread_asking_for_the_logger_while_another_configures_it_gets_it_configured():
    # The kernel's I/O thread may log for the first time (running the set-up) just as
    # the main thread takes the configured logger to move its handlers: the main
    # thread must not get the logger before the set-up is done.
    import threading

    from jovi.utils import log as log_module

    started, go = threading.Event(), threading.Event()
    finished: list[str] = []
    seen_by_second: list[list[str]] = []

    def configure() -> None:
        started.set()
        go.wait(10)
        finished.append("configured")

    # Kept pending as if logging were not loaded yet (it is, in the test process).
    with log_module._pending_lock:
        log_module._pending[:] = [configure]
    first = threading.Thread(target=log_module.configured_logger, args=("jovi.tests.a",))
    first.start()
    assert started.wait(10)

    def second_asks() -> None:
        log_module.configured_logger("jovi.tests.b")
        seen_by_second.append(list(finished))

    second = threading.Thread(target=second_asks)
    second.start()
    second.join(0.5)  # with the fix it is still waiting here; without it, it returned
    go.set()
    first.join(10)
    second.join(10)
    assert seen_by_second == [["configured"]]
