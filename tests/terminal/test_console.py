"""``jovi console`` in a real terminal (tmux), against jovi's kernel and ipykernel: code
runs, outputs show, Ctrl-C interrupts, --existing reconnects, leaving keeps a kernel it
did not start, a dead kernel is announced and restarted, other clients' output, ssh."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest
from tests.kernels.conftest import JOVI, ipykernel_spec, kernel_name, user_kernels
from tests.kernels.sshd import SshServer
from tests.terminal.tmux import TmuxTerminal, jovi_command, terminal_env

from jovi.client import BlockingKernelClient
from jovi.kernels import KernelManager

__all__ = ["ipykernel_spec", "kernel_name", "user_kernels"]

pytestmark = pytest.mark.integration


@pytest.fixture
def console(tmp_path, isolated_dirs, monkeypatch):
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    terminals = []
    runtime = isolated_dirs / "jupyter-runtime"

    def launch(*args, width=110, height=40, **env):
        environment = {
            "JUPYTER_DATA_DIR": str(isolated_dirs / "jupyter-data"),
            "JUPYTER_RUNTIME_DIR": str(runtime),
            "JUPYTER_CONFIG_DIR": str(isolated_dirs / "jupyter-config"),
            "JUPYTER_PREFER_ENV_PATH": "0",
            "PAGER": "cat",
            **env,
        }
        terminal = TmuxTerminal(
            [*jovi_command(), "console", *args],
            env=terminal_env(isolated_dirs / "home", isolated_dirs / "jovi", **environment),
            cwd=tmp_path,
            width=width,
            height=height,
        )
        terminals.append(terminal)
        return terminal

    launch.runtime = runtime
    yield launch
    for terminal in terminals:
        terminal.close()


def kernel_flag(name):
    return ["--kernel", name]


def run(term, code, expect, *, prompt_number=None, timeout=20):
    term.type(code)
    term.send("Enter")
    term.wait_for(expect, timeout=timeout)
    if prompt_number is not None:
        term.wait_for(f"In [{prompt_number}]:", timeout=timeout)


def test_code_runs_outputs_show_ctrl_c_interrupts_and_leaving_stops_the_kernel(
    console, kernel_name
):
    term = console(*kernel_flag(kernel_name), "--no-confirm-exit")
    term.wait_for("In [1]:", timeout=40)
    run(term, "print('hello ' + 'there'); 6 * 7", "Out[1]: 42", prompt_number=2)
    assert "hello there" in term.screen()
    # Multi-line input, the kernel deciding when it is complete.
    term.type("for i in range(3):")
    term.send("Enter")
    term.wait_for("...:")
    term.type("print('line', i)")
    term.send("Enter")
    term.send("Enter")
    term.wait_for("line 2")
    term.wait_for("In [3]:")
    # input() answered at the prompt.
    term.type("name = input('Your name: ')")
    term.send("Enter")
    term.wait_for("Your name:", count=2)
    term.type("Ada")
    term.send("Enter")
    term.wait_for("In [4]:")
    run(term, "name.upper()", "Out[4]: 'ADA'", prompt_number=5)
    # Ctrl-C interrupts running code.
    term.type("import time; time.sleep(60)")
    term.send("Enter")
    # A fixed wait, still: waiting for the cell's own output here instead made the
    # ipykernel variant fail (prompt_toolkit's "Return value already set" from the
    # console's Enter handler, session.decide_in_turn); left for a fix of the console.
    time.sleep(1.0)
    started = time.monotonic()
    term.send("C-c")
    # With jovi's kernel promptly; ipykernel, the reference, took 3.3 s on a doubly
    # loaded machine (load average 50): of it only that the console's Ctrl-C works is
    # asked.
    limit = 3.0 if kernel_name == JOVI else 10.0
    term.wait_for("KeyboardInterrupt", timeout=limit + 2)
    assert time.monotonic() - started < limit
    term.wait_for("In [6]:")
    connection_files = list(console.runtime.glob("kernel-*.json"))
    assert len(connection_files) == 1
    term.send("C-d")
    term.wait_for("[exited with 0]", timeout=20)
    assert list(console.runtime.glob("kernel-*.json")) == []


@pytest.fixture
def running_kernel(kernel_name):
    manager = KernelManager(kernel_name)
    manager.start_kernel()
    manager.wait_for_ready(timeout=30)
    try:
        yield manager
    finally:
        manager.shutdown(now=True)


def test_existing_reconnects_and_leaving_keeps_the_kernel(console, running_kernel):
    first = console("--existing")  # the newest connection file
    first.wait_for("In [1]:", timeout=30)
    run(first, "kept = 'still here'", "In [2]:")
    first.type("exit")
    first.send("Enter")
    first.wait_for("The kernel keeps running; connect to it again with:", timeout=20)
    name = Path(running_kernel.connection_file).name
    first.wait_for(f"jovi console --existing {name}")
    first.wait_for("[exited with 0]")
    assert running_kernel.is_alive()
    second = console("--existing", name, "--no-confirm-exit")
    second.wait_for("In [2]:", timeout=30)  # the kernel's count goes on
    run(second, "kept", "Out[2]: 'still here'", prompt_number=3)
    second.send("C-d")
    second.wait_for("[exited with 0]", timeout=20)
    assert running_kernel.is_alive()


def test_exit_keep_kernel_leaves_a_started_jovi_kernel_running(console):
    term = console("--no-confirm-exit")
    term.wait_for("In [1]:", timeout=30)
    run(term, "import os; pid = os.getpid(); pid", "Out[1]:", prompt_number=2)
    pid = int(re.search(r"Out\[1\]: (\d+)", term.screen()).group(1))
    term.type("exit(keep_kernel=True)")
    term.send("Enter")
    term.wait_for("The kernel keeps running; connect to it again with:", timeout=20)
    term.wait_for("[exited with 0]", timeout=20)
    time.sleep(1.0)  # the kernel would have noticed its parent's end by now
    os.kill(pid, 0)  # still there
    [connection] = console.runtime.glob("kernel-*.json")
    client = BlockingKernelClient.from_connection_file(connection)
    try:
        client.start_channels()
        client.wait_for_ready(20)
        reply = client.execute("pid", reply=True, timeout=20)
        assert reply.content.status == "ok"
    finally:
        client.stop_channels()
        os.kill(pid, signal.SIGTERM)


def test_other_clients_output_help_and_restart_refused_for_an_existing_kernel(console):
    manager = KernelManager(JOVI)
    manager.start_kernel()
    try:
        term = console("--existing", manager.connection_file, "--include-other-output")
        term.wait_for("In [1]:", timeout=30)
        with BlockingKernelClient.from_connection_file(manager.connection_file) as other:
            other.wait_for_ready(timeout=20)
            other.execute_interactive(
                "print('from another client')", timeout=20, output_hook=lambda m: None
            )
        term.wait_for("[remote] In [1]: print('from another client')")
        term.wait_for("[remote] from another client")
        run(term, "len?", "Return the number of items in a container.", prompt_number=3)
        term.type("%restart")
        term.send("Enter")
        term.wait_for("this console did not start the kernel, so it cannot restart it")
    finally:
        manager.shutdown(now=True)


def test_a_dead_kernel_is_announced_and_restarted(console):
    term = console(*kernel_flag(JOVI), "--no-confirm-exit")
    term.wait_for("In [1]:", timeout=30)
    run(term, "import os; os.getpid()", "Out[1]: ", prompt_number=2)
    pid = int(re.search(r"Out\[1\]: (\d+)", term.screen()).group(1))
    os.kill(pid, signal.SIGKILL)
    term.wait_for(f"jovi: the kernel '{JOVI}' (pid {pid}) was killed by SIGKILL.", timeout=10)
    term.wait_for("Restart it with %restart (or Ctrl-X Ctrl-R)")
    term.type("%restart")
    term.send("Enter")
    term.wait_for("jovi: the kernel was restarted (a fresh namespace).", timeout=30)
    run(term, "1 + 1", "Out[1]: 2")
    term.wait_for("In [2]:", count=2)  # the new prompt, not the one before the restart
    term.send("C-x", "C-r")
    term.wait_for("jovi: the kernel was restarted", count=2, timeout=30)
    # Dying while code runs: the console stops waiting and offers a restart.
    term.type("import os; os.getpid()")
    term.send("Enter")
    term.wait_for("Out[1]: ", count=3)
    term.wait_for("In [2]:", count=3)
    pid = int(re.findall(r"Out\[1\]: (\d+)", term.history_screen())[-1])
    term.type("print('run' + 'ning'); import time; time.sleep(60)")
    term.send("Enter")
    term.wait_for("running")  # printed by the cell: it runs
    os.kill(pid, signal.SIGKILL)
    term.wait_for("Restart the kernel ([y]/n)?", timeout=10)
    term.type("y")
    term.send("Enter")
    term.wait_for("jovi: the kernel was restarted", count=3, timeout=30)
    run(term, "2 + 2", "Out[1]: 4")
    # Ctrl-D only once the prompt reads keys: before, the terminal is in cooked mode
    # and its line discipline swallows the EOF character (as for any program).
    term.wait_for("In [2]:", count=4)
    term.send("C-d")
    term.wait_for("[exited with 0]", timeout=20)


def test_the_console_reaches_a_kernel_through_ssh(console, tmp_path):
    directory = tmp_path / "sshd"
    directory.mkdir()
    sshd = SshServer(directory)
    manager = KernelManager(JOVI)
    manager.start_kernel()
    try:
        options = "[" + ",".join(repr(option) for option in sshd.options) + "]"
        term = console(
            "--existing",
            manager.connection_file,
            "--ssh",
            sshd.server,
            "--sshkey",
            str(sshd.keyfile),
            f"--ConsoleApp.ssh_options={options}",
            "--no-confirm-exit",
        )
        term.wait_for("To connect another client through this tunnel, use:", timeout=30)
        term.wait_for("-ssh.json")
        term.wait_for("In [1]:", timeout=30)
        run(
            term,
            "import os; os.getpid() == " + str(manager.process.pid),
            "Out[1]: True",
            prompt_number=2,
        )
        term.send("C-d")
        term.wait_for("[exited with 0]", timeout=20)
        assert manager.is_alive()
    finally:
        manager.shutdown(now=True)
        sshd.stop()
