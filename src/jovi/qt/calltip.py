"""The calltip: a function's signature and the start of its docstring, shown near
the cursor when ``(`` is typed, closed by ``)``, Escape, or leaving the call."""

from __future__ import annotations

import re
from typing import Final

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["CallTip", "calltip_text"]

_ANSI: Final = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MAX_LINES: Final = 20


def calltip_text(inspect_text: str, width: int = 80) -> str:
    """The calltip for an ``inspect_reply``'s ``text/plain``: escapes removed, the
    signature and docstring only, at most 20 lines, long lines wrapped at ``width``."""
    import textwrap  # noqa: PLC0415 - only when a calltip shows

    lines = _ANSI.sub("", inspect_text).strip("\n").split("\n")
    kept: list[str] = []
    for line in lines:
        if line.startswith(("Type:", "File:", "Init signature:")) and kept:
            continue
        kept.extend(textwrap.wrap(line, width, subsequent_indent="    ") or [""])
        if len(kept) >= _MAX_LINES:
            kept = [*kept[:_MAX_LINES], "..."]
            break
    return "\n".join(kept).strip()


class CallTip(QLabel):
    """A tooltip-like label over the console's text area."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("calltip")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFrameShape(QLabel.Shape.Box)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QLabel#calltip { background: #ffffe0; color: #000000; padding: 3px; }")
        self.hide()
        self.call_start = -1
        """Where the call's ``(`` is, in the input."""

    def show_tip(self, text: str, at: QPoint, call_start: int) -> None:
        """Show ``text`` below ``at`` for the call opened at ``call_start``."""
        self.setText(text)
        self.call_start = call_start
        self.adjustSize()
        self.move(at)
        self.show()
        self.raise_()

    def cursor_moved(self, source: str, position: int) -> None:
        """Close when the cursor leaves the call's parentheses."""
        if not self.isVisible():
            return
        inside = source[self.call_start : position]
        if position <= self.call_start or inside.count(")") >= inside.count("("):
            self.hide()
