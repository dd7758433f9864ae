"""Fixtures of the display tests: a local HTTP server and a recording display host."""

from __future__ import annotations

from typing import Any

import pytest
from tests.display.samples import LocalServer, start_server

from jovi.display import host
from jovi.display.formatters import DisplayFormatter


@pytest.fixture
def server():
    """An HTTP server on 127.0.0.1 for this test; ``server.pages[path] = (body, type)``."""
    state = LocalServer()
    httpd, thread = start_server(state)
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


class RecordingHost:
    """A display host that keeps what is published (formatting with a real formatter)."""

    def __init__(self) -> None:
        self.formatter = DisplayFormatter()
        self.published: list[tuple[dict[str, Any], dict[str, Any] | None, Any, bool]] = []
        self.cleared: list[bool] = []

    def format(self, obj, include=None, exclude=None):
        return self.formatter.format(obj, include, exclude)

    def publish(self, data, metadata=None, *, transient=None, update=False):
        self.published.append((data, metadata, transient, update))

    def clear_output(self, *, wait=False):
        self.cleared.append(wait)


@pytest.fixture
def recording_host():
    recorder = RecordingHost()
    previous = host.set_host(recorder)
    try:
        yield recorder
    finally:
        host.set_host(previous)
