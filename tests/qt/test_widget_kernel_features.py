"""Completion widgets, calltips, the pager in each mode, input() and passwords, the
kernel's payloads, restart and remote consoles, other clients' output."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from tests.qt.conftest import JOVI, run

pytestmark = [pytest.mark.integration, pytest.mark.gui]

SHIFT = Qt.KeyboardModifier.ShiftModifier


def text(widget) -> str:
    return widget.control.toPlainText()


@pytest.mark.parametrize("kind", ["droplist", "ncurses"])
def test_completion_lists_show_matches_and_insert_the_chosen_one(qtbot, console_factory, kind):
    console = console_factory(gui_completion=kind)
    run(qtbot, console, "zebra_one = 1; zebra_two = 2", "In [2]:")
    qtbot.keyClicks(console.control, "zeb")
    qtbot.keyClick(console.control, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: console.completion.visible, timeout=30000)
    assert console.input_buffer == "zebra_"  # the common prefix first
    assert console.completion.items() == ["zebra_one", "zebra_two"]
    key = Qt.Key.Key_Tab if kind == "ncurses" else Qt.Key.Key_Down
    qtbot.keyClick(console.control, key)
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    assert not console.completion.visible
    assert console.input_buffer == "zebra_two"


def test_plain_completion_lists_matches_in_the_console(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name, gui_completion="plain")
    run(qtbot, console, "zebra_one = 1; zebra_two = 2", "In [2]:")
    qtbot.keyClicks(console.control, "zebra_")
    qtbot.keyClick(console.control, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "zebra_one  zebra_two" in text(console), timeout=30000)
    assert console.input_buffer == "zebra_"
    assert text(console).rstrip().endswith("In [2]: zebra_")


def test_one_match_is_inserted_at_once(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    run(qtbot, console, "unique_name_here = 1", "In [2]:")
    qtbot.keyClicks(console.control, "unique_na")
    qtbot.keyClick(console.control, Qt.Key.Key_Tab)
    # ipykernel's first completion warms jedi up: seconds.
    qtbot.waitUntil(lambda: console.input_buffer == "unique_name_here", timeout=30000)


def test_tab_at_line_start_indents(qtbot, console_factory):
    console = console_factory()
    qtbot.keyClick(console.control, Qt.Key.Key_Tab)
    assert console.input_buffer == "    "
    qtbot.keyClick(console.control, Qt.Key.Key_Backtab)
    assert console.input_buffer == ""


def test_calltip_on_open_parenthesis(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    run(qtbot, console, "def greet(name, punctuation='!'):\n    'Say hello.'\n", "In [2]:")
    qtbot.keyClicks(console.control, "greet(")
    qtbot.waitUntil(console.calltip.isVisible, timeout=30000)
    assert "name, punctuation='!'" in console.calltip.text()
    qtbot.keyClicks(console.control, "'x')")
    assert not console.calltip.isVisible()


@pytest.mark.parametrize("mode", ["inside", "hsplit", "vsplit"])
def test_help_pages_in_each_mode(qtbot, console_factory, mode):
    console = console_factory(paging=mode)
    run(qtbot, console, "def documented():\n    'The documentation string.'\n", "In [2]:")
    run(qtbot, console, "documented?", "In [3]:")
    qtbot.waitUntil(lambda: console.pager.visible)
    assert "The documentation string." in console.pager.widget.toPlainText()
    assert console.control.isVisible() == (mode != "inside")
    qtbot.keyClick(console.pager.widget, Qt.Key.Key_Q)
    assert not console.pager.visible
    assert console.control.isVisible()


def test_paging_none_writes_into_the_console_and_custom_emits(qtbot, console_factory):
    console = console_factory(paging="none")
    run(qtbot, console, "def documented():\n    'The documentation string.'\n", "In [2]:")
    run(qtbot, console, "documented?", "The documentation string.")
    custom = console_factory(paging="custom")
    with qtbot.waitSignal(custom.custom_page_requested) as paged:
        custom.input_buffer = "len?"
        qtbot.keyClick(custom.control, Qt.Key.Key_Return, SHIFT)
    assert "Return the number of items" in paged.args[0]


def test_input_round_trip_and_password(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    console.input_buffer = "answer = input('Name? '); print('got', answer)"
    qtbot.keyClick(console.control, Qt.Key.Key_Return, SHIFT)
    qtbot.waitUntil(lambda: text(console).endswith("Name? ") and console.input_open())
    qtbot.keyClicks(console.control, "Ada")
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "got Ada" in text(console) and "In [2]:" in text(console))
    console.input_buffer = (
        "import getpass; secret = getpass.getpass('Secret: '); print(len(secret))"
    )
    qtbot.keyClick(console.control, Qt.Key.Key_Return, SHIFT)
    qtbot.waitUntil(lambda: text(console).endswith("Secret: ") and console.input_open())
    qtbot.keyClicks(console.control, "hidden")
    assert "hidden" not in text(console)
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "\n6\n" in text(console) and "In [3]:" in text(console))
    assert "hidden" not in text(console)


def test_load_puts_the_file_into_the_next_input(qtbot, console_factory, kernel_name, tmp_path):
    script = tmp_path / "script.py"
    script.write_text("loaded = 'from the file'\n", encoding="utf-8")
    console = console_factory(kernel_name)
    run(qtbot, console, f"%load {script}", "In [2]:")
    qtbot.waitUntil(lambda: "loaded = 'from the file'" in console.input_buffer)


def test_exit_asks_the_window_to_close(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    with qtbot.waitSignal(console.exit_requested) as asked:
        console.input_buffer = "exit"
        qtbot.keyClick(console.control, Qt.Key.Key_Return, SHIFT)
    assert asked.args == [False]


def test_restart_clears_and_says_so(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name, confirm_restart=False)
    run(qtbot, console, "value = 41", "In [2]:")
    assert console.restart_kernel(now=True)
    qtbot.waitUntil(
        lambda: "Restarting kernel..." in text(console) and console.input_open(), timeout=60000
    )
    assert "value = 41" not in text(console)
    assert "In [1]:" in text(console)
    run(qtbot, console, "'value' in dir()", "Out[1]: False", timeout=30000)


def test_restart_without_clearing_keeps_a_marker(qtbot, console_factory):
    console = console_factory(confirm_restart=False, clear_on_kernel_restart=False)
    run(qtbot, console, "value = 41", "In [2]:")
    console.restart_kernel(now=True)
    qtbot.waitUntil(
        lambda: "Restarting kernel..." in text(console) and console.input_open(), timeout=60000
    )
    assert "value = 41" in text(console)


def test_a_remote_console_cannot_restart_or_interrupt(qtbot, console_factory):
    local = console_factory()
    remote = console_factory(remote_of=local)
    assert not remote.is_local
    assert not remote.restart_kernel()
    remote.interrupt_kernel()
    remote.flush_output()
    assert "Cannot restart a kernel I did not start." in text(remote)
    assert "Cannot interrupt a kernel I did not start." in text(remote)
    run(qtbot, local, "still = 'alive'", "In [2]:")


def test_other_clients_output_with_the_remote_prefix(qtbot, console_factory, kernel_name):
    local = console_factory(kernel_name)
    watcher = console_factory(remote_of=local, include_other_output=True)
    quiet = console_factory(remote_of=local)
    run(qtbot, local, "print('shared'); 2 + 3", "Out[1]: 5")
    qtbot.waitUntil(lambda: "[remote] Out[1]: 5" in text(watcher))
    assert "[remote] In [1]: print('shared'); 2 + 3" in text(watcher)
    assert "[remote] shared" in text(watcher)
    assert "shared" not in text(quiet)


def test_the_kernel_dying_is_noticed_by_its_heartbeat(qtbot, console_factory):
    console = console_factory(JOVI, confirm_restart=False)
    with qtbot.waitSignal(console.kernel_died, timeout=30000):
        console.kernel_manager.kill()
    assert "The kernel died" in text(console)
    console.restart_kernel()
    qtbot.waitUntil(lambda: console.input_open() and "In [1]:" in text(console), timeout=60000)
    run(qtbot, console, "1 + 1", "Out[1]: 2", timeout=30000)


def test_edit_starts_the_editor_with_the_file(qtbot, console_factory, tmp_path, kernel_name):
    import sys

    from tests.qt.xvfb import wait_for_file

    opened = tmp_path / "opened.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8"
    )
    target = tmp_path / "edited.py"
    target.write_text("x = 1\n", encoding="utf-8")
    # A kernel's %edit asks the frontend to open the file (an edit_magic payload).
    console = console_factory(kernel_name, editor=f"{sys.executable} {editor} {{filename}}")
    run(qtbot, console, f"%edit {target}", "In [2]:")
    assert wait_for_file(opened) == str(target)


def test_a_shutdown_by_another_client_is_noticed(qtbot, console_factory, ipykernel_spec):
    from jovi.client import BlockingKernelClient

    local = console_factory("python3")
    remote = console_factory(remote_of=local)
    other = BlockingKernelClient(local.kernel_client.connection_info)
    other.start_channels(hb=False)
    try:
        with qtbot.waitSignal(remote.kernel_shut_down, timeout=30000):
            other.shutdown()
    finally:
        other.stop_channels()
    assert "The kernel was shut down by another client." in text(remote)


def test_the_magic_menu_reads_each_kernels_lsmagic(qtbot, console_factory, kernel_name):
    from PySide6.QtWidgets import QMenu

    from jovi.qt.magic_menu import MagicMenu

    console = console_factory(kernel_name)
    menu = MagicMenu(QMenu(), console.execute, console.evaluate)
    menu.update()
    qtbot.waitUntil(lambda: len(menu.all_magics.actions()) > 20, timeout=30000)
    names = {action.text() for action in menu.all_magics.actions()}
    assert {"%timeit", "%%timeit", "%who", "%lsmagic"} <= names
    groups = {action.text() for action in menu.by_class.actions()}
    assert {"Basic", "Execution", "Namespace"} <= groups


class _WithheldIopub:
    """IOPub messages are dropped before the console sees them while ``withheld`` (as
    if its subscription were not up yet); the types of the shell replies it gets
    meanwhile are kept in ``shell_replies``."""

    def __init__(self) -> None:
        self.withheld = False
        self.shell_replies: list[str] = []


def _withheld_iopub(monkeypatch) -> _WithheldIopub:
    from jovi.qt.frontend_widget import FrontendWidget

    state = _WithheldIopub()
    dispatch = FrontendWidget._dispatch

    def lossy(self, channel, message):
        if state.withheld:
            if channel == "iopub":
                return
            if channel == "shell":
                state.shell_replies.append(message["msg_type"])
        dispatch(self, channel, message)

    monkeypatch.setattr(FrontendWidget, "_dispatch", lossy)
    return state


def test_after_a_restart_the_prompt_waits_until_iopub_is_heard(qtbot, console_factory, monkeypatch):
    # A restarted kernel publishes before the console's IOPub connection is up again,
    # and those messages are lost (ZeroMQ's slow joiner). The console opened its prompt
    # on shell replies alone, so the first cell's output could be lost: a restart test
    # timed out on it in CI. Here IOPub is withheld after the restart, as if not yet
    # reconnected: the console asks kernel_info again until IOPub is heard, and only
    # then opens the prompt.
    iopub = _withheld_iopub(monkeypatch)
    console = console_factory(JOVI, confirm_restart=False)
    iopub.withheld = True
    assert console.restart_kernel(now=True)
    qtbot.waitUntil(  # asked again: unheard
        lambda: iopub.shell_replies.count("kernel_info_reply") >= 2, timeout=30000
    )
    assert not console.input_open()
    iopub.withheld = False
    qtbot.waitUntil(console.input_open, timeout=10000)
    run(qtbot, console, "6 * 7", "Out[1]: 42")


def test_at_start_the_prompt_and_banner_wait_until_iopub_is_heard(
    qtbot, console_factory, monkeypatch
):
    # At start the console asks the first prompt's number (a silent run) beside
    # kernel_info; on a loaded machine its reply came while IOPub was still unheard,
    # and the prompt opened then, before the banner, which was never shown after it
    # (a test of the banner failed in CI). Here IOPub is withheld from the start.
    iopub = _withheld_iopub(monkeypatch)
    iopub.withheld = True
    console = console_factory(JOVI, ready=False)
    replies = iopub.shell_replies
    qtbot.waitUntil(
        lambda: "execute_reply" in replies and replies.count("kernel_info_reply") >= 2,
        timeout=30000,
    )
    assert not console.input_open()
    iopub.withheld = False
    qtbot.waitUntil(console.input_open, timeout=10000)
    assert "jovi" in console.control.toPlainText().split("In [1]:")[0]
