"""The manager's edges: a port taken before the kernel binds it, a kernel that dies
at start, a command that cannot run, ipc, interrupts by message, waiting that cannot hang."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from jovi.client import BlockingKernelClient
from jovi.errors import KernelDied, KernelLaunchError, KernelTimeout, NoSuchKernel
from jovi.kernels import KernelManager, start_kernel
from jovi.kernels.providers import jovi_kernel_spec
from jovi.protocol import KernelSpec
from jovi.utils.paths import jupyter_runtime_dir
from tests.kernels.conftest import write_spec

pytestmark = pytest.mark.integration


def test_a_kernel_whose_port_was_taken_is_started_again_on_new_ports():
    manager = KernelManager("pyimport/jovi")
    manager.start_kernel()
    taken = manager.connection_info.shell_port
    squatter = socket.socket()
    try:
        squatter.bind(("127.0.0.1", taken))  # before the kernel (still starting) binds it
        squatter.listen()
        first_pid = manager.process.pid
        manager.wait_for_ready(timeout=30)
        assert manager.process.pid != first_pid
        assert manager.connection_info.shell_port != taken
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=30)
        assert client.execute("1", reply=True, timeout=10).content.status == "ok"
        client.close()
    finally:
        squatter.close()
        manager.shutdown(now=True)


def test_a_kernel_that_dies_at_start_is_reported_at_once(doomed):
    manager = KernelManager(doomed, launch_retries=1)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    started = time.monotonic()
    with pytest.raises(KernelDied, match=r"the kernel 'doomed' \(pid \d+\) exited with code 7"):
        client.wait_for_ready(timeout=30)
    assert time.monotonic() - started < 5
    client.close()
    manager.shutdown()
    assert list(jupyter_runtime_dir().glob("kernel-*.json")) == []


def test_waiting_for_a_kernel_that_is_not_there_ends_at_the_timeout(tmp_path):
    manager = KernelManager("pyimport/jovi")
    manager.start_kernel()
    info = manager.connection_info
    manager.shutdown(now=True)
    client = BlockingKernelClient(info)
    client.start_channels()
    started = time.monotonic()
    with pytest.raises(KernelTimeout, match=r"did not answer kernel_info within 1\.5 s"):
        client.wait_for_ready(timeout=1.5)
    assert time.monotonic() - started < 2.5
    assert not client.is_alive()
    client.close()


def test_commands_that_cannot_run_get_one_sentence(tmp_path):
    missing = KernelSpec(argv=("no-such-program-here", "{connection_file}"), display_name="Ghost")
    with pytest.raises(KernelLaunchError) as error:
        KernelManager(kernel_spec=missing).start_kernel()
    assert str(error.value) == (
        "cannot start the Ghost kernel: the program 'no-such-program-here' was not found "
        "(check 'argv' in its kernelspec)"
    )
    nowhere = tmp_path / "nowhere"
    with pytest.raises(KernelLaunchError, match=f"its working directory {nowhere} does not exist"):
        KernelManager("pyimport/jovi", cwd=nowhere).start_kernel()
    with pytest.raises(NoSuchKernel, match="no kernel named 'cobol' was found"):
        KernelManager("cobol").start_kernel()
    assert list(jupyter_runtime_dir().glob("kernel-*.json")) == []


def test_ipc_transport_and_its_files_cleaned_up():
    manager, client = start_kernel("pyimport/jovi", transport="ipc", startup_timeout=30)
    try:
        info = manager.connection_info
        assert info.transport == "ipc"
        sockets = [f"{info.ip}-{port}" for port in info.ports().values()]
        assert all(Path(path).exists() for path in sockets)
        assert client.execute("1", reply=True, timeout=10).content.status == "ok"
    finally:
        client.close()
        manager.shutdown()
    assert not any(Path(path).exists() for path in sockets)
    assert not Path(manager.connection_file).exists()


def test_ipc_works_when_the_runtime_directory_has_a_long_path(tmp_path, monkeypatch):
    # A Unix socket's path holds at most 107 bytes: under a deep runtime directory the
    # kernel's sockets go to a short private directory instead of failing to connect.
    runtime = tmp_path / ("deep-" * 14) / "runtime"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", os.fspath(runtime))
    manager, client = start_kernel("pyimport/jovi", transport="ipc", startup_timeout=30)
    try:
        info = manager.connection_info
        sockets = [f"{info.ip}-{port}" for port in info.ports().values()]
        assert all(len(path) <= 107 and Path(path).exists() for path in sockets)
        assert Path(manager.connection_file).parent == runtime
        assert client.execute("1", reply=True, timeout=10).content.status == "ok"
    finally:
        client.close()
        manager.shutdown()
    assert not any(Path(path).exists() for path in sockets)


def test_a_kernel_that_asks_for_interrupts_by_message_gets_one(user_kernels, monkeypatch):
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    spec = jovi_kernel_spec().to_json()
    spec["interrupt_mode"] = "message"
    write_spec(user_kernels, "by-message", spec)
    manager, client = start_kernel("by-message", startup_timeout=30)
    try:
        assert manager.interrupt_mode == "message"
        msg_id = client.execute("import time\nprint('running', flush=True)\ntime.sleep(20)")
        while True:  # each wait bounded by its timeout: the cell runs once it printed
            message = client.get_iopub_msg(timeout=10)
            if message.parent_msg_id == msg_id and message.msg_type == "stream":
                break
        client.interrupt()
        reply = client.get_reply(msg_id, 5)
        assert reply.content.ename == "KeyboardInterrupt"
        # It came as a message: the kernel answered it on the manager's control channel.
        answer = manager._control.get_control_msg(timeout=5)
        assert answer.msg_type == "interrupt_reply"
    finally:
        client.close()
        manager.shutdown()


def test_run_kernel_gives_a_ready_client_and_stops_the_kernel_after():
    from jovi.kernels import run_kernel

    with run_kernel("pyimport/jovi", startup_timeout=30) as client:
        reply = client.execute("1 + 1", reply=True, timeout=10, user_expressions={"x": "1 + 1"})
        assert reply.content.user_expressions["x"]["data"]["text/plain"] == "2"
        pid = client.manager.process.pid
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert list(jupyter_runtime_dir().glob("kernel-*.json")) == []


async def test_run_kernel_async_gives_a_ready_client_and_stops_the_kernel_after():
    from jovi.kernels import run_kernel_async

    async with run_kernel_async("pyimport/jovi", startup_timeout=30) as client:
        seen = []
        reply = await client.execute_interactive(
            "print('async')", timeout=10, output_hook=seen.append
        )
        assert reply.content.status == "ok"
        assert [m.content.text for m in seen if m.msg_type == "stream"] == ["async\n"]
        manager = client.manager
    assert not manager.is_alive()
