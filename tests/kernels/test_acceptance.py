"""jovi's kernel manager and blocking client drive ipykernel and jovi's kernel alike:
execute, complete, inspect, input, interrupt, restart, shutdown."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from jovi.client import BlockingKernelClient
from jovi.errors import KernelTimeout
from jovi.kernels import KernelManager
from tests.kernels.conftest import IPYKERNEL

pytestmark = pytest.mark.integration


@pytest.fixture
def started(kernel_name, tmp_path):
    manager = KernelManager(kernel_name, cwd=tmp_path, env={"JOVI_TEST_VALUE": "from-the-manager"})
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=30)
        yield manager, client
    finally:
        client.close()
        manager.shutdown(now=True)


def outputs_of(client, code, **options):
    seen = []
    reply = client.execute_interactive(code, timeout=20, output_hook=seen.append, **options)
    return reply, seen


def test_execute_shows_output_and_result_in_the_kernels_directory(started, tmp_path):
    _, client = started
    reply, seen = outputs_of(
        client, "import os\nprint('hello', os.environ['JOVI_TEST_VALUE'])\nos.getcwd()"
    )
    assert reply.content.status == "ok"
    assert [m.content.text for m in seen if m.msg_type == "stream"] == ["hello from-the-manager\n"]
    results = [m.content.data["text/plain"] for m in seen if m.msg_type == "execute_result"]
    assert results == [repr(str(tmp_path))]


def test_an_error_comes_back_as_an_error_reply(started):
    _, client = started
    reply, seen = outputs_of(client, "1 / 0")
    assert (reply.content.status, reply.content.ename) == ("error", "ZeroDivisionError")
    assert [m.content.ename for m in seen if m.msg_type == "error"] == ["ZeroDivisionError"]


def test_complete_and_inspect(started):
    _, client = started
    client.execute("import os", reply=True, timeout=10)
    completed = client.complete("os.pa", reply=True, timeout=10).content
    assert completed.cursor_end == 5
    assert any(match.endswith("path") for match in completed.matches)
    inspected = client.inspect("os.path.join(", 13, reply=True, timeout=10).content
    assert inspected.found is True
    assert "join" in inspected.data["text/plain"]
    assert client.is_complete("for i in x:", reply=True, timeout=10).content.status == "incomplete"


def test_input_is_answered_by_the_stdin_hook(started):
    _, client = started
    prompts = []

    def answer(message):
        prompts.append(message.content.prompt)
        return "Ada"

    reply, seen = outputs_of(client, "name = input('Who? ')\nprint('hi', name)", stdin_hook=answer)
    assert reply.content.status == "ok"
    assert prompts == ["Who? "]
    assert "hi Ada\n" in [m.content.text for m in seen if m.msg_type == "stream"]


def test_a_busy_loop_is_interrupted_within_a_second(started):
    manager, client = started
    msg_id = client.execute("print('running', flush=True)\nwhile True:\n    pass")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # wait until the loop runs
        message = client.get_iopub_msg(timeout=5)
        if message.parent_msg_id == msg_id and message.msg_type == "stream":
            break
    interrupted = time.monotonic()
    manager.interrupt_kernel()
    while True:
        reply = client.get_shell_msg(timeout=5)
        if reply.parent_msg_id == msg_id:
            break
    # jovi's kernel within the second the seed asks; ipykernel, the reference, took 1.7 s
    # on a doubly loaded machine: of it only that the interrupt works is asked.
    limit = 1.0 if manager.kernel_name != IPYKERNEL else 10.0
    assert time.monotonic() - interrupted < limit
    assert (reply.content.status, reply.content.ename) == ("error", "KeyboardInterrupt")
    status = client.execute("1 + 1", reply=True, timeout=10).content.status
    if status == "aborted" and manager.kernel_name == "python3":
        # ipykernel aborts the requests that reach it while it still stops on the error
        # (once in CI, this one did); the next is run.
        status = client.execute("1 + 1", reply=True, timeout=10).content.status
    assert status == "ok"


def test_restart_gives_a_fresh_namespace_on_the_same_ports(started):
    manager, client = started
    client.execute("remembered = 42", reply=True, timeout=10)
    old_pid, old_info = manager.process.pid, manager.connection_info
    manager.restart_kernel()
    client.wait_for_ready(timeout=30)
    assert manager.process.pid != old_pid
    assert manager.connection_info == old_info
    reply = client.execute(
        "'remembered' in dir()",
        reply=True,
        timeout=10,
        user_expressions={"r": "'remembered' in dir()"},
    )
    assert reply.content.user_expressions["r"]["data"]["text/plain"] == "False"


def test_restart_on_new_ports_reconnects_the_client(started):
    manager, client = started
    old_ports = manager.connection_info.ports()
    manager.restart_kernel(now=True, newports=True)
    client.wait_for_ready(timeout=30)
    assert set(manager.connection_info.ports().values()).isdisjoint(old_ports.values())
    assert client.execute("1", reply=True, timeout=10).content.status == "ok"


def test_shutdown_stops_the_kernel_and_removes_its_connection_file(started):
    manager, _ = started
    connection_file = Path(manager.connection_file)
    pid = manager.process.pid
    assert connection_file.exists()
    started_at = time.monotonic()
    manager.shutdown_kernel()
    # jovi's kernel leaves on the request, before the manager's SIGTERM (half the wait).
    # ipykernel, the reference, once needed that SIGTERM on a loaded CI machine: of it
    # only the whole wait is asked.
    limit = manager.shutdown_wait_time / (1 if manager.kernel_name == IPYKERNEL else 2)
    assert time.monotonic() - started_at < limit
    assert not manager.is_alive()
    assert not connection_file.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_client_of_the_connection_file_alone(started):
    manager, _ = started
    with BlockingKernelClient.from_connection_file(manager.connection_file) as other:
        other.wait_for_ready(timeout=30)
        assert other.kernel_info_reply.content.language_info.name == "python"
        assert (
            other.history(hist_access_type="tail", n=5, reply=True, timeout=10).content.status
            == "ok"
        )
        with pytest.raises(KernelTimeout):
            other.get_shell_msg(timeout=0.1)
