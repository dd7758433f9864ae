"""Helpers for tests that run servers in processes of their own: a free port, and a stop
that never leaves the process group behind."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
from pathlib import Path

EPHEMERAL_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
CHOSEN_PORTS = 8000
"""How many ports below the system's ephemeral range :func:`free_port` chooses from."""


def free_port() -> int:
    """A TCP port of the loopback interface that nothing listens on now, for a server
    the test starts.

    It is chosen below the system's ephemeral range: a port from that range (what
    ``bind(port 0)`` gives) may be handed to another socket between this probe and the
    server's bind, and in a doubly loaded run it was: a kernel's ZeroMQ socket took
    the port a Jupyter Server was about to listen on (any ``bind`` to port 0, and the
    local end of every outgoing connection, draws from that range).
    """
    low = _ephemeral_low()
    first = max(1024, low - CHOSEN_PORTS)
    for _ in range(200):
        port = random.randrange(first, low)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as probe:  # everything tried was taken: any free port
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ephemeral_low() -> int:
    try:
        return int(EPHEMERAL_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (a server shuts its kernels down), then SIGKILL to the group if need be;
    ``process`` must lead its own group (``start_new_session=True``)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
