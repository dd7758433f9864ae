"""The window: tabs on new and same kernels, the Kernel menu of local and remote
tabs, closing rules, and the dialog offering a restart when the kernel dies."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from tests.qt.conftest import JOVI, run

from jovi.client import BlockingKernelClient
from jovi.kernels import KernelManager
from jovi.qt.main_window import MainWindow
from jovi.qt.rich_widget import RichJupyterWidget

pytestmark = [pytest.mark.integration, pytest.mark.gui]


@pytest.fixture
def window(qtbot, isolated_dirs):
    managers = []

    def connect(client, manager):
        client.start_channels()
        client.wait_for_ready(60)
        widget = RichJupyterWidget(confirm_restart=False)
        widget.kernel_manager = manager
        widget.kernel_client = client
        return widget

    def new_kernel():
        manager = KernelManager(JOVI)
        manager.start_kernel()
        managers.append(manager)
        return connect(manager.client(), manager)

    def same_kernel(console):
        return connect(BlockingKernelClient(console.kernel_client.connection_info), None)

    def existing_kernel(connection_file):
        from jovi.client import read_connection_file

        return connect(BlockingKernelClient(read_connection_file(connection_file)), None)

    main = MainWindow(new_kernel, same_kernel, existing_kernel, confirm_exit=False)
    qtbot.addWidget(main)
    main.resize(800, 600)
    main.show()
    yield main
    for console in main.consoles():
        console.close_kernel_channels()
    for manager in managers:
        manager.shutdown(now=True)


def test_tabs_on_a_new_and_the_same_kernel(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    local = window.console
    qtbot.waitUntil(local.input_open, timeout=30000)
    run(qtbot, local, "shared_value = 'seen by both'", "In [2]:")
    window.actions_by_name["same_kernel"].trigger()
    remote = window.console
    assert remote is not local
    assert window.tabs.count() == 2
    qtbot.waitUntil(remote.input_open, timeout=30000)
    run(qtbot, remote, "shared_value", "Out[2]: 'seen by both'")
    # The remote tab has no restart or shutdown; the local one has both.
    assert not window.actions_by_name["restart"].isVisible()
    assert not window.actions_by_name["shutdown"].isEnabled()
    window.actions_by_name["previous_tab"].trigger()
    assert window.console is local
    assert window.actions_by_name["restart"].isEnabled()
    assert window.actions_by_name["shutdown"].isVisible()


def test_closing_a_remote_tab_keeps_the_kernel_and_a_local_one_stops_it(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    local = window.console
    qtbot.waitUntil(local.input_open, timeout=30000)
    manager = local.kernel_manager
    window.actions_by_name["same_kernel"].trigger()
    window.actions_by_name["new_kernel"].trigger()
    other_local = window.console
    qtbot.waitUntil(other_local.input_open, timeout=30000)
    assert window.close_tab(1)  # the remote tab
    assert manager.is_alive()
    assert window.close_tab(window.tabs.indexOf(local))
    assert not manager.is_alive()  # its kernel stopped
    assert window.consoles() == [other_local]


def test_exit_closes_the_tab(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    window.actions_by_name["new_kernel"].trigger()
    console = window.console
    qtbot.waitUntil(console.input_open, timeout=30000)
    console.input_buffer = "exit"
    console.submit()
    qtbot.waitUntil(lambda: window.tabs.count() == 1, timeout=20000)


def test_a_dead_kernel_offers_a_restart(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    console = window.console
    qtbot.waitUntil(console.input_open, timeout=30000)
    console.kernel_manager.kill()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "kernel-died") is not None, timeout=30000)
    box = window.findChild(QMessageBox, "kernel-died")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(
        lambda: console.input_open() and "Restarting kernel" in console.control.toPlainText(),
        timeout=60000,
    )
    run(qtbot, console, "40 + 2", "Out[1]: 42", timeout=30000)


def test_a_tab_on_an_existing_kernel_is_remote(qtbot, window, isolated_dirs):
    manager = KernelManager(JOVI)
    manager.start_kernel()
    try:
        window.open_existing(manager.connection_file)
        console = window.console
        qtbot.waitUntil(console.input_open, timeout=30000)
        assert not console.is_local
        assert not window.actions_by_name["restart"].isVisible()
        assert window.actions_by_name["existing_kernel"].shortcut().toString() == "Alt+T"
        run(qtbot, console, "import os; os.getpid()", f"Out[1]: {manager.process.pid}")
        assert window.close_tab(window.tabs.indexOf(console))
        assert manager.is_alive()
    finally:
        manager.shutdown(now=True)


def answer_dialog(button_text: str) -> None:
    """Click ``button_text`` in the modal dialog about to open."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, click)  # not open yet: look again at the next turn
            return
        for button in dialog.buttons():
            if button.text() == button_text:
                button.click()

    QTimer.singleShot(0, click)


def test_closing_a_local_tab_asks_close_all_or_just_this_tab(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    first = window.console
    window.actions_by_name["new_kernel"].trigger()
    second = window.console
    qtbot.waitUntil(lambda: first.input_open() and second.input_open(), timeout=30000)
    window.confirm_exit = True
    answer_dialog("No, just this Tab")
    assert window.close_tab(window.tabs.indexOf(second))
    assert second.kernel_manager.is_alive()  # left running
    answer_dialog("Cancel")
    assert not window.close_tab(window.tabs.indexOf(first))
    assert window.consoles() == [first]
    answer_dialog("Yes, close all")
    manager = first.kernel_manager
    window.close_tab(window.tabs.indexOf(first))
    assert not manager.is_alive()


def test_the_magic_menu_lists_the_kernels_magics_and_runs_one(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    console = window.console
    qtbot.waitUntil(console.input_open, timeout=30000)
    menu = window.magic_menu
    menu.update()  # as when the menu is about to show
    qtbot.waitUntil(lambda: len(menu.all_magics.actions()) > 20, timeout=30000)
    every = [action.text() for action in menu.all_magics.actions()]
    assert {"%timeit", "%%timeit", "%guiref", "%lsmagic"} <= set(every)
    groups = {action.text(): action.menu() for action in menu.by_class.actions()}
    assert "%lsmagic" in [action.text() for action in groups["Basic"].actions()]
    run(qtbot, console, "magic_menu_value = 7", "In [2]:")
    who = next(action for action in menu.all_magics.actions() if action.text() == "%who")
    who.trigger()
    qtbot.waitUntil(
        lambda: "In [2]: %who" in console.control.toPlainText() and console.input_open(),
        timeout=30000,
    )
    assert "magic_menu_value" in console.control.toPlainText().split("In [2]: %who", 1)[1]


def test_the_magic_menus_quick_reference_pages_guiref(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    console = window.console
    qtbot.waitUntil(console.input_open, timeout=30000)
    quick = next(
        action for action in window.magic_menu.menu.actions() if action.data() == "%guiref"
    )
    quick.trigger()
    qtbot.waitUntil(lambda: console.pager.visible, timeout=30000)
    assert "jovi qtconsole -- quick reference" in console.pager.widget.toPlainText()


def fill_input_dialog(text: str) -> None:
    """Type ``text`` into the input dialog about to open, and accept it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(10, fill)  # not open yet: look again at the next turn
            return
        dialog.setTextValue(text)
        dialog.accept()

    QTimer.singleShot(0, fill)


def test_the_window_menu_renames_the_window_and_the_tab(qtbot, window):
    window.actions_by_name["new_kernel"].trigger()
    qtbot.waitUntil(window.console.input_open, timeout=30000)
    fill_input_dialog("analysis")
    window.actions_by_name["rename_window"].trigger()
    assert window.windowTitle() == "analysis"
    fill_input_dialog("fit models")
    window.actions_by_name["rename_tab"].trigger()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "fit models"
    assert window.actions_by_name["rename_tab"].shortcut().toString() == "Ctrl+R"
    assert window.actions_by_name["rename_window"].shortcut().toString() == "Alt+R"


def test_full_screen_toggles(qtbot, window):
    action = window.actions_by_name["full_screen"]
    assert action.shortcut().toString() == "F11"
    action.trigger()
    qtbot.waitUntil(window.isFullScreen)
    action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_the_print_dialog_prints_the_console(qtbot, window, tmp_path):
    import subprocess

    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication, QLineEdit

    window.actions_by_name["new_kernel"].trigger()
    console = window.console
    qtbot.waitUntil(console.input_open, timeout=30000)
    run(qtbot, console, "'printed' + ' words'", "Out[1]: 'printed words'")
    target = tmp_path / "printed.pdf"
    seen: list[QPrintDialog] = []

    def choose_a_file() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(10, choose_a_file)  # not open yet: look again at the next turn
            return
        seen.append(dialog)
        # No printer here: the dialog offers "Print to File (PDF)"; the user names a file.
        dialog.findChild(QLineEdit, "filename").setText(str(target))
        dialog.accept()

    QTimer.singleShot(0, choose_a_file)
    window.actions_by_name["print"].trigger()
    assert seen  # the dialog was shown, and accepted
    assert window.actions_by_name["print"].shortcut().toString() == "Ctrl+Shift+P"
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "printed words" in text
