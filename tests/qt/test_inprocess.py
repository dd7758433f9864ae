"""The in-process kernel: the guide's example runs as written (its app.exec() replaced
by checks), cells run on the application's GUI thread and reach its objects."""

from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.gui]

GUIDE = REPO_ROOT / "docs" / "guide" / "qtconsole.md"


def inprocess_example() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## A kernel inside your application", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def run_cell(qtbot, console, source: str, expect: str) -> None:
    qtbot.waitUntil(console.input_open, timeout=30000)
    console.input_buffer = source
    qtbot.keyClick(console.control, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: expect in console.control.toPlainText() and console.input_open(), timeout=30000
    )


def test_the_guides_inprocess_example(qtbot, isolated_dirs):
    source = inprocess_example()
    assert "app.exec()" in source
    namespace: dict[str, object] = {}

    def run_until_checked() -> None:
        console = namespace["console"]
        window = namespace["window"]
        qtbot.addWidget(window)
        run_cell(qtbot, console, "app", "Out[1]: <PySide6.QtWidgets.QApplication")
        # The cell runs on this (the GUI) thread and changes the application's window.
        run_cell(qtbot, console, "window.setWindowTitle('renamed from the console')", "In [3]")
        assert window.windowTitle() == "renamed from the console"
        run_cell(
            qtbot,
            console,
            "import threading; print(threading.current_thread() is threading.main_thread())",
            "True",
        )
        namespace["manager_alive_before"] = namespace["kernel_manager"].is_alive()

    namespace["run_until_checked"] = run_until_checked
    exec(
        compile(source.replace("app.exec()", "run_until_checked()"), str(GUIDE), "exec"), namespace
    )
    assert threading.current_thread() is threading.main_thread()
    assert namespace["manager_alive_before"] is True
    assert not namespace["kernel_manager"].is_alive()


@pytest.fixture
def inprocess(qtbot, isolated_dirs):
    """A console on an in-process kernel: (manager, console)."""
    from jovi.inprocess import QtInProcessKernelManager
    from jovi.qt import RichJupyterWidget

    manager = QtInProcessKernelManager()
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    console = RichJupyterWidget()
    qtbot.addWidget(console)
    console.kernel_manager = manager
    console.kernel_client = client
    console.show()
    yield manager, console
    console.close_kernel_channels()
    manager.shutdown_kernel()


def test_a_cell_that_awaits_runs_on_qts_loop(qtbot, inprocess):
    _manager, console = inprocess
    run_cell(qtbot, console, "import asyncio\nawait asyncio.sleep(0.2)\n'slept'", "Out[1]: 'slept'")


def test_cells_print_to_the_console_and_the_application_to_its_own_stdout(qtbot, inprocess, capsys):
    _manager, console = inprocess
    run_cell(qtbot, console, "print('from a cell')", "from a cell")
    print("from the application")
    assert "from the application" not in console.control.toPlainText()
    assert "from the application" in capsys.readouterr().out


def test_a_shutdown_from_the_client_ends_the_kernel(qtbot, inprocess):
    manager, console = inprocess
    run_cell(qtbot, console, "x = 1", "In [2]")
    console.kernel_client.shutdown()
    qtbot.waitUntil(lambda: not manager.is_alive(), timeout=30000)
    assert manager.kernel is None


def test_input_is_refused_instead_of_freezing_the_application(qtbot, inprocess):
    _manager, console = inprocess
    run_cell(qtbot, console, "input('name? ')", "StdinNotImplementedError")


def test_it_cannot_restart(qtbot, inprocess):
    from jovi.inprocess.manager import InProcessKernelError

    manager, _console = inprocess
    with pytest.raises(InProcessKernelError):
        manager.restart()


def test_interrupt_stops_a_cell_that_lets_qt_process_events(qtbot, inprocess):
    from PySide6.QtCore import QTimer

    manager, console = inprocess
    manager.kernel.shell.push({"app": QApplication.instance()})
    # The interrupt comes from Qt's loop while the cell runs it, as Ctrl-C would.
    QTimer.singleShot(300, console.interrupt_kernel)
    run_cell(qtbot, console, "while True:\n    app.processEvents()\n", "KeyboardInterrupt")
    run_cell(qtbot, console, "'still here'", "'still here'")


def test_a_client_on_another_thread_runs_code_in_the_applications_namespace(qtbot, inprocess):
    from jovi.client import BlockingKernelClient

    manager, console = inprocess
    run_cell(qtbot, console, "shared = 'from the console'", "In [2]")
    replies: dict[str, object] = {}

    def other_client() -> None:
        client = BlockingKernelClient(manager.connection_info)
        client.start_channels()
        try:
            # Until IOPub is up, what the kernel publishes is lost (the idle that ends
            # the run): a new client waits for it first (once in CI it did not).
            client.wait_for_ready(30)
            reply = client.execute_interactive("seen = shared.upper()", timeout=30)
            replies["status"] = reply.content.status
        finally:
            client.stop_channels()

    thread = threading.Thread(target=other_client)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30000)
    assert replies["status"] == "ok"
    assert manager.kernel.shell.user_ns["seen"] == "FROM THE CONSOLE"
