"""KernelBridge: messages reach the Qt thread through the sockets' descriptors, in
order, and a backlog is read in batches, one per turn of the event loop."""

from __future__ import annotations

import pytest
from tests.qt.conftest import JOVI

from jovi.client import BlockingKernelClient
from jovi.kernels import KernelManager
from jovi.qt.kernel_bridge import KernelBridge

pytestmark = [pytest.mark.integration, pytest.mark.gui]


@pytest.fixture
def kernel(isolated_dirs):
    manager = KernelManager(JOVI)
    manager.start_kernel()
    yield manager
    manager.shutdown(now=True)


def test_replies_arrive_without_polling(qtbot, kernel):
    client = kernel.client()
    client.start_channels()
    client.wait_for_ready(60)
    bridge = KernelBridge(client)
    bridge.start()
    try:
        with qtbot.waitSignal(
            bridge.message_received,
            check_params_cb=lambda channel, message: message["msg_type"] == "execute_reply",
            timeout=20000,
        ) as received:
            msg_id = client.execute("1 + 1")
            bridge.drain_soon()
        assert received.args[0] == "shell"
        assert received.args[1]["parent_header"]["msg_id"] == msg_id
    finally:
        bridge.stop()


def test_a_backlog_is_read_in_batches_with_the_loop_turning_between(qtbot, kernel):
    client = kernel.client()
    client.start_channels()
    client.wait_for_ready(60)
    other = BlockingKernelClient(kernel.connection_info)
    other.start_channels()
    other.wait_for_ready(60)
    for _ in range(600):  # each run: busy, execute_input, idle on IOPub for every client
        other.execute("pass", reply=True, timeout=30)
    other.stop_channels()
    # The 1800 IOPub messages wait in this client's socket: one drain reads one batch,
    # and leaves the rest to the next turns of the event loop.
    bridge = KernelBridge(client)
    seen = []
    bridge.message_received.connect(lambda channel, message: seen.append(message["msg_type"]))
    try:
        bridge.drain()
        assert len(seen) == 1000
        bridge.watch()
        qtbot.waitUntil(lambda: seen.count("execute_input") == 600, timeout=30000)
    finally:
        bridge.stop()
    assert len(seen) >= 1800


def test_a_client_without_heartbeat_is_bridged_too(qtbot, kernel):
    client = kernel.client()
    client.start_channels(hb=False)
    client.wait_for_ready(60)
    bridge = KernelBridge(client)
    bridge.start()
    try:
        with qtbot.waitSignal(
            bridge.message_received,
            check_params_cb=lambda channel, message: message["msg_type"] == "kernel_info_reply",
            timeout=20000,
        ):
            client.kernel_info()
            bridge.drain_soon()
    finally:
        bridge.stop()
