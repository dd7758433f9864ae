"""The console on real kernels (jovi's and ipykernel): prompts and Out[n], Enter with
is_complete, Ctrl-Enter and Shift-Enter, history, emacs keys, tracebacks, ANSI."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from tests.qt.conftest import JOVI, run

pytestmark = [pytest.mark.integration, pytest.mark.gui]

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def text(widget) -> str:
    return widget.control.toPlainText()


def test_type_and_run_shows_out_and_the_next_prompt(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    assert "In [1]: " in text(console)
    qtbot.keyClicks(console.control, "print('hello'); 6 * 7")
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Out[1]: 42" in text(console) and "In [2]: " in text(console))
    assert text(console).index("hello") < text(console).index("Out[1]: 42")
    # The submitted input is no longer editable: typing goes to the new input.
    cursor = console.control.textCursor()
    cursor.setPosition(0)
    console.control.setTextCursor(cursor)
    qtbot.keyClicks(console.control, "x")
    assert console.input_buffer == "x"


def test_enter_asks_the_kernel_whether_input_is_complete(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    qtbot.keyClicks(console.control, "for i in range(2):")
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: console.input_buffer == "for i in range(2):\n    ")
    qtbot.keyClicks(console.control, "print('line', i)")
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: console.input_buffer.endswith("\n    ") and console.input_open())
    qtbot.keyClick(console.control, Qt.Key.Key_Return)  # a blank line ends the cell
    qtbot.waitUntil(lambda: "line 1" in text(console) and "In [2]: " in text(console))
    assert "line 0" in text(console)


def test_ctrl_enter_never_runs_and_shift_enter_runs_from_anywhere(qtbot, console_factory):
    console = console_factory()
    qtbot.keyClicks(console.control, "a = 1")
    qtbot.keyClick(console.control, Qt.Key.Key_Return, CTRL)
    qtbot.keyClicks(console.control, "b = 2")
    assert console.input_buffer == "a = 1\nb = 2"
    # Shift-Enter with the cursor on the first line runs the whole cell.
    cursor = console.control.textCursor()
    cursor.setPosition(console.input_start + 2)
    console.control.setTextCursor(cursor)
    qtbot.keyClick(console.control, Qt.Key.Key_Return, SHIFT)
    qtbot.waitUntil(lambda: "In [2]: " in text(console))
    run(qtbot, console, "a + b", "Out[2]: 3")


def test_errors_show_the_traceback(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    run(qtbot, console, "1 / 0", "ZeroDivisionError")
    assert "In [2]: " in text(console)


def test_history_up_down_and_prefix_search(qtbot, console_factory):
    console = console_factory()
    run(qtbot, console, "alpha = 1", "In [2]:")
    run(qtbot, console, "beta = 2", "In [3]:")
    run(qtbot, console, "alpha + beta", "Out[3]: 3")
    qtbot.keyClick(console.control, Qt.Key.Key_Up)
    assert console.input_buffer == "alpha + beta"
    qtbot.keyClick(console.control, Qt.Key.Key_Up)
    assert console.input_buffer == "beta = 2"
    qtbot.keyClick(console.control, Qt.Key.Key_Down)
    qtbot.keyClick(console.control, Qt.Key.Key_Down)
    assert console.input_buffer == ""
    # Shift-Up searches by the text before the cursor.
    qtbot.keyClicks(console.control, "alpha =")
    qtbot.keyClick(console.control, Qt.Key.Key_Up, SHIFT)
    assert console.input_buffer == "alpha = 1"


def test_history_comes_from_the_kernel(qtbot, console_factory):
    first = console_factory()
    run(qtbot, first, "remembered = 5", "In [2]:")
    second = console_factory(remote_of=first)
    qtbot.waitUntil(lambda: "remembered = 5" in second.history.entries)


def test_emacs_keys_and_the_kill_ring(qtbot, console_factory):
    console = console_factory()
    qtbot.keyClicks(console.control, "one two three")
    qtbot.keyClick(console.control, Qt.Key.Key_A, CTRL)
    assert console.input_cursor_position() == 0
    qtbot.keyClick(console.control, Qt.Key.Key_F, CTRL)
    qtbot.keyClick(console.control, Qt.Key.Key_B, CTRL)
    qtbot.keyClick(console.control, Qt.Key.Key_D, ALT)  # kills "one"
    assert console.input_buffer == " two three"
    qtbot.keyClick(console.control, Qt.Key.Key_E, CTRL)
    qtbot.keyClick(console.control, Qt.Key.Key_Backspace, ALT)  # kills "three"
    assert console.input_buffer == " two "
    qtbot.keyClick(console.control, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(console.control, Qt.Key.Key_K, CTRL)  # kills the rest
    assert console.input_buffer == ""
    qtbot.keyClick(console.control, Qt.Key.Key_Y, CTRL)
    assert console.input_buffer == " two "
    qtbot.keyClick(console.control, Qt.Key.Key_Y, ALT)  # the kill before
    assert console.input_buffer == " two three"
    qtbot.keyClick(console.control, Qt.Key.Key_U, CTRL)
    assert console.input_buffer == ""
    # Backspace at the start of the input never eats the prompt.
    qtbot.keyClick(console.control, Qt.Key.Key_Backspace)
    assert text(console).rstrip().endswith("In [1]:")


def test_ansi_colours_carriage_return_and_clear_screen(qtbot, console_factory):
    console = console_factory()
    run(
        qtbot,
        console,
        r"print('\x1b[31mred\x1b[0m \x1b[38;5;46mgreen\x1b[0m \x1b[38;2;1;2;3mdeep\x1b[0m')",
        "red green deep",
    )
    colours = set()
    block = console.control.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            colours.add((fragment.text(), fragment.charFormat().foreground().color().name()))
            iterator += 1
        block = block.next()
    assert ("red", "#cd0000") in colours
    assert ("green", "#00ff00") in colours
    assert ("deep", "#010203") in colours
    run(
        qtbot,
        console,
        "import sys\nfor n in range(5): sys.stdout.write(f'\\rstep {n}')\nprint()",
        "step 4",
    )
    assert "step 3" not in text(console)
    run(qtbot, console, "print('\\x1b[2J', end='')", "In [4]:")
    assert "step 4" not in text(console)


def test_clear_output_removes_the_runs_output(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    module = "jovi" if kernel_name == JOVI else "IPython"
    run(
        qtbot,
        console,
        f"from {module}.display import clear_output\nprint('be' + 'fore')\n"
        "clear_output()\nprint('af' + 'ter')",
        "after",
    )
    assert "before" not in text(console)


def test_buffer_size_drops_the_oldest_lines(qtbot, console_factory):
    console = console_factory(buffer_size=50)
    run(qtbot, console, "for n in range(300): print('row', n)", "row 299")
    assert console.control.document().blockCount() <= 52
    assert "row 0\n" not in text(console)


def test_ctrl_l_clears_and_keeps_the_input(qtbot, console_factory):
    console = console_factory()
    run(qtbot, console, "print('old output')", "old output")
    qtbot.keyClicks(console.control, "kept")
    qtbot.keyClick(console.control, Qt.Key.Key_L, CTRL)
    assert "old output" not in text(console)
    assert console.input_buffer == "kept"
    cursor = console.control.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    assert text(console).startswith("In [2]: kept")


def test_keys_typed_while_code_runs_go_to_the_next_input(qtbot, console_factory):
    console = console_factory()
    console.input_buffer = "import time; time.sleep(1)"
    qtbot.keyClick(console.control, Qt.Key.Key_Return, SHIFT)
    assert not console.input_open()
    qtbot.keyClicks(console.control, "for i in (7, 8):")
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.keyClicks(console.control, "print('ahead', i)")
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.keyClick(console.control, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "ahead 8" in text(console) and "In [3]:" in text(console), timeout=20000
    )
    assert "ahead 7" in text(console)


def test_the_clear_magic_clears_the_console(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    run(qtbot, console, "print('seen' + ' before')", "seen before")
    run(qtbot, console, "%clear", "In [3]:")
    assert "seen before" not in text(console)
