"""No thread outlives its owner (issue 21): after a shell, a kernel, a kernel manager
with its restarter and client, a heartbeat and its monitor close, none of the threads
they started is alive."""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager

import pytest
import zmq

from jovi.client.heartbeat import HeartbeatMonitor
from jovi.kernels import KernelManager, MultiKernelManager
from jovi.shell.interactiveshell import InteractiveShell
from jovi.testing.kernel import open_memory_kernel
from jovi.transport.zmq.heartbeat import Heartbeat

pytestmark = pytest.mark.integration


@contextmanager
def no_thread_left_behind():
    """Fails if a thread started in the block is alive once the block has closed it."""
    before = set(threading.enumerate())
    yield
    left = [thread.name for thread in threading.enumerate() if thread not in before]
    assert left == []


def test_a_shell_joins_its_history_writer(tmp_path):
    with no_thread_left_behind():
        shell = InteractiveShell(profile_dir=tmp_path / "profile")
        shell.run_cell("x = 1")
        shell.history_manager.flush()
        shell.close()


def test_a_memory_kernel_leaves_no_thread(tmp_path):
    async def run_one_cell() -> None:
        async with open_memory_kernel(tmp_path / "profile") as (_kernel, client):
            reply, _ = await client.execute("import threading; threading.active_count()")
            assert reply.content.status == "ok"

    with no_thread_left_behind():
        asyncio.run(run_one_cell())


def test_a_heartbeat_and_its_monitor_join_their_threads():
    context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    try:
        with no_thread_left_behind():
            heartbeat = Heartbeat()
            url = heartbeat.start()
            monitor = HeartbeatMonitor(context, url, interval=0.05)
            monitor.start()
            try:
                assert _wait_for(lambda: monitor.beats > 0), "no echo from the heartbeat"
            finally:
                monitor.stop()
                heartbeat.stop()
    finally:
        context.term()


def test_a_kernel_manager_joins_its_restarter_and_its_client_threads():
    with no_thread_left_behind():
        manager = KernelManager("pyimport/jovi", autorestart=True)
        manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=30)
            assert client.execute("1 + 1", reply=True, timeout=10).content.status == "ok"
        finally:
            client.stop_channels()
            manager.shutdown()


def test_shutting_down_every_kernel_joins_the_shutdown_threads():
    with no_thread_left_behind():
        kernels = MultiKernelManager()
        for _ in range(2):
            kernels.start_kernel(kernel_name="pyimport/jovi")
        kernels.shutdown_all()


def _wait_for(condition, timeout: float = 10.0) -> bool:
    done = threading.Event()
    deadline = threading.Timer(timeout, done.set)
    deadline.start()
    try:
        while not done.is_set():
            if condition():
                return True
            done.wait(0.01)
        return condition()
    finally:
        deadline.cancel()
        deadline.join()
