"""The real jupyter_client (test peer) drives jovi's kernel: execute, complete, inspect,
input, interrupt, restart, shutdown; and the kernel dies with its parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from queue import Empty

import pytest
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import start_new_kernel

pytestmark = [pytest.mark.interop, pytest.mark.integration]


@pytest.fixture
def kernel(jovi_kernelspec):
    km, kc = start_new_kernel(kernel_name="jovi", startup_timeout=30)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def run(kc, code, **options):
    """Execute ``code``; return the reply content and the iopub messages of the request."""
    seen = []
    reply = kc.execute_interactive(code, timeout=20, output_hook=seen.append, **options)
    return reply["content"], seen


RUNNING = "print('running', flush=True)\n"
"""Prefixed to a cell whose running the test waits for (wait_until_running)."""


def wait_until_running(kc, msg_id, timeout=10.0, marker="running"):
    """Wait until the cell printed RUNNING's marker: its code runs (execute_input is
    published before it does, when an interrupt would still find no code to stop)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            message = kc.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if (
            message["parent_header"].get("msg_id") == msg_id
            and message["msg_type"] == "stream"
            and marker in message["content"]["text"]
        ):
            return
    raise AssertionError("the execution never started")


def reply_to(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while True:
        message = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if message["parent_header"].get("msg_id") == msg_id:
            return message["content"]


def test_execute_complete_and_inspect(kernel):
    _, kc = kernel
    reply, seen = run(kc, "import os\nprint('hello')\n6 * 7")
    assert reply["status"] == "ok"
    streams = [m["content"]["text"] for m in seen if m["msg_type"] == "stream"]
    results = [
        m["content"]["data"]["text/plain"] for m in seen if m["msg_type"] == "execute_result"
    ]
    assert (streams, results) == (["hello\n"], ["42"])
    completed = kc.complete("os.pa", 5, reply=True, timeout=10)["content"]
    assert "os.path" in completed["matches"] or "path" in completed["matches"]
    assert completed["cursor_end"] == 5
    inspected = kc.inspect("os.path.join(", 13, reply=True, timeout=10)["content"]
    assert inspected["found"] is True
    assert "join" in inspected["data"]["text/plain"]


def test_inspecting_a_value_shows_its_string_form_and_length_as_ipykernel_does(kernel):
    # JupyterLab's contextual help (Shift-Tab) on a variable shows its value so.
    km, kc = kernel
    assert run(kc, "d = {'alpha': 1, 'beta': 2}")[0]["status"] == "ok"
    text = kc.inspect("d", 1, reply=True, timeout=10)["content"]["data"]["text/plain"]
    assert "String form:" in text
    assert "{'alpha': 1, 'beta': 2}" in text
    assert "Length:" in text
    # On control, answered beside a running cell by another thread: the value's own
    # code (str, len) is not run there.
    msg_id = kc.execute(RUNNING + "import time\ntime.sleep(30)")
    wait_until_running(kc, msg_id)
    request = kc.session.msg("inspect_request", {"code": "d", "cursor_pos": 1, "detail_level": 0})
    kc.control_channel.send(request)
    while True:
        reply = kc.get_control_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == request["header"]["msg_id"]:
            break
    assert reply["content"]["found"] is True
    assert "String form:" not in reply["content"]["data"]["text/plain"]
    km.interrupt_kernel()
    assert reply_to(kc, msg_id, timeout=10)["status"] == "error"


def test_input_is_answered_through_stdin(kernel):
    _, kc = kernel
    prompts = []

    def answer(message):
        prompts.append(message["content"])
        kc.input("ok")

    reply = kc.execute_interactive(
        "x = input('? ')\nprint(x)",
        timeout=20,
        allow_stdin=True,
        stdin_hook=answer,
        output_hook=lambda m: None,
    )
    assert reply["content"]["status"] == "ok"
    assert prompts == [{"prompt": "? ", "password": False}]
    values = kc.execute("", user_expressions={"x": "x"}, reply=True, timeout=10)
    assert values["content"]["user_expressions"]["x"]["data"]["text/plain"] == "'ok'"


@pytest.mark.parametrize(
    "code",
    [
        "while True:\n    pass",
        "import time\ntime.sleep(60)",
        "while True:\n    print('flood' * 20)",
    ],
    ids=["busy loop", "sleep", "output flood"],
)
def test_an_interrupt_stops_code_within_a_second(kernel, code):
    km, kc = kernel
    msg_id = kc.execute(RUNNING + code)
    wait_until_running(kc, msg_id)
    start = time.monotonic()
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=5)
    elapsed = time.monotonic() - start
    assert reply["status"] == "error"
    assert reply["ename"] == "KeyboardInterrupt"
    assert elapsed < 1.0
    after, _ = run(kc, "'alive'")
    assert after["status"] == "ok"


def test_a_sigint_the_main_thread_did_not_handle_is_sent_to_it_again(kernel):
    # A SIGINT can reach the process without the main thread's handler running while
    # it waits in a call: CPython 3.11 forgets it when another thread checks for pending
    # calls first (seen: an interrupt just after a cell printed was lost), or another
    # thread takes it.  The kernel sees every SIGINT through the signal module's wake-up
    # file and sends one to the main thread again when its handler did not run.
    _, kc = kernel
    code = (
        "import signal, threading, time\n"
        "def take_it():  # a thread that does not block SIGINT takes one\n"
        "    time.sleep(0.2)  # the main thread sleeps by then\n"
        "    signal.pthread_kill(threading.get_ident(), signal.SIGINT)\n"
        "threading.Thread(target=take_it).start()\n"
        "time.sleep(30)\n"
    )
    msg_id = kc.execute(RUNNING + code)
    wait_until_running(kc, msg_id)
    reply = reply_to(kc, msg_id, timeout=5)
    assert reply["ename"] == "KeyboardInterrupt"
    after, _ = run(kc, "'alive'")
    assert after["status"] == "ok"


def test_an_interrupt_while_idle_does_not_kill_the_kernel(kernel):
    km, kc = kernel
    km.interrupt_kernel()
    time.sleep(0.3)
    assert km.is_alive()
    reply, _ = run(kc, "1")
    assert reply["status"] == "ok"


def test_an_interrupt_message_works_too(isolated_dirs, jovi_kernelspec):
    spec = json.loads((jovi_kernelspec / "kernel.json").read_text())
    spec["interrupt_mode"] = "message"
    message_spec = jovi_kernelspec.parent / "jovi-message"
    message_spec.mkdir()
    (message_spec / "kernel.json").write_text(json.dumps(spec))
    km, kc = start_new_kernel(kernel_name="jovi-message", startup_timeout=30)
    try:
        msg_id = kc.execute(RUNNING + "import time\ntime.sleep(60)")
        wait_until_running(kc, msg_id)
        start = time.monotonic()
        km.interrupt_kernel()  # sends interrupt_request on control
        reply = reply_to(kc, msg_id, timeout=5)
        assert reply["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - start < 1.0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_restart_gives_a_fresh_kernel_and_shutdown_ends_it_cleanly(kernel):
    km, kc = kernel
    run(kc, "value = 1")
    first_session = kc.kernel_info(reply=True, timeout=10)["header"]["session"]
    km.restart_kernel()
    kc.wait_for_ready(timeout=30)
    info = kc.kernel_info(reply=True, timeout=10)
    assert info["header"]["session"] != first_session
    reply, _ = run(kc, "value")
    assert reply["ename"] == "NameError"
    process = km.provisioner.process
    start = time.monotonic()
    km.shutdown_kernel()
    assert process.wait(timeout=5) == 0  # it exited by itself, not by SIGTERM or SIGKILL
    assert time.monotonic() - start < km.shutdown_wait_time / 2


def test_sigterm_taken_by_another_thread_still_stops_an_idle_kernel(kernel):
    # The system gives a process's signal to any thread that does not block it: the
    # main thread first, but another when the main thread already has one pending.
    # Python runs the handler on the main thread only, which an idle kernel keeps
    # asleep in its event loop: the SIGTERM waited until something woke it (a
    # process.terminate() of a test waited 10 s in vain once, on a loaded machine).
    # Here the main thread blocks SIGTERM, so a thread of the cell's takes it.
    km, kc = kernel
    code = (
        "import signal, threading, time\n"
        "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})\n"
    )
    assert kc.execute_interactive(code, timeout=30)["content"]["status"] == "ok"
    process = km.provisioner.process
    os.kill(process.pid, signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    km.shutdown_kernel(now=True)  # the manager's own clean-up (its kernel has ended)


def test_every_client_sees_the_shutdown_reply_on_iopub(kernel):
    # As ipykernel does: a console attached to the kernel learns it is going away
    # from the shutdown_reply another client caused, not only from a dead heartbeat.
    km, kc = kernel
    other = BlockingKernelClient(connection_file=km.connection_file)  # a session of its own
    other.load_connection_file()
    other.start_channels()
    try:
        other.wait_for_ready(timeout=10)
        msg_id = kc.shutdown()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            message = other.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if message["msg_type"] == "shutdown_reply":
                break
        assert message["parent_header"]["msg_id"] == msg_id
        assert message["content"] == {"status": "ok", "restart": False}
    finally:
        other.stop_channels()


def test_the_kernel_exits_when_its_parent_dies(tmp_path):
    from jupyter_client.connect import write_connection_file

    connection_file = tmp_path / "kernel.json"
    write_connection_file(str(connection_file), ip="127.0.0.1", key=b"secret")
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    env = {**os.environ, "JPY_PARENT_PID": str(parent.pid)}
    kernel = subprocess.Popen(
        [sys.executable, "-m", "jovi", "kernel", "-f", str(connection_file)],
        env=env,
        stdin=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        assert kernel.poll() is None
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert kernel.wait(timeout=10) == 0
    finally:
        for process in (parent, kernel):
            if process.poll() is None:
                process.kill()
                process.wait()


def test_an_interrupt_ends_a_wait_for_input(kernel):
    km, kc = kernel
    msg_id = kc.execute("input('never answered? ')", allow_stdin=True)
    request = kc.get_stdin_msg(timeout=10)
    assert request["content"]["prompt"] == "never answered? "
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=5)
    assert reply["ename"] == "KeyboardInterrupt"


_WAITING_COMM_TARGET = (
    "import comm, os, time\n"
    "def target(opened, message):\n"
    "    main = get_ipython().kernel.main\n"
    "    while {cells} and not main.queued:  # the cell the test sends waits its turn\n"
    "        time.sleep(0.01)\n"
    "    print('handling', flush=True)\n"
    "    while not os.path.exists({flag!r}):\n"
    "        time.sleep(0.01)\n"
    "    gate = get_ipython().kernel.gate\n"
    "    while not {cells} and not gate.ignored:  # the interrupt has been handled\n"
    "        time.sleep(0.01)\n"
    "    print('handled', flush=True)\n"
    "comm.get_comm_manager().register_target('waits', target)"
)


def _open_waiting_comm(kc, flag, *, cell=None):
    """Hold the main shell outside any cell in a comm handler that waits for ``flag``;
    with ``cell``, send that cell behind it.  Return the comm_open's and the cell's
    msg_ids."""
    run(kc, _WAITING_COMM_TARGET.format(flag=str(flag), cells=cell is not None))
    opened = kc.session.msg("comm_open", {"comm_id": "w", "target_name": "waits", "data": {}})
    kc.shell_channel.send(opened)
    msg_id = None if cell is None else kc.execute(cell, allow_stdin=True)
    wait_until_running(kc, opened["header"]["msg_id"], marker="handling")
    return opened["header"]["msg_id"], msg_id


def test_an_interrupt_while_a_cell_waits_its_turn_ends_that_cell_before_it_runs(kernel, tmp_path):
    # On a loaded machine a cell sent a moment before an interrupt may not have started
    # when the interrupt comes (ipykernel's test_interrupt_with_message timed out in CI
    # so: the interrupt was ignored, then the cell's input() waited for ever).  Here
    # the main shell is held in a comm handler while the cell waits its turn.  (The
    # SIGINT reaches the handler, asleep, before it can see the flag.)
    km, kc = kernel
    flag = tmp_path / "go-on"
    _, msg_id = _open_waiting_comm(kc, flag, cell="input()")
    km.interrupt_kernel()
    flag.touch()
    reply = reply_to(kc, msg_id, timeout=10)
    assert (reply["status"], reply["ename"]) == ("error", "KeyboardInterrupt")
    with pytest.raises(Empty):
        kc.get_stdin_msg(timeout=0.2)  # the cell never ran: it asked for no input
    after, _ = run(kc, "'alive'")
    assert after["status"] == "ok"


def test_an_interrupt_while_no_cell_waits_is_kept_for_none(kernel, tmp_path):
    km, kc = kernel
    flag = tmp_path / "go-on"
    opened, _ = _open_waiting_comm(kc, flag)
    km.interrupt_kernel()  # the main shell is busy, but with no cell
    flag.touch()
    # The cell is sent once the kernel has seen the interrupt: sent earlier, it may
    # reach the kernel before the main thread (late on a loaded machine) handles the
    # SIGINT, and then it is rightly the cell the interrupt is kept for.
    wait_until_running(kc, opened, marker="handled")
    after, _ = run(kc, "import time; time.sleep(0.3); 'alive'")
    assert after["status"] == "ok"


def test_start_up_lines_and_extensions_run_before_the_first_request(jovi_kernelspec, tmp_path):
    (tmp_path / "greeting_extension.py").write_text(
        "def load_jovi_extension(shell):\n    shell.user_ns['greeting'] = 'hello'\n"
    )
    km, kc = start_new_kernel(
        kernel_name="jovi",
        startup_timeout=30,
        cwd=str(tmp_path),
        extra_arguments=[
            "--KernelApp.exec_lines=['preset = 7']",
            "--KernelApp.extensions=['greeting_extension']",
        ],
    )
    try:
        reply = kc.execute(
            "", user_expressions={"values": "(preset, greeting)"}, reply=True, timeout=10
        )
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert reply["content"]["user_expressions"]["values"]["data"]["text/plain"] == "(7, 'hello')"


def test_a_kernelspec_running_python_m_jovi_kernel_works(jovi_kernelspec):
    # The form a kernelspec for jovi names: ["python", "-m", "jovi.kernel", "-f", ...].
    spec_dir = jovi_kernelspec.parent / "jovi-module"
    spec_dir.mkdir()
    spec = {
        "argv": [sys.executable, "-m", "jovi.kernel", "-f", "{connection_file}"],
        "display_name": "Python 3 (jovi, module)",
        "language": "python",
        "interrupt_mode": "signal",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    km, kc = start_new_kernel(kernel_name="jovi-module", startup_timeout=30)
    try:
        content, _ = run(kc, "import sys; sys.argv")
        assert content["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_jupyter_run_runs_a_script_on_jovis_kernel(jovi_kernelspec, tmp_path):
    # jupyter run passes the script's name on to the kernel's command line too.
    script = tmp_path / "s.py"
    script.write_text("print('hi')\n3*3\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "run", "--kernel=jovi", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["hi", "9"]
