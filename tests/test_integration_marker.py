"""The audit behind the `integration` marker (tests/conftest.py) sees what it must."""

from __future__ import annotations

import socket
import sys

import pytest
import zmq


@pytest.fixture
def audit(request):
    [conftest] = [
        plugin
        for plugin in request.config.pluginmanager.get_plugins()
        if str(getattr(plugin, "__file__", "")).endswith(
            ("tests/conftest.py", "tests\\conftest.py")
        )
    ]
    return conftest


def _findings(audit, event: str, args: tuple[object, ...]) -> list[str]:
    found: list[str] = []
    audit._watched.append(found)
    try:
        audit._audit(event, args)
    finally:
        audit._watched.remove(found)
    return found


def test_a_process_started_in_an_unmarked_test_is_found(audit):
    found = _findings(
        audit, "subprocess.Popen", (sys.executable, [sys.executable, "-c", ""], None, None)
    )
    assert len(found) == 1


def test_a_network_socket_is_found_and_a_local_one_is_not(audit):
    with socket.socket(socket.AF_INET) as network, socket.socket(socket.AF_UNIX) as local:
        assert _findings(audit, "socket.bind", (network, ("127.0.0.1", 0)))
        assert _findings(audit, "socket.connect", (local, "/tmp/x")) == []


def test_a_librarys_font_probe_is_not_the_tests_doing(audit):
    assert (
        _findings(audit, "subprocess.Popen", ("fc-list", ["fc-list", "--help"], None, None)) == []
    )


def test_zeromq_binds_are_watched_and_inproc_ones_are_free(audit):
    context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    found: list[str] = []
    audit._watched.append(found)
    try:
        with context.socket(zmq.PAIR) as pair:
            pair.bind("inproc://free")
        assert found == []
        assert zmq.Socket.bind.__name__ == "watched"
    finally:
        audit._watched.remove(found)
        context.term()
