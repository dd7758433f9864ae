"""The window of ``jovi qtconsole``: consoles in tabs, qtconsole's menus and keys.

Each tab holds one console.  A tab that started its kernel is *local*: it may
restart and shut the kernel down, and closing it stops the kernel (and closes the
other local tabs on it).  A tab on another's kernel (``--existing``, or File → New
Tab with Same Kernel) is *remote*: its Kernel menu has no restart or shutdown, and
closing it leaves the kernel running.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
)

from jovi.qt.magic_menu import MagicMenu
from jovi.qt.settings import COMPLETION_KINDS, PAGING_MODES

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.qt.frontend_widget import FrontendWidget

__all__ = ["MainWindow"]

_HELP = """jovi qtconsole: a console of any Jupyter kernel.

Enter runs complete input (the kernel decides); Ctrl-Enter adds a line; Shift-Enter runs at once.
Up/Down: history (Shift-Up/Down and Ctrl-P/Ctrl-N: by the text before the cursor).
Tab completes (or indents); '(' shows the call's signature; obj? pages help (q or Escape leaves).
Emacs keys: Ctrl-A/E line start/end, Ctrl-K/U kill, Ctrl-Y yank, Alt-Y older kills, Alt-D, Alt-Backspace.
Ctrl-L clears; Ctrl-+/-/0 zoom; Ctrl-C interrupts; Ctrl-. restarts; Ctrl-T a new tab and kernel.
"""


class MainWindow(QMainWindow):
    """Tabs of consoles with the menus of qtconsole.

    Args:
        new_kernel_tab: Makes a console on a new kernel (File → New Tab with New Kernel).
        same_kernel_tab: Makes a remote console on the kernel of the console given.
        existing_kernel_tab: Makes a remote console on the kernel of a connection file.
        confirm_exit: Ask before closing a tab or the window.
    """

    def __init__(
        self,
        new_kernel_tab: Callable[[], FrontendWidget] | None = None,
        same_kernel_tab: Callable[[FrontendWidget], FrontendWidget] | None = None,
        existing_kernel_tab: Callable[[str], FrontendWidget] | None = None,
        *,
        confirm_exit: bool = True,
    ) -> None:
        super().__init__()
        self.new_kernel_tab = new_kernel_tab
        self.same_kernel_tab = same_kernel_tab
        self.existing_kernel_tab = existing_kernel_tab
        self.confirm_exit = confirm_exit
        self.tabs = QTabWidget(self)
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self.setWindowTitle("jovi qtconsole")
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()

    # ------------------------------------------------------------------ tabs

    @property
    def console(self) -> FrontendWidget | None:
        """The console of the current tab."""
        return self.tabs.currentWidget()  # type: ignore[return-value]

    def consoles(self) -> list[FrontendWidget]:
        """Every tab's console."""
        return [self.tabs.widget(index) for index in range(self.tabs.count())]  # type: ignore[misc]

    def add_tab(self, console: FrontendWidget, name: str | None = None) -> None:
        """Show ``console`` in a new tab and make it current."""
        label = name or self._tab_name(console)
        index = self.tabs.addTab(console, label)
        self.tabs.setCurrentIndex(index)
        console.exit_requested.connect(lambda keep, c=console: self._exit_requested(c, keep))
        console.kernel_died.connect(lambda _seconds, c=console: self._kernel_died(c))
        console.kernel_shut_down.connect(lambda c=console: self._shut_down_elsewhere(c))
        console.control.setFocus()

    def _tab_name(self, console: FrontendWidget) -> str:
        client = console.kernel_client
        port = client.connection_info.shell_port if client is not None else 0
        siblings = [
            c
            for c in self.consoles()
            if c.kernel_client is not None
            and c.kernel_client.connection_info == (client.connection_info if client else None)
        ]
        suffix = f" ({len(siblings)})" if siblings else ""
        return f"{'kernel' if console.is_local else 'remote'} {port}{suffix}"

    def _new_kernel(self) -> None:
        if self.new_kernel_tab is not None:
            self.add_tab(self.new_kernel_tab())

    def _same_kernel(self) -> None:
        if self.same_kernel_tab is not None and self.console is not None:
            self.add_tab(self.same_kernel_tab(self.console))

    def open_existing(self, connection_file: str | None = None) -> None:
        """A tab on a running kernel: ``connection_file``, or one chosen in a dialog."""
        if self.existing_kernel_tab is None:
            return
        if connection_file is None:
            from jovi.utils.paths import jupyter_runtime_dir  # noqa: PLC0415 - only when asked

            connection_file, _ = QFileDialog.getOpenFileName(
                self,
                "Connect to a running kernel",
                str(jupyter_runtime_dir()),
                "Connection files (*.json)",
            )
        if connection_file:
            self.add_tab(self.existing_kernel_tab(connection_file))

    def close_tab(self, index: int, *, ask: bool | None = None, keep_kernel: bool = False) -> bool:
        """Close the tab at ``index``: a local one stops its kernel (unless
        ``keep_kernel``) and closes the other tabs on it; returns whether it closed."""
        console = cast("FrontendWidget | None", self.tabs.widget(index))
        if console is None:
            return False
        asking = self.confirm_exit if ask is None else ask
        if console.is_local and not keep_kernel and asking:
            choice = self._ask_close_local()
            if choice == "cancel":
                return False
            keep_kernel = choice == "just this tab"
        if console.is_local and not keep_kernel:
            info = console.kernel_client.connection_info if console.kernel_client else None
            for other in self.consoles():
                if (
                    other is not console
                    and other.kernel_client is not None
                    and other.kernel_client.connection_info == info
                ):
                    if other.is_local:
                        self._remove(other, stop_kernel=False)
                    else:
                        other.append_plain("The kernel was shut down.\n")
                        other.flush_output()
            self._remove(console, stop_kernel=True)
        else:
            if (
                asking
                and not console.is_local
                and not self._ask(
                    "Close console", "Close this console? (The kernel keeps running.)"
                )
            ):
                return False
            self._remove(console, stop_kernel=False)
        if self.tabs.count() == 0:
            self.close()
        return True

    def _remove(self, console: FrontendWidget, *, stop_kernel: bool) -> None:
        self.tabs.removeTab(self.tabs.indexOf(console))
        console.close_kernel_channels()
        manager = console.kernel_manager
        if stop_kernel and manager is not None:
            manager.shutdown(now=True)
        console.deleteLater()

    def _exit_requested(self, console: FrontendWidget, keep_kernel: bool) -> None:
        index = self.tabs.indexOf(console)
        if index >= 0:
            self.close_tab(index, ask=False, keep_kernel=keep_kernel)

    def _kernel_died(self, console: FrontendWidget) -> None:
        if not console.is_local:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Kernel died", "The kernel died. Restart it?", parent=self
        )
        box.setObjectName("kernel-died")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.buttonClicked.connect(
            lambda button: (
                console.restart_kernel(now=True)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        box.show()

    def _shut_down_elsewhere(self, console: FrontendWidget) -> None:
        """Another client shut the kernel down: a local tab closes, a remote one asks."""
        index = self.tabs.indexOf(console)
        if index < 0:
            return
        if console.is_local:
            self._remove(console, stop_kernel=False)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Kernel shut down",
            "Kernel has been shutdown permanently. Close the Console?",
            parent=self,
        )
        box.setObjectName("kernel-shut-down")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.buttonClicked.connect(
            lambda button: (
                self._remove(console, stop_kernel=False)
                if box.standardButton(button) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        box.show()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if (
            self.tabs.count()
            and self.confirm_exit
            and not self._ask("Quit", "Close every console (and stop the kernels they started)?")
        ):
            event.ignore()
            return
        while self.tabs.count():
            console: FrontendWidget = self.tabs.widget(0)  # type: ignore[assignment]
            self._remove(console, stop_kernel=console.is_local)
        event.accept()

    def _ask_close_local(self) -> str:
        """Closing a console that started its kernel: "close all" (shut the kernel
        down, with every local tab on it), "just this tab" (the kernel keeps running),
        or "cancel"."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Close console",
            "Shut the kernel down too, and close every console that started it?",
            parent=self,
        )
        box.setObjectName("close-local")
        close_all = box.addButton("Yes, close all", QMessageBox.ButtonRole.YesRole)
        just_this = box.addButton("No, just this Tab", QMessageBox.ButtonRole.NoRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(close_all)
        box.exec()
        clicked = box.clickedButton()
        if clicked is close_all:
            return "close all"
        if clicked is just_this:
            return "just this tab"
        return "cancel"

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def _tab_changed(self, _index: int) -> None:
        console = self.console
        local = console is not None and console.is_local
        for name in ("restart", "shutdown"):
            action = self.actions_by_name[name]
            action.setEnabled(local)
            action.setVisible(local)

    # ------------------------------------------------------------------ menus

    def _action(
        self,
        menu: Any,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: Any = None,
        *,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(lambda *_: slot())
        menu.addAction(action)
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _on_console(self, method: str, *args: Any) -> Callable[[], object]:
        def call() -> object:
            console = self.console
            return getattr(console, method)(*args) if console is not None else None

        return call

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(
            file_menu, "new_kernel", "New Tab with &New Kernel", self._new_kernel, "Ctrl+T"
        )
        self._action(
            file_menu, "same_kernel", "New Tab with Sa&me Kernel", self._same_kernel, "Ctrl+Shift+T"
        )
        self._action(
            file_menu,
            "existing_kernel",
            "New Tab with &Existing Kernel...",
            self.open_existing,
            "Alt+T",
        )
        file_menu.addSeparator()
        self._action(
            file_menu,
            "close",
            "&Close Tab",
            lambda: self.close_tab(self.tabs.currentIndex()),
            QKeySequence.StandardKey.Close,
        )
        self._action(
            file_menu, "save", "&Save to HTML/XHTML", self.save, QKeySequence.StandardKey.Save
        )
        self._action(file_menu, "print", "&Print...", self.print_, "Ctrl+Shift+P")
        self._action(file_menu, "print_pdf", "Print to P&DF...", self.print_pdf)
        file_menu.addSeparator()
        self._action(file_menu, "quit", "&Quit", self.close, "Ctrl+Q")

        edit = bar.addMenu("&Edit")
        self._action(edit, "undo", "&Undo", self._control("undo"), QKeySequence.StandardKey.Undo)
        self._action(edit, "redo", "&Redo", self._control("redo"), QKeySequence.StandardKey.Redo)
        edit.addSeparator()
        self._action(edit, "cut", "Cu&t", self._control("cut"))
        self._action(edit, "copy", "&Copy", self._control("copy"))
        self._action(edit, "copy_raw", "Copy (&Raw Text)", self._control("copy"), "Ctrl+Shift+C")
        self._action(edit, "paste", "&Paste", self._control("paste"))
        self._action(
            edit, "select_all", "Select Cell/&All", self._control("selectAll"), "Ctrl+Shift+A"
        )

        view = bar.addMenu("&View")
        self._action(
            view,
            "toggle_menu",
            "Toggle &Menu Bar",
            lambda: bar.setVisible(not bar.isVisible()),
            "Ctrl+Shift+M",
        )
        self._action(view, "full_screen", "&Full Screen", self._full_screen, "F11")
        self._action(view, "zoom_in", "Zoom &In", self._on_console("change_font_size", 1))
        self._action(view, "zoom_out", "Zoom &Out", self._on_console("change_font_size", -1))
        self._action(view, "zoom_reset", "Zoom &Reset", self._on_console("reset_font"))
        self._action(view, "clear", "&Clear Screen", self._on_console("clear"))
        completion = view.addMenu("&Completion Type")
        for kind in COMPLETION_KINDS:
            self._action(
                completion,
                f"completion_{kind}",
                kind,
                functools.partial(self._set_completion, kind),
            )
        pager = view.addMenu("&Pager")
        for mode in PAGING_MODES:
            self._action(pager, f"pager_{mode}", mode, functools.partial(self._set_paging, mode))
        styles = view.addMenu("&Syntax Style")
        styles.aboutToShow.connect(lambda: self._fill_styles(styles))

        kernel = bar.addMenu("&Kernel")
        self._action(
            kernel, "interrupt", "&Interrupt Current Kernel", self._copy_or_interrupt, "Ctrl+C"
        )
        self._action(
            kernel,
            "restart",
            "&Restart Current Kernel",
            self._on_console("restart_kernel"),
            "Ctrl+.",
        )
        confirm = self._action(
            kernel,
            "confirm_restart",
            "&Confirm Kernel Restart",
            self._toggle_confirm_restart,
            checkable=True,
        )
        confirm.setChecked(True)
        self._action(
            kernel,
            "shutdown",
            "&Shutdown Current Kernel",
            lambda: self.close_tab(self.tabs.currentIndex()),
        )

        self.magic_menu = MagicMenu(
            bar.addMenu("&Magic"), self._run_magic, self._evaluate_in_console
        )

        window = bar.addMenu("&Window")
        self._action(
            window, "previous_tab", "&Previous Tab", lambda: self._step_tab(-1), "Ctrl+PgUp"
        )
        self._action(window, "next_tab", "&Next Tab", lambda: self._step_tab(1), "Ctrl+PgDown")
        self._action(window, "rename_window", "Rename &Window", self._rename_window, "Alt+R")
        self._action(window, "rename_tab", "Rename Current &Tab", self._rename_tab, "Ctrl+R")

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "help", "Show QtConsole &help", self.show_help)

    def _run_magic(self, magic: str) -> None:
        """Run ``magic`` in the current console as if typed."""
        console = self.console
        if console is not None:
            console.execute(magic)

    def _evaluate_in_console(
        self, expression: str, callback: Callable[[dict[str, Any]], object]
    ) -> None:
        console = self.console
        if console is not None and console.kernel_client is not None:
            console.evaluate(expression, callback)

    def _copy_or_interrupt(self) -> None:
        """Ctrl-C: copy the selection if there is one, else interrupt the kernel."""
        console = self.console
        if console is None:
            return
        if console.control.textCursor().hasSelection():
            console.control.copy()
        else:
            console.interrupt_kernel()

    def _control(self, method: str) -> Callable[[], object]:
        def call() -> object:
            console = self.console
            return getattr(console.control, method)() if console is not None else None

        return call

    def _full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _set_completion(self, kind: str) -> None:
        for console in self.consoles():
            console.settings.gui_completion = kind
            console.completion.grid = kind == "ncurses"

    def _set_paging(self, mode: str) -> None:
        for console in self.consoles():
            console.settings.paging = mode
            console.pager.set_mode(mode)

    def _fill_styles(self, menu: Any) -> None:
        from jovi.qt.styles import available_styles  # noqa: PLC0415 - only when the menu opens

        if menu.actions():
            return
        for name in available_styles():
            self._action(
                menu,
                f"style_{name}",
                name,
                functools.partial(self._set_style, name),
            )

    def _set_style(self, name: str) -> None:
        for console in self.consoles():
            console.set_syntax_style(name)

    def _toggle_confirm_restart(self) -> None:
        checked = self.actions_by_name["confirm_restart"].isChecked()
        for console in self.consoles():
            console.settings.confirm_restart = checked

    def _step_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _rename_window(self) -> None:
        title, ok = QInputDialog.getText(
            self, "Rename Window", "New window title:", text=self.windowTitle()
        )
        if ok and title:
            self.setWindowTitle(title)

    def _rename_tab(self) -> None:
        index = self.tabs.currentIndex()
        title, ok = QInputDialog.getText(
            self, "Rename Tab", "New tab name:", text=self.tabs.tabText(index)
        )
        if ok and title:
            self.tabs.setTabText(index, title)

    def show_help(self) -> None:
        """Page the console's quick help."""
        console = self.console
        if console is not None and hasattr(console, "page"):
            console.page(_HELP)

    # ------------------------------------------------------------------ save and print

    def save(self) -> None:
        """Save the current console as HTML (pictures inline or in a folder) or XHTML."""
        console = self.console
        if console is None or not hasattr(console, "export_html"):
            return
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Save to HTML/XHTML",
            "console.html",
            "HTML with PNG figures (*.html *.htm);;XHTML with inline SVG figures (*.xhtml *.xml)",
        )
        if not path:
            return
        if chosen.startswith("XHTML") or path.endswith((".xhtml", ".xml")):
            console.export_html(path, xhtml=True)
            return
        inline = (
            QMessageBox.question(
                self,
                "Save pictures",
                "Put the pictures inside the HTML file? (No: in a folder beside it)",
            )
            == QMessageBox.StandardButton.Yes
        )
        console.export_html(path, inline=inline)

    def print_(self) -> None:
        """Print the current console."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # noqa: PLC0415 - only when printing

        console = self.console
        if console is None:
            return
        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            console.control.document().print_(printer)

    def print_pdf(self) -> None:
        """Print the current console to a PDF file."""
        console = self.console
        if console is None or not hasattr(console, "print_to_pdf"):
            return
        path, _ = QFileDialog.getSaveFileName(self, "Print to PDF", "console.pdf", "PDF (*.pdf)")
        if path:
            console.print_to_pdf(path)


def application() -> QApplication:
    """The process's QApplication (made now if there is none)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(["jovi qtconsole"])
