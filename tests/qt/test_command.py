"""``jovi qtconsole`` as a user runs it: a real window on a virtual screen (Xvfb),
typed into with xdotool; --existing leaves the kernel running; options are config."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from tests.qt.xvfb import find_window, virtual_screen, wait_for_file, xdotool

from jovi.cli.qtconsole import QtConsoleApp
from jovi.client import BlockingKernelClient
from jovi.kernels import KernelManager

pytestmark = [pytest.mark.integration, pytest.mark.gui]


def type_line(display: str, window: str, line: str) -> None:
    xdotool(display, "windowfocus", "--sync", window)
    xdotool(display, "type", "--delay", "15", line)
    xdotool(display, "key", "Return")


@pytest.fixture
def screen():
    with virtual_screen() as display:
        yield display


def start_qtconsole(jovi_command, display, *args):
    environment = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    return subprocess.Popen(
        [*jovi_command, "qtconsole", "--no-confirm-exit", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_qtconsole_starts_runs_typed_input_and_exit_stops_its_kernel(
    jovi_command, screen, tmp_path
):
    flag = tmp_path / "ran.txt"
    process = start_qtconsole(jovi_command, screen)
    try:
        window = find_window(screen, "jovi qtconsole")
        xdotool(screen, "mousemove", "--window", window, "100", "100", "click", "1")
        type_line(screen, window, f"open({str(flag)!r}, 'w').write(str(6 * 7))")
        assert wait_for_file(flag) == "42"
        type_line(screen, window, "exit")
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert "To connect another client to this kernel" in output


# The kernel imports matplotlib as it starts: with its font cache built beforehand, not
# while the test waits (under double load the file was not written within 60 s).
@pytest.mark.usefixtures("matplotlib_font_cache")
def test_options_it_does_not_know_go_to_the_kernel_it_starts(jovi_command, screen, tmp_path):
    flag = tmp_path / "backend.txt"
    process = start_qtconsole(jovi_command, screen, "--matplotlib", "inline")
    try:
        window = find_window(screen, "jovi qtconsole")
        xdotool(screen, "mousemove", "--window", window, "100", "100", "click", "1")
        # The kernel got the option and ran %matplotlib inline at start (which imports
        # matplotlib: a kernel started without it has not).
        type_line(
            screen,
            window,
            f"import sys; open({str(flag)!r}, 'w').write(' '.join(sys.argv[-2:])"
            " + ' ' + sys.modules['matplotlib'].get_backend())",
        )
        assert (
            wait_for_file(flag, timeout=120)
            == "--matplotlib inline module://jovi.kernel.backend_inline"
        )
        type_line(screen, window, "exit")
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output


def test_existing_never_stops_the_kernel(jovi_command, screen, tmp_path, isolated_dirs):
    manager = KernelManager("pyimport/jovi")
    manager.start_kernel()
    try:
        flag = tmp_path / "remote.txt"
        process = start_qtconsole(jovi_command, screen, "--existing", manager.connection_file)
        try:
            window = find_window(screen, "jovi qtconsole")
            xdotool(screen, "mousemove", "--window", window, "100", "100", "click", "1")
            type_line(screen, window, "kept = 'still here'")
            type_line(screen, window, f"open({str(flag)!r}, 'w').write(kept)")
            assert wait_for_file(flag) == "still here"
            type_line(screen, window, "exit")
            output, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert process.returncode == 0, output
        assert manager.is_alive()
        with BlockingKernelClient(manager.connection_info) as client:
            client.wait_for_ready(30)
            reply = client.execute("kept", reply=True, timeout=30)
            assert reply.content.status == "ok"
    finally:
        manager.shutdown(now=True)


def test_every_option_is_a_config_option():
    aliases = {alias.spelling: alias.target for alias in QtConsoleApp.all_aliases()}
    assert aliases["--paging"] == "ConsoleWidget.paging"
    assert aliases["--gui-completion"] == "ConsoleWidget.gui_completion"
    assert aliases["--style"] == "JupyterWidget.syntax_style"
    flags = {flag.spelling for flag in QtConsoleApp.all_flags()}
    assert {"--plain", "--existing", "--confirm-exit", "--no-confirm-exit", "--no-banner"} <= flags


def test_qtconsole_reaches_a_kernel_through_ssh(jovi_command, screen, tmp_path):
    from tests.kernels.sshd import SshServer

    directory = tmp_path / "sshd"
    directory.mkdir()
    sshd = SshServer(directory)
    manager = KernelManager("pyimport/jovi")
    manager.start_kernel()
    flag = tmp_path / "through-ssh.txt"
    try:
        options = "[" + ",".join(repr(option) for option in sshd.options) + "]"
        process = start_qtconsole(
            jovi_command,
            screen,
            "--existing",
            manager.connection_file,
            "--ssh",
            sshd.server,
            "--sshkey",
            str(sshd.keyfile),
            f"--QtConsoleApp.ssh_options={options}",
        )
        try:
            window = find_window(screen, "jovi qtconsole")
            xdotool(screen, "mousemove", "--window", window, "100", "100", "click", "1")
            type_line(
                screen,
                window,
                f"import os; open({str(flag)!r}, 'w').write(str(os.getpid()))",
            )
            assert wait_for_file(flag) == str(manager.process.pid)
            type_line(screen, window, "exit")
            output, _ = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert process.returncode == 0, output
        assert "-ssh.json" in output
        assert manager.is_alive()
    finally:
        manager.shutdown(now=True)
        sshd.stop()


def test_the_qtconsole_magic_opens_a_console_on_the_kernel(
    jovi_command, screen, tmp_path, isolated_dirs
):
    import psutil

    manager = KernelManager("pyimport/jovi")
    manager.start_kernel(env={**os.environ, "DISPLAY": screen, "QT_QPA_PLATFORM": "xcb"})
    try:
        flag = tmp_path / "from-the-console.txt"
        with BlockingKernelClient(manager.connection_info) as client:
            client.wait_for_ready(30)
            client.execute("shared = 'the same kernel'", reply=True, timeout=30)
            reply = client.execute("%qtconsole --no-confirm-exit", reply=True, timeout=30)
            assert reply.content.status == "ok"
        window = find_window(screen, "jovi qtconsole")
        [console] = psutil.Process(manager.process.pid).children()
        xdotool(screen, "mousemove", "--window", window, "100", "100", "click", "1")
        type_line(screen, window, f"open({str(flag)!r}, 'w').write(shared)")
        assert wait_for_file(flag) == "the same kernel"
        type_line(screen, window, "exit")  # the console ends; the kernel stays
        deadline = time.monotonic() + 30
        while console.is_running() and console.status() != psutil.STATUS_ZOMBIE:
            assert time.monotonic() < deadline, "the console did not end"
            time.sleep(0.05)  # it is the kernel's child: only polling sees it end
        with BlockingKernelClient(manager.connection_info) as client:
            client.wait_for_ready(30)
            reply = client.execute("shared", reply=True, timeout=30)
            assert reply.content.status == "ok"
        assert manager.is_alive()
    finally:
        manager.shutdown(now=True)


def test_jupyters_console_section_configures_both_consoles():
    from jovi.cli.console import ConsoleApp
    from jovi.config import Config

    config = Config()
    section = config.section("JupyterConsoleApp")
    section.set("existing", "kernel-1234.json")
    section.set("sshserver", "me@example.org")
    section.set("confirm_exit", False)
    for app_class in (QtConsoleApp, ConsoleApp):
        app = app_class(config=config)
        assert (app.existing, app.sshserver, app.confirm_exit) == (
            "kernel-1234.json",
            "me@example.org",
            False,
        ), app_class
