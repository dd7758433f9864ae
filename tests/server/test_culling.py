"""Idle kernels shut down, as Jupyter Server's MappingKernelManager.cull_* settings
ask: the policy on its own (no clock, no kernels), then a real server and kernel."""

from __future__ import annotations

import time

import pytest

from jovi.server.kernels.culling import CullPolicy, KernelActivity
from tests.server.conftest import start_server


def _kernel(name: str, state: str = "idle", idle_for: float = 100.0, connections: int = 0):
    return KernelActivity(name, state, 1000.0 - idle_for, connections)


def test_a_kernel_idle_past_the_timeout_is_culled_unless_busy_or_connected():
    kernels = [
        _kernel("old"),
        _kernel("recent", idle_for=5.0),
        _kernel("busy", state="busy"),
        _kernel("watched", connections=1),
    ]
    policy = CullPolicy(idle_timeout=60.0)
    assert [k.kernel_id for k in policy.to_cull(kernels, 1000.0)] == ["old"]
    everything = CullPolicy(idle_timeout=60.0, cull_busy=True, cull_connected=True)
    assert [k.kernel_id for k in everything.to_cull(kernels, 1000.0)] == [
        "old",
        "busy",
        "watched",
    ]


def test_no_timeout_culls_nothing():
    assert CullPolicy().to_cull([_kernel("old", idle_for=1e9)], 1000.0) == []
    assert not CullPolicy().enabled


@pytest.mark.integration
def test_the_server_shuts_down_a_kernel_left_idle(server_root, tmp_path):
    running, client = start_server(
        server_root, tmp_path, cull=CullPolicy(idle_timeout=1.0, interval=0.2)
    )
    try:
        reply = client.request("POST", "/api/kernels", {"name": "jovi"})
        assert reply.status == 201, reply.body
        kernel_id = reply.json()["id"]
        deadline = time.monotonic() + 30
        while client.get(f"/api/kernels/{kernel_id}").status == 200:
            assert time.monotonic() < deadline, "the idle kernel was never shut down"
            time.sleep(0.1)
        assert client.get("/api/kernels").json() == []
    finally:
        running.stop()
