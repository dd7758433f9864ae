"""What each key does in the console's text area (qtconsole's keys, emacs-style).

:func:`handle_key` is the console's key filter: it returns True for a key it
handled.  Keys that edit only ever change the input region: typing with the cursor
in the output moves it to the end of the input first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from jovi.qt.console_widget import ConsoleWidget

__all__ = ["handle_key"]

_CTRL: Final = Qt.KeyboardModifier.ControlModifier
_ALT: Final = Qt.KeyboardModifier.AltModifier
_SHIFT: Final = Qt.KeyboardModifier.ShiftModifier
_META: Final = Qt.KeyboardModifier.MetaModifier
_MOVE: Final = QTextCursor.MoveMode.MoveAnchor
_KEEP: Final = QTextCursor.MoveMode.KeepAnchor
_Op = QTextCursor.MoveOperation
_WORD: Final = re.compile(r"\w+\W*$|\W+$")
_NEXT_WORD: Final = re.compile(r"^\W*\w+|^\W+")


def handle_key(console: ConsoleWidget, event: QKeyEvent) -> bool:
    """Do what ``event``'s key does; False leaves it to the text area."""
    key = event.key()
    modifiers = event.modifiers() & (_CTRL | _ALT | _SHIFT | _META)
    hook = console.key_hook(event)
    if hook is not None:
        return hook
    control = console.control
    cursor = control.textCursor()
    in_input = console.cursor_in_input()
    if modifiers == _CTRL and key in {Qt.Key.Key_Plus, Qt.Key.Key_Equal}:
        console.change_font_size(1)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_Minus:
        console.change_font_size(-1)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_0:
        console.reset_font()
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_L:
        console.clear()
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_O and console.pager.visible:
        console.pager.widget.setFocus()
        return True
    if key in {Qt.Key.Key_Return, Qt.Key.Key_Enter}:
        if not console.input_open():
            return console.type_ahead(event)
        if not in_input:
            _to_end(console)
        if modifiers & _CTRL:
            console.insert_newline()
        elif modifiers & _SHIFT:
            console.submit()
        else:
            console.key_enter(event)
        return True
    if not console.input_open():
        return console.type_ahead(event)
    if key == Qt.Key.Key_Up and modifiers in {Qt.KeyboardModifier.NoModifier, _SHIFT}:
        return _history(console, older=True, prefix_search=bool(modifiers & _SHIFT))
    if key == Qt.Key.Key_Down and modifiers in {Qt.KeyboardModifier.NoModifier, _SHIFT}:
        return _history(console, older=False, prefix_search=bool(modifiers & _SHIFT))
    if modifiers == _CTRL and key == Qt.Key.Key_P:
        return _history(console, older=True, prefix_search=True)
    if modifiers == _CTRL and key == Qt.Key.Key_N:
        return _history(console, older=False, prefix_search=True)
    if (modifiers == _CTRL and key == Qt.Key.Key_A) or (key == Qt.Key.Key_Home and not modifiers):
        _line_start(console, toggle=key == Qt.Key.Key_Home)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_E:
        cursor.movePosition(_Op.EndOfBlock)
        control.setTextCursor(cursor)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_F:
        cursor.movePosition(_Op.NextCharacter)
        control.setTextCursor(cursor)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_B:
        if cursor.position() > console.input_start:
            cursor.movePosition(_Op.PreviousCharacter)
            control.setTextCursor(cursor)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_K:
        _kill(console, to_end=True)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_U:
        _kill(console, to_end=False)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_Y:
        _to_input(console)
        console.control.textCursor().insertText(console.kill_ring.yank())
        return True
    if modifiers == _ALT and key == Qt.Key.Key_Y:
        _to_input(console)
        console.control.textCursor().insertText(console.kill_ring.rotate())
        return True
    if (modifiers == _ALT and key == Qt.Key.Key_D) or (
        modifiers == _CTRL and key == Qt.Key.Key_Delete
    ):
        _kill_word(console, forward=True)
        return True
    if key == Qt.Key.Key_Backspace and modifiers in {_ALT, _CTRL}:
        _kill_word(console, forward=False)
        return True
    if modifiers == _ALT and key == Qt.Key.Key_Less:
        cursor.setPosition(console.input_start)
        control.setTextCursor(cursor)
        return True
    if modifiers == _ALT and key == Qt.Key.Key_Greater:
        _to_end(console)
        return True
    if modifiers == _CTRL and key == Qt.Key.Key_D:
        return console.key_eof()
    if (key == Qt.Key.Key_Backspace and not modifiers) or (
        key == Qt.Key.Key_Left and not modifiers
    ):
        if cursor.hasSelection() and cursor.selectionStart() >= console.input_start:
            return False
        return not in_input or cursor.position() <= console.input_start
    if (key == Qt.Key.Key_Tab and not modifiers) or key == Qt.Key.Key_Backtab:
        _to_input(console)
        return console.key_tab(backwards=key == Qt.Key.Key_Backtab)
    if event.text() and event.text().isprintable() and not modifiers & (_CTRL | _ALT):
        _to_input(console)
        console.key_typed(event.text())
        return False
    return False


def _to_input(console: ConsoleWidget) -> None:
    if not console.cursor_in_input():
        _to_end(console)


def _to_end(console: ConsoleWidget) -> None:
    cursor = console.control.textCursor()
    cursor.movePosition(_Op.End)
    console.control.setTextCursor(cursor)


def _line_start(console: ConsoleWidget, *, toggle: bool) -> None:
    """To the start of the line's code; Home again: to its first non-space character."""
    cursor = console.control.textCursor()
    block_start = cursor.block().position()
    state = cursor.block().userState()
    code_start = max(block_start + max(state, 0), console.input_start if state >= 0 else 0)
    text = cursor.block().text()[max(state, 0) :]
    first = code_start + len(text) - len(text.lstrip())
    target = first if toggle and cursor.position() != first else code_start
    cursor.setPosition(target)
    console.control.setTextCursor(cursor)


def _history(console: ConsoleWidget, *, older: bool, prefix_search: bool) -> bool:
    """Up/Down: move within a multi-line input, else browse the history."""
    cursor = console.control.textCursor()
    if not console.cursor_in_input():
        return False
    on_first = cursor.block().position() <= console.input_start
    on_last = cursor.block() == console.control.document().lastBlock()
    if (older and not on_first) or (not older and not on_last):
        return False
    current = console.input_buffer
    prefix = current[: console.input_cursor_position()] if prefix_search else ""
    found = (
        console.history.previous(current, prefix)
        if older
        else console.history.next(current, prefix)
    )
    if found is not None:
        console.input_buffer = found
        if prefix_search:
            moved = console.control.textCursor()
            moved.setPosition(console.input_start + len(prefix.split("\n")[0]))
            if "\n" not in prefix:
                console.control.setTextCursor(moved)
        elif older:
            first = console.control.textCursor()
            first.setPosition(console.input_start)
            first.movePosition(_Op.EndOfBlock)
            console.control.setTextCursor(first)
    return True


def _kill(console: ConsoleWidget, *, to_end: bool) -> None:
    _to_input(console)
    cursor = console.control.textCursor()
    if to_end:
        cursor.movePosition(_Op.EndOfBlock, _KEEP)
        if not cursor.hasSelection():
            cursor.movePosition(_Op.NextCharacter, _KEEP)
    else:
        start = max(
            cursor.block().position() + max(cursor.block().userState(), 0), console.input_start
        )
        cursor.setPosition(start, _KEEP)
    console.kill_ring.kill(cursor.selectedText().replace("\u2029", "\n"))
    cursor.removeSelectedText()


def _kill_word(console: ConsoleWidget, *, forward: bool) -> None:
    _to_input(console)
    cursor = console.control.textCursor()
    block = cursor.block()
    column = cursor.position() - block.position()
    text = block.text()
    code_start = max(block.userState(), 0)
    if forward:
        match = _NEXT_WORD.search(text[column:])
        length = len(match.group(0)) if match else 0
        cursor.movePosition(_Op.NextCharacter, _KEEP, length)
    else:
        match = _WORD.search(text[code_start:column])
        length = len(match.group(0)) if match else 0
        cursor.movePosition(_Op.PreviousCharacter, _KEEP, length)
    console.kill_ring.kill(cursor.selectedText())
    cursor.removeSelectedText()
