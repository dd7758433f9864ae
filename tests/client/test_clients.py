"""Both clients against real kernels, and against a forging peer: replies, handlers,
timeouts, the heartbeat, several waits at once, input, interrupt, bad signatures."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time

import pytest
import zmq

from jovi.client import BlockingKernelClient, as_dict, find_connection_file
from jovi.client.connection_file import write_connection_file
from jovi.errors import ConnectionFileError, KernelTimeout
from jovi.kernels import KernelManager, start_kernel
from jovi.protocol import ConnectionInfo, KernelInfoReply, Session

pytestmark = pytest.mark.integration


@pytest.fixture
def jovi_kernel():
    manager, client = start_kernel("pyimport/jovi", startup_timeout=30)
    try:
        yield manager, client
    finally:
        client.close()
        manager.shutdown(now=True)


def test_handlers_timeouts_and_dict_shapes(jovi_kernel):
    _, client = jovi_kernel
    streams = []
    client.add_handler(
        lambda m: streams.append(m.content.text) if m.msg_type == "stream" else None, "iopub"
    )
    reply = client.execute_interactive(
        "print('to the handler')", timeout=10, output_hook=lambda m: None
    )
    assert streams == ["to the handler\n"]
    shaped = as_dict(reply)
    assert shaped["content"]["status"] == "ok"
    assert shaped["parent_header"]["msg_type"] == "execute_request"
    with pytest.raises(TimeoutError):
        client.get_stdin_msg(timeout=0.05)
    with pytest.raises(KernelTimeout, match=r"the code did not finish within 0\.5 s"):
        client.execute_interactive("import time; time.sleep(3)", timeout=0.5)


def test_replies_are_matched_to_their_requests(jovi_kernel):
    _, client = jovi_kernel
    first = client.execute("1")
    second = client.kernel_info()
    info = client.get_reply(second, 10)
    assert info.msg_type == "kernel_info_reply"
    # The execute reply read meanwhile was kept for whoever asks.
    assert client.get_shell_msg(timeout=10).parent_msg_id == first


def test_the_heartbeat_callback_when_the_kernel_stops_answering(jovi_kernel):
    manager, _ = jovi_kernel
    # No manager: only the heartbeat tells.
    client = BlockingKernelClient(manager.connection_info, time_to_dead=0.5)
    client.start_channels()
    silent = threading.Event()
    client.on_heartbeat_failure(lambda since: silent.set())
    try:
        client.wait_for_ready(timeout=10)
        assert client.is_alive()
        os.kill(manager.process.pid, signal.SIGSTOP)
        assert silent.wait(5)
        assert not client.is_alive()
    finally:
        os.kill(manager.process.pid, signal.SIGCONT)
        client.close()


def test_a_reply_with_a_bad_signature_is_never_delivered(tmp_path):
    """A fake kernel (a ROUTER socket) answers twice: forged first, then genuine."""
    context = zmq.Context.instance()
    router = context.socket(zmq.ROUTER)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    info = ConnectionInfo.new(
        shell_port=port, iopub_port=1, stdin_port=1, control_port=1, hb_port=1
    )
    kernel, forger = Session(info.key), Session("another key")

    def fake_kernel():
        identity, *frames = router.recv_multipart()
        request = kernel.deserialize(frames).message
        for session, banner in ((forger, "forged"), (kernel, "genuine")):
            reply = session.message(KernelInfoReply(banner=banner), parent=request)
            router.send_multipart([identity, *session.serialize(reply)])

    thread = threading.Thread(target=fake_kernel)
    thread.start()
    client = BlockingKernelClient(info)
    client.start_channels(iopub=False, stdin=False, hb=False, control=False)
    try:
        reply = client.kernel_info(reply=True, timeout=10)
        assert reply.content.banner == "genuine"
        assert client.core.refused == 1
        with pytest.raises(KernelTimeout):
            client.get_shell_msg(timeout=0.2)
    finally:
        thread.join()
        client.close()
        router.close(0)


def test_connection_files_by_path_name_part_or_the_newest(tmp_path, isolated_dirs):
    runtime = isolated_dirs / "jupyter-runtime"
    info = ConnectionInfo.new(shell_port=1, iopub_port=2, stdin_port=3, control_port=4, hb_port=5)
    older = write_connection_file(runtime / "kernel-1111.json", info)
    newer = write_connection_file(runtime / "kernel-2222.json", info)
    os.utime(older, (time.time() - 60, time.time() - 60))
    write_connection_file(runtime / "kernel-3333-ssh.json", info)
    assert find_connection_file() == newer
    assert find_connection_file("1111") == older
    assert find_connection_file("kernel-1111.json") == older
    assert find_connection_file(older) == older
    with pytest.raises(ConnectionFileError, match="no connection file matches '9999'"):
        find_connection_file("9999")
    for path in runtime.iterdir():
        path.unlink()
    with pytest.raises(ConnectionFileError, match="no kernel is running"):
        find_connection_file()


@pytest.fixture
def async_manager(kernel_name):
    manager = KernelManager(kernel_name)
    manager.start_kernel()
    try:
        yield manager
    finally:
        manager.shutdown(now=True)


async def test_the_asyncio_client(async_manager):
    async with async_manager.async_client() as client:
        await client.wait_for_ready(timeout=30)
        seen = []

        async def answer(message):
            await asyncio.sleep(0)
            return f"{message.content.prompt}Grace"

        reply = await client.execute_interactive(
            "print(input('name: '))", timeout=20, output_hook=seen.append, stdin_hook=answer
        )
        assert reply.content.status == "ok"
        assert "name: Grace\n" in [m.content.text for m in seen if m.msg_type == "stream"]
        # Several requests awaited at once each get their own reply.  (ipykernel's first
        # completion starts jedi: over 10 s once on a loaded CI machine.)
        completed, inspected, info = await asyncio.gather(
            client.complete("impor", reply=True, timeout=60),
            client.inspect("print", reply=True, timeout=60),
            client.kernel_info(reply=True, timeout=60),
        )
        assert "import" in completed.content.matches
        assert inspected.content.found
        assert info.content.language_info.name == "python"
        msg_id = await client.execute("import time\nprint('running', flush=True)\ntime.sleep(30)")
        while True:  # each wait bounded by its timeout: the cell runs once it printed
            message = await client.get_iopub_msg(timeout=10)
            if message.parent_msg_id == msg_id and message.msg_type == "stream":
                break
        started = time.monotonic()
        await client.interrupt()
        reply = await client.get_reply(msg_id, 5)
        assert reply.content.ename == "KeyboardInterrupt"
        assert time.monotonic() - started < 1.0
        assert await client.is_alive()


async def test_a_reply_read_in_the_turn_its_waits_slice_ends_is_kept(jovi_kernel):
    # A wait reads in slices (it looks at the kernel's process between them). When the
    # event loop is late, the reply's arrival and the end of a slice are handled in one
    # turn: the read's future has the message, and the slice's timeout then cancelled
    # the reading task, dropping it (a reply under load never came within 60 s in CI).
    # Here the loop is held up while each reply arrives.
    from jovi.client import AsyncKernelClient

    manager, _ = jovi_kernel
    async with AsyncKernelClient(manager.connection_info) as client:
        await client.wait_for_ready(timeout=30)
        for _ in range(5):
            async with asyncio.TaskGroup() as tasks:
                waiting = tasks.create_task(client.get_shell_msg(timeout=5))
                await asyncio.sleep(0.02)  # the wait is in its first slice
                await client.kernel_info()
                # The loop held up: the reply arrives and the slice ends meanwhile.
                time.sleep(0.3)  # noqa: ASYNC251 - blocking the loop is the point
            assert waiting.result().msg_type == "kernel_info_reply"


def test_a_reply_that_comes_after_its_timeout_is_dropped(jovi_kernel):
    _, client = jovi_kernel
    with pytest.raises(
        KernelTimeout, match=r"no reply to execute_request came from the kernel within 0\.2 s"
    ):
        client.execute("import time; time.sleep(0.6)", reply=True, timeout=0.2)
    assert client._socket("shell").poll(10_000), "the late reply never came"
    # The late reply is not what the next getter or request sees.
    assert client.execute("1", reply=True, timeout=10).content.execution_count == 2
    with pytest.raises(KernelTimeout):
        client.get_shell_msg(timeout=0.2)
