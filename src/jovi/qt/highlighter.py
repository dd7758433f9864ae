"""Syntax colours of the input, with pygments, while it is typed.

Only blocks the console marks as input are coloured: a block's user state is the
column where its code starts (after the prompt), or -1 for output.  Each line is
lexed on its own, which is what a console's lines mostly are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

__all__ = ["InputHighlighter"]


class InputHighlighter(QSyntaxHighlighter):
    """Colours the input blocks of ``document`` in a pygments style.

    Args:
        document: The console's document.
        style: A pygments style name.
        language: The kernel's language (a pygments lexer name).
    """

    def __init__(
        self, document: QTextDocument, style: str = "default", language: str = "python"
    ) -> None:
        super().__init__(document)
        self._formats: dict[Any, QTextCharFormat] = {}
        self._lexer: Any = None
        self.set_language(language)
        self.set_style(style)

    def set_language(self, language: str) -> None:
        """Lex with the lexer of ``language`` (plain text if pygments has none)."""
        from pygments.lexers import get_lexer_by_name  # noqa: PLC0415 - pygments when drawn
        from pygments.util import ClassNotFound  # noqa: PLC0415 - pygments when drawn

        try:
            self._lexer = get_lexer_by_name(language or "text", stripnl=False, ensurenl=False)
        except ClassNotFound:
            self._lexer = get_lexer_by_name("text", stripnl=False, ensurenl=False)
        self.rehighlight()

    def set_style(self, name: str) -> None:
        """Colour with the pygments style ``name``."""
        from pygments.styles import get_style_by_name  # noqa: PLC0415 - pygments when drawn

        style = get_style_by_name(name or "default")
        self._formats = {}
        for token, definition in style:
            char_format = QTextCharFormat()
            if definition["color"]:
                char_format.setForeground(QColor(f"#{definition['color']}"))
            if definition["bold"]:
                char_format.setFontWeight(QFont.Weight.Bold)
            if definition["italic"]:
                char_format.setFontItalic(True)
            self._formats[token] = char_format
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        start = self.currentBlockState()
        if start < 0 or self._lexer is None:
            return
        position = start
        for token, value in self._lexer.get_tokens(text[start:]):
            char_format = self._format(token)
            if char_format is not None:
                self.setFormat(position, len(value), char_format)
            position += len(value)

    def _format(self, token: Any) -> QTextCharFormat | None:
        while token is not None:
            found = self._formats.get(token)
            if found is not None and (
                found.foreground().style() != Qt.BrushStyle.NoBrush or found.fontWeight() > 400
            ):
                return found
            token = token.parent
        return None
