"""The helpers of tests that start servers."""

from __future__ import annotations

import socket

import pytest

from tests.processes import _ephemeral_low, free_port

pytestmark = pytest.mark.integration  # it binds sockets


def test_a_free_port_is_below_the_ephemeral_range_and_free():
    # Ports the system hands out by itself (bind to port 0, outgoing connections) come
    # from the ephemeral range: a port chosen there could be taken before the server
    # binds it.
    ports = {free_port() for _ in range(20)}
    assert all(1024 <= port < _ephemeral_low() for port in ports)
    assert len(ports) > 1  # chosen at random, so two tests rarely pick the same one
    for port in ports:
        with socket.socket() as server:
            server.bind(("127.0.0.1", port))
