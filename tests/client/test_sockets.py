"""Opening a client's sockets: a connection that fails leaves no socket open."""

from __future__ import annotations

import gc
import warnings

import pytest
import zmq

from jovi.client.sockets import client_socket

pytestmark = pytest.mark.integration  # zmq connect (the audit counts any connect)


@pytest.mark.parametrize("kind", ["dealer", "sub"])
def test_a_socket_whose_connect_fails_is_closed(kind):
    context = zmq.Context()
    try:
        too_long = "ipc:///tmp/" + "x" * 200
        with pytest.raises(zmq.ZMQError):
            client_socket(context, kind, too_long, watch_handshake=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            gc.collect()
        assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    finally:
        context.term()  # hangs if a socket was left open
