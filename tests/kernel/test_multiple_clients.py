"""Two clients on one kernel see each other's inputs and outputs on IOPub."""

from __future__ import annotations

import time
from queue import Empty

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager

pytestmark = [pytest.mark.interop, pytest.mark.integration]


def _messages_of(client, msg_id, timeout=10.0):
    """The IOPub messages caused by ``msg_id``, up to its idle status."""
    found = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            message = client.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        found.append(message)
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return found
    raise AssertionError(f"no idle for {msg_id}; saw {[m['msg_type'] for m in found]}")


def test_two_clients_see_each_others_inputs_and_outputs(jovi_kernelspec):
    manager = KernelManager(kernel_name="jovi")
    manager.start_kernel()
    clients = []
    try:
        for _ in range(2):
            client = BlockingKernelClient()
            client.load_connection_info(manager.get_connection_info())
            client.start_channels()
            client.wait_for_ready(timeout=30)
            clients.append(client)
        first, second = clients
        for sender, watcher, word in ((first, second, "first"), (second, first, "second")):
            msg_id = sender.execute(f"print('from the {word} client')\n'{word}'")
            for client in (sender, watcher):
                seen = _messages_of(client, msg_id)
                by_type = {m["msg_type"]: m["content"] for m in seen}
                assert by_type["execute_input"]["code"].startswith(f"print('from the {word}")
                assert by_type["stream"]["text"] == f"from the {word} client\n"
                assert by_type["execute_result"]["data"]["text/plain"] == f"'{word}'"
            assert sender.get_shell_msg(timeout=10)["parent_header"]["msg_id"] == msg_id
    finally:
        for client in clients:
            client.stop_channels()
        manager.shutdown_kernel(now=True)
