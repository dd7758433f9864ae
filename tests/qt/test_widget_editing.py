"""Zoom, dropped files, bracket matching, Home, Ctrl-D as end-of-file for input(),
syntax styles at run time, and the plain console."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from tests.qt.conftest import run

from jovi.qt.jupyter_widget import JupyterWidget

pytestmark = [pytest.mark.integration, pytest.mark.gui]

CTRL = Qt.KeyboardModifier.ControlModifier


def test_zoom_in_out_and_reset(qtbot, console_factory):
    console = console_factory(font_size=10)
    qtbot.keyClick(console.control, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(console.control, Qt.Key.Key_Plus, CTRL)
    assert console.font.pointSizeF() == 12
    qtbot.keyClick(console.control, Qt.Key.Key_Minus, CTRL)
    assert console.font.pointSizeF() == 11
    qtbot.keyClick(console.control, Qt.Key.Key_0, CTRL)
    assert console.font.pointSizeF() == 10


def test_dropped_files_become_their_paths(qtbot, console_factory, tmp_path):
    console = console_factory()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "data.csv"))])
    console.control.insertFromMimeData(data)
    assert console.input_buffer == str(tmp_path / "data.csv")


def test_the_bracket_at_the_cursor_and_its_match_are_highlighted(qtbot, console_factory):
    console = console_factory()
    qtbot.keyClicks(console.control, "f(a[1])")
    selections = console.control.extraSelections()
    assert sorted(selection.cursor.selectedText() for selection in selections) == ["(", ")"]
    qtbot.keyClick(console.control, Qt.Key.Key_Left)
    qtbot.keyClick(console.control, Qt.Key.Key_Left)
    assert sorted(s.cursor.selectedText() for s in console.control.extraSelections()) == ["[", "]"]


def test_home_toggles_between_the_code_and_the_line_start(qtbot, console_factory):
    console = console_factory()
    qtbot.keyClicks(console.control, "if True:")
    qtbot.keyClick(console.control, Qt.Key.Key_Return, CTRL)
    qtbot.keyClicks(console.control, "    pass")
    qtbot.keyClick(console.control, Qt.Key.Key_Home)
    assert console.input_cursor_position() == len("if True:\n    ")
    qtbot.keyClick(console.control, Qt.Key.Key_Home)
    assert console.input_cursor_position() == len("if True:\n")


def test_ctrl_d_ends_input(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    console.input_buffer = "try:\n    input('? ')\nexcept EOFError:\n    print('got EOF')"
    console.submit()
    qtbot.waitUntil(
        lambda: console.control.toPlainText().endswith("? ") and console.input_open(), timeout=20000
    )
    qtbot.keyClick(console.control, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: "got EOF" in console.control.toPlainText(), timeout=20000)


def test_syntax_style_changes_the_palette(qtbot, console_factory):
    console = console_factory()
    console.set_syntax_style("monokai")
    assert console.palette_.dark
    assert "#272822" in console.control.styleSheet()
    console.set_syntax_style("default")
    assert not console.palette_.dark


def test_the_plain_console_shows_text_for_pictures(qtbot, isolated_dirs):
    from jovi.kernels import KernelManager

    manager = KernelManager("pyimport/jovi")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(60)
    console = JupyterWidget()
    qtbot.addWidget(console)
    console.kernel_manager = manager
    console.kernel_client = client
    try:
        qtbot.waitUntil(console.input_open, timeout=30000)
        svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
        run(qtbot, console, f"from jovi.display import SVG\nSVG({svg!r})", "Out[1]: <jovi")
        assert not hasattr(console, "export_html")
    finally:
        console.close_kernel_channels()
        manager.shutdown(now=True)


def test_no_banner(qtbot, console_factory):
    console = console_factory(show_banner=False)
    assert console.control.toPlainText().startswith("In [1]: ")
    shown = console_factory()
    assert "jovi" in shown.control.toPlainText().split("In [1]:")[0]
