"""A server nobody uses stops, as with Jupyter Server's
ServerApp.shutdown_no_activity_timeout: the decision on its own, then the command."""

from __future__ import annotations

import contextlib
import time

import pytest

from jovi.server.inactivity import unused
from tests.server.test_command import ServerProcess


def test_unused_means_no_kernel_and_no_request_for_longer_than_the_timeout():
    assert unused(kernels=0, last_activity=0.0, now=11.0, timeout=10.0)
    assert not unused(kernels=0, last_activity=0.0, now=9.0, timeout=10.0)
    assert not unused(kernels=1, last_activity=0.0, now=1e6, timeout=10.0)
    assert not unused(kernels=0, last_activity=0.0, now=1e6, timeout=0.0)  # off


@pytest.mark.integration
def test_the_command_stops_by_itself_once_unused(jovi_command, tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    server = ServerProcess(jovi_command, root, "--ServerApp.shutdown_no_activity_timeout=1")
    status, _ = server.request("GET", "/api/contents")
    assert status == 200
    # A monitor asking for the status meanwhile does not keep it alive.
    deadline = time.monotonic() + 30
    while server.process.poll() is None:
        assert time.monotonic() < deadline, "the unused server never stopped"
        with contextlib.suppress(OSError):
            server.request("GET", "/api/status")
    assert server.stop() == 0
    assert "no kernel and no request" in server.stderr


@pytest.mark.integration
def test_a_request_is_activity_and_a_status_check_is_not(server):
    first = server.get("/api/status").json()["last_activity"]
    assert server.get("/api/status").json()["last_activity"] == first
    assert server.get("/api/contents").status == 200
    assert server.get("/api/status").json()["last_activity"] > first
