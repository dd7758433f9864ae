"""The console's text area: output above, a prompt and the editable input below.

:class:`ConsoleWidget` knows nothing of kernels.  It keeps one ``QTextEdit`` whose
document holds everything shown; the input region runs from the end of the current
prompt to the end of the document, and only it can be edited.  Output goes before the
prompt when one is shown, else at the end, batched per turn of the event loop
(:mod:`~jovi.qt.output_queue`) and trimmed to ``buffer_size`` lines.  Keys (Enter,
history, emacs editing) are read by :mod:`~jovi.qt.keys`; the pager and completion
widgets live in their own modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QKeyEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QVBoxLayout, QWidget

from jovi.qt.ansi import AnsiParser, CarriageReturn, ClearScreen, Styled, TextStyle
from jovi.qt.highlighter import InputHighlighter
from jovi.qt.history import InputHistory, KillRing
from jovi.qt.output_queue import OutputQueue
from jovi.qt.pager import Pager
from jovi.qt.settings import ConsoleSettings
from jovi.qt.styles import palette_for, style_sheet

if TYPE_CHECKING:
    from jovi.config import Config, ConfigStack
    from jovi.qt.styles import Palette

__all__ = ["ConsoleWidget"]

_OUTPUT = -1  # a block's user state when it is not input


class _Control(QTextEdit):
    """The text area: files dropped on it become their paths in the input."""

    files_dropped = Signal(list)

    def canInsertFromMimeData(self, source: Any) -> bool:  # noqa: N802 - Qt's name
        return bool(source.hasUrls()) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: Any) -> None:  # noqa: N802 - Qt's name
        if source.hasUrls():
            paths = [url.toLocalFile() or url.toString() for url in source.urls()]
            self.files_dropped.emit(paths)
            return
        if source.hasText():
            self.textCursor().insertText(source.text())


class ConsoleWidget(QWidget):
    """A console: prompts, an editable input region, output and a pager.

    Args:
        parent: The Qt parent.
        config: Configuration (sections ``ConsoleWidget``, ``JupyterWidget``...).
        **options: Options of :class:`~jovi.qt.settings.ConsoleSettings`.
    """

    executed = Signal(str)
    """The source of each input submitted."""
    custom_page_requested = Signal(str)
    """Paged text, with ``paging='custom'``."""
    font_changed = Signal(QFont)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        config: Config | ConfigStack | None = None,
        **options: Any,
    ) -> None:
        super().__init__(parent)
        self.settings = ConsoleSettings(config=config, **options)
        self.control = _Control(self)
        self.control.setAcceptRichText(False)
        self.control.setUndoRedoEnabled(True)
        self.control.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.control.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if self.settings.scrollbar_visibility
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.control.installEventFilter(self)
        self.control.files_dropped.connect(self._insert_paths)
        self.control.cursorPositionChanged.connect(self._match_brackets)
        self.pager = Pager(self, self.settings.paging)
        self.pager.leave.connect(self.control.setFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pager.container(self.control))
        self.history = InputHistory(lock=self.settings.history_lock)
        self.kill_ring = KillRing()
        self._ansi = AnsiParser()
        self._output = OutputQueue(self._show_stream, self._after_output, self)
        self._prompt = QTextCursor(self.control.document())
        """Where the prompt shown starts (it moves with the text before it)."""
        self._prompt_length = 0
        """The input region starts this far after the prompt (a cursor there would
        move along with text typed at its position)."""
        self._prompt_shown = False
        self._carriage_return = False
        self._typed_ahead: list[QKeyEvent] = []
        """Keys typed while no input was open, replayed when the next one opens."""
        self._continuation = "...: "
        self.palette_ = palette_for(self.settings.syntax_style)
        self.highlighter = InputHighlighter(self.control.document(), self.palette_.syntax_style)
        self._base_font_size = 0.0
        self._apply_font()
        self.set_palette(self.palette_)

    # ------------------------------------------------------------------ looks

    def set_palette(self, palette: Palette) -> None:
        """Draw in ``palette`` (its style sheet, and its pygments style for input)."""
        self.palette_ = palette
        sheet = self.settings.style_sheet or style_sheet(palette)
        self.control.setStyleSheet(sheet)
        self.pager.widget.setStyleSheet(sheet)
        self.control.document().setDefaultStyleSheet(sheet)
        self.highlighter.set_style(self.settings.syntax_style or palette.syntax_style)

    def set_syntax_style(self, name: str) -> None:
        """Use the pygments style ``name`` (light or dark colours to match)."""
        self.settings.syntax_style = name
        self.set_palette(palette_for(name))

    def _apply_font(self) -> None:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if self.settings.font_family:
            font.setFamily(self.settings.font_family)
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        if self.settings.font_size:
            font.setPointSize(self.settings.font_size)
        self.set_font(font)
        self._base_font_size = font.pointSizeF()

    @property
    def font(self) -> QFont:  # type: ignore[override]
        """The console's font."""
        return self.control.document().defaultFont()

    def set_font(self, font: QFont) -> None:
        """Draw text in ``font``; tabs stay 4 columns wide."""
        self.control.document().setDefaultFont(font)
        self.pager.widget.document().setDefaultFont(font)
        width = self.control.fontMetrics().horizontalAdvance(" ")
        self.control.setTabStopDistance(4 * max(width, 1))
        self.font_changed.emit(font)

    def change_font_size(self, delta: int) -> None:
        """Zoom in (``delta`` > 0) or out by points."""
        font = QFont(self.font)
        font.setPointSizeF(max(4.0, font.pointSizeF() + delta))
        self.set_font(font)

    def reset_font(self) -> None:
        """Zoom back to the configured size."""
        font = QFont(self.font)
        font.setPointSizeF(self._base_font_size)
        self.set_font(font)

    def sizeHint(self) -> Any:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        metrics = self.control.fontMetrics()
        width = metrics.horizontalAdvance(" ") * self.settings.console_width + 30
        height = metrics.lineSpacing() * self.settings.console_height + 10
        if self.settings.paging == "hsplit":
            width *= 2
        elif self.settings.paging == "vsplit":
            height *= 2
        hint.setWidth(width)
        hint.setHeight(height)
        return hint

    # ------------------------------------------------------------------ the input region

    @property
    def input_start(self) -> int:
        """Where the input region starts in the document."""
        return self._prompt.position() + self._prompt_length

    @property
    def input_buffer(self) -> str:
        """The text of the input region, without continuation prompts."""
        if not self._prompt_shown:
            return ""
        cursor = self._end_cursor()
        cursor.setPosition(self.input_start, QTextCursor.MoveMode.KeepAnchor)
        lines = cursor.selection().toPlainText().split("\n")
        return "\n".join([lines[0], *(self._strip_continuation(line) for line in lines[1:])])

    @input_buffer.setter
    def input_buffer(self, text: str) -> None:
        if not self._prompt_shown:
            return
        cursor = self._end_cursor()
        cursor.setPosition(self.input_start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._insert_input(cursor, text)
        self.control.setTextCursor(cursor)

    def _strip_continuation(self, line: str) -> str:
        return line.removeprefix(self._continuation)

    def _insert_input(self, cursor: QTextCursor, text: str) -> None:
        """Insert input ``text`` at ``cursor``, continuation prompts before new lines."""
        cursor.setCharFormat(QTextCharFormat())
        for number, line in enumerate(text.split("\n")):
            if number:
                self._new_input_line(cursor)
            cursor.insertText(line, QTextCharFormat())

    def _new_input_line(self, cursor: QTextCursor) -> None:
        cursor.insertBlock()
        cursor.block().setUserState(len(self._continuation))
        cursor.insertText(self._continuation, self._prompt_format(self.palette_.in_prompt))
        cursor.setCharFormat(QTextCharFormat())

    def cursor_in_input(self) -> bool:
        """Whether the text cursor is in the input region."""
        return self._prompt_shown and self.control.textCursor().position() >= self.input_start

    def input_cursor_position(self) -> int:
        """The cursor's offset in :attr:`input_buffer`."""
        cursor = self.control.textCursor()
        before = QTextCursor(cursor)
        before.setPosition(self.input_start, QTextCursor.MoveMode.KeepAnchor)
        lines = before.selection().toPlainText().split("\n")
        return len("\n".join([lines[0], *(self._strip_continuation(line) for line in lines[1:])]))

    def show_prompt(self, prompt: str, number_at: tuple[int, int] | None = None) -> None:
        """Show ``prompt`` at the end and an empty input region after it."""
        cursor = self._end_cursor()
        if cursor.block().length() > 1:
            cursor.insertBlock()
        start = cursor.position()
        prompt_format = self._prompt_format(self.palette_.in_prompt)
        if number_at is None:
            cursor.insertText(prompt, prompt_format)
        else:
            start, end = number_at
            bold = QTextCharFormat(prompt_format)
            bold.setFontWeight(QFont.Weight.Bold)
            cursor.insertText(prompt[:start], prompt_format)
            cursor.insertText(prompt[start:end], bold)
            cursor.insertText(prompt[end:], prompt_format)
        cursor.block().setUserState(len(prompt))
        cursor.setCharFormat(QTextCharFormat())
        self._prompt.setPosition(start)
        self._prompt_length = cursor.position() - self._prompt.position()
        self._continuation = "...: ".rjust(len(prompt))
        self._prompt_shown = True
        self.control.setTextCursor(cursor)
        self.control.setCurrentCharFormat(QTextCharFormat())
        self.highlighter.rehighlightBlock(cursor.block())
        self.control.ensureCursorVisible()
        self._replay_typed_ahead()

    def type_ahead(self, event: QKeyEvent) -> bool:
        """A key typed while no input is open: text, Enter, Backspace and Tab are kept
        for the next input (as a terminal does); other keys are dropped."""
        editing = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace, Qt.Key.Key_Tab}
        control_keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if event.modifiers() & control_keys and event.key() not in {
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        }:
            return False
        if event.key() in editing or (event.text() and event.text().isprintable()):
            self._typed_ahead.append(
                QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            )
            return True
        return False

    def _replay_typed_ahead(self) -> None:
        typed, self._typed_ahead = self._typed_ahead, []
        for event in typed:
            QCoreApplication.postEvent(self.control, event)

    def finish_input(self) -> str:
        """End the input region (it becomes read-only history) and return its source."""
        source = self.input_buffer
        cursor = self._end_cursor()
        cursor.insertBlock()
        cursor.block().setUserState(_OUTPUT)
        cursor.setCharFormat(QTextCharFormat())
        self._prompt_shown = False
        self.control.setTextCursor(cursor)
        return source

    def separate(self, separator: str) -> None:
        """End the last line, then write ``separator`` (before a prompt)."""
        cursor = self._end_cursor()
        if cursor.block().length() > 1:
            cursor.insertBlock()
            cursor.block().setUserState(_OUTPUT)
        if separator:
            cursor.insertText(separator, QTextCharFormat())

    def _prompt_format(self, colour: str) -> QTextCharFormat:
        char_format = QTextCharFormat()
        char_format.setForeground(QColor(colour))
        return char_format

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.control.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    # ------------------------------------------------------------------ output

    def _output_cursor(self) -> QTextCursor:
        """Where output goes: before the prompt when one is shown, else at the end."""
        if self._prompt_shown:
            cursor = QTextCursor(self.control.document())
            cursor.setPosition(self._prompt.position())
            return cursor
        return self._end_cursor()

    def append_stream(self, text: str, name: str = "stdout") -> None:
        """Show stream text (ANSI escapes drawn, ``\\r`` rewriting the line)."""
        self._output.stream(name, text)

    def append_later(self, show: Any) -> None:
        """Call ``show(cursor)`` with the output cursor, in order with other output."""
        self._output.call(lambda: self._show(show))

    def append_plain(self, text: str, char_format: QTextCharFormat | None = None) -> None:
        """Show ``text`` in one format, in order with other output."""
        chosen = char_format or QTextCharFormat()
        self.append_later(lambda cursor: cursor.insertText(text, chosen))

    def flush_output(self) -> None:
        """Show queued output now."""
        self._output.flush()

    def _show(self, show: Any) -> None:
        cursor = self._output_cursor()
        before_prompt = self._prompt_shown
        show(cursor)
        if before_prompt and cursor.block().length() > 1:
            cursor.insertBlock()
            cursor.block().setUserState(_OUTPUT)

    def _show_stream(self, name: str, text: str) -> None:
        limit = self.settings.buffer_size
        if limit > 0 and text.count("\n") > limit:
            text = text[-sum(len(line) + 1 for line in text.split("\n")[-limit - 1 :]) + 1 :]
        actions = self._ansi.feed(text) if self.settings.ansi_codes else [Styled(text, TextStyle())]
        cursor = self._output_cursor()
        before_prompt = self._prompt_shown
        cursor.beginEditBlock()
        error = name == "stderr"
        for action in actions:
            if isinstance(action, CarriageReturn):
                self._carriage_return = True
            elif isinstance(action, ClearScreen):
                cursor.endEditBlock()
                self.clear_output_area()
                cursor = self._output_cursor()
                cursor.beginEditBlock()
            else:
                self._insert_styled(cursor, action, error)
        if before_prompt and cursor.block().length() > 1:
            cursor.insertBlock()
            cursor.block().setUserState(_OUTPUT)
        cursor.endEditBlock()

    def _insert_styled(self, cursor: QTextCursor, run: Styled, error: bool) -> None:
        text = run.text
        if self._carriage_return and text:
            first, newline, rest = text.partition("\n")
            if first or not newline:
                cursor.movePosition(
                    QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.removeSelectedText()
            self._carriage_return = False
            self._insert_lines(cursor, first, run.style, error)
            if newline:
                cursor.insertBlock()
                cursor.block().setUserState(_OUTPUT)
                self._insert_lines(cursor, rest, run.style, error)
            return
        self._insert_lines(cursor, text, run.style, error)

    def _insert_lines(self, cursor: QTextCursor, text: str, style: TextStyle, error: bool) -> None:
        char_format = self._char_format(style, error)
        for number, line in enumerate(text.split("\n")):
            if number:
                cursor.insertBlock()
                cursor.block().setUserState(_OUTPUT)
            if line:
                cursor.insertText(line, char_format)

    def _char_format(self, style: TextStyle, error: bool) -> QTextCharFormat:
        char_format = QTextCharFormat()
        foreground, background = style.foreground, style.background
        if style.inverse:
            foreground, background = (
                background or self.palette_.background,
                foreground or self.palette_.foreground,
            )
        if foreground:
            char_format.setForeground(QColor(foreground))
        elif error:
            char_format.setForeground(QColor(self.palette_.error))
        if background:
            char_format.setBackground(QColor(background))
        if style.bold:
            char_format.setFontWeight(QFont.Weight.Bold)
        if style.italic:
            char_format.setFontItalic(True)
        if style.underline:
            char_format.setFontUnderline(True)
        return char_format

    def _after_output(self) -> None:
        self._trim()
        scroll = self.control.verticalScrollBar()
        scroll.setValue(scroll.maximum())

    def _trim(self) -> None:
        """Drop the oldest lines beyond ``buffer_size`` (never the input region)."""
        limit = self.settings.buffer_size
        document = self.control.document()
        extra = document.blockCount() - limit
        if limit <= 0 or extra <= 0:
            return
        cursor = QTextCursor(document)
        block = document.findBlockByNumber(extra)
        end = block.position()
        if self._prompt_shown:
            end = min(end, self._prompt.position())
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.output_trimmed()

    def output_trimmed(self) -> None:
        """Old output was dropped (subclasses forget what it held)."""

    def clear_output_area(self) -> None:
        """Remove everything before the prompt (the prompt and input stay)."""
        cursor = QTextCursor(self.control.document())
        end = self._prompt.position() if self._prompt_shown else self._end_cursor().position()
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def clear(self) -> None:
        """Empty the console (the input typed so far is kept)."""
        source = self.input_buffer if self._prompt_shown else None
        self._output.flush()
        self.control.clear()
        self._prompt_shown = False
        self._carriage_return = False
        if source is not None:
            self.redraw_prompt(source)

    def redraw_prompt(self, source: str = "") -> None:
        """Show the prompt again (subclasses know its number) with ``source`` in it."""
        self.show_prompt("> ")
        self.input_buffer = source

    # ------------------------------------------------------------------ keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.control and event.type() == QEvent.Type.KeyPress:
            from jovi.qt.keys import handle_key  # noqa: PLC0415 - a module of this one's

            return handle_key(self, event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def key_hook(self, event: QKeyEvent) -> bool | None:
        """A chance to take ``event`` before the console's keys (a completion list,
        a password being typed): True or False says it was handled or not, None passes."""
        return None

    def input_open(self) -> bool:
        """Whether input can be typed now."""
        return self._prompt_shown

    def key_eof(self) -> bool:
        """Ctrl-D: delete the next character (subclasses: end input, leave)."""
        cursor = self.control.textCursor()
        cursor.deleteChar()
        return True

    def key_tab(self, *, backwards: bool) -> bool:
        """Tab: indent to the next multiple of 4; Shift-Tab: unindent."""
        cursor = self.control.textCursor()
        block = cursor.block()
        code_start = block.position() + max(block.userState(), 0)
        column = cursor.position() - code_start
        if backwards:
            text = block.text()[max(block.userState(), 0) :]
            spaces = min(4, len(text) - len(text.lstrip(" ")))
            edit = QTextCursor(block)
            edit.setPosition(code_start)
            edit.setPosition(code_start + spaces, QTextCursor.MoveMode.KeepAnchor)
            edit.removeSelectedText()
        else:
            cursor.insertText(" " * (4 - column % 4))
        return True

    def key_typed(self, text: str) -> None:
        """A printable key is about to be typed into the input (subclasses: calltips)."""

    def key_enter(self, event: QKeyEvent) -> None:
        """Enter: subclasses decide whether the input runs."""
        self.insert_newline()

    def insert_newline(self) -> None:
        """Ctrl-Enter: a new input line, never run."""
        cursor = self.control.textCursor()
        self._new_input_line(cursor)
        self.control.setTextCursor(cursor)

    def submit(self, source: str | None = None) -> None:
        """Run the input (Shift-Enter): subclasses send it to the kernel."""
        text = self.finish_input() if source is None else source
        self.history.add(text)
        self.executed.emit(text)

    def _insert_paths(self, paths: list[str]) -> None:
        if not self._prompt_shown:
            return
        cursor = self.control.textCursor()
        if cursor.position() < self.input_start:
            cursor = self._end_cursor()
        cursor.insertText(" ".join(repr(path) if " " in path else path for path in paths))
        self.control.setTextCursor(cursor)

    def _match_brackets(self) -> None:
        from jovi.qt.brackets import matching_bracket  # noqa: PLC0415 - a module of this one's

        selections: list[QTextEdit.ExtraSelection] = []
        if self.cursor_in_input():
            text = self.input_buffer
            at = self.input_cursor_position()
            found = matching_bracket(text, at)
            if found is not None:
                for offset in found:
                    selection = QTextEdit.ExtraSelection()
                    cursor = QTextCursor(self.control.document())
                    cursor.setPosition(self._document_position(offset))
                    cursor.movePosition(
                        QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor
                    )
                    highlight = QTextCharFormat()
                    highlight.setBackground(QColor(self.palette_.selection))
                    selection.cursor = cursor
                    selection.format = highlight
                    selections.append(selection)
        self.control.setExtraSelections(selections)

    def _document_position(self, offset: int) -> int:
        """The document position of ``offset`` in :attr:`input_buffer`."""
        text = self.input_buffer
        line = text.count("\n", 0, offset)
        return self.input_start + offset + line * len(self._continuation)
