"""The pager: long text (``obj?``, ``%less``) shown apart from the console.

``paging`` decides where: ``inside`` covers the console until q or Escape,
``hsplit`` puts it beside the console and ``vsplit`` below it (in a splitter),
``custom`` leaves it to a signal and ``none`` writes the text into the console
(the console decides those two).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTextEdit

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

__all__ = ["Pager"]


class Pager(QObject):
    """The pager's text area and where it sits next to the console's.

    Args:
        parent: The console.
        mode: ``inside``, ``hsplit``, ``vsplit``, ``custom`` or ``none``.
    """

    leave = Signal()
    """The pager was left (q, Escape): focus goes back to the console."""

    def __init__(self, parent: QObject, mode: str) -> None:
        super().__init__(parent)
        self.mode = mode
        self.widget = QTextEdit()
        self.widget.setReadOnly(True)
        self.widget.setObjectName("pager")
        self.widget.installEventFilter(self)
        self.widget.hide()
        self._stack = QStackedWidget()
        self._splitter = QSplitter()
        self._stack.addWidget(self._splitter)

    def container(self, control: QWidget) -> QWidget:
        """The widget that holds the console's ``control`` and the pager."""
        self._splitter.addWidget(control)
        self.set_mode(self.mode)
        return self._stack

    def set_mode(self, mode: str) -> None:
        """Move the pager to where ``mode`` puts it (hidden until something is paged)."""
        self.mode = mode
        self.close()
        if mode in {"hsplit", "vsplit"}:
            self._splitter.setOrientation(
                Qt.Orientation.Horizontal if mode == "hsplit" else Qt.Orientation.Vertical
            )
            self._splitter.addWidget(self.widget)
        elif mode == "inside":
            self._stack.addWidget(self.widget)
        self.widget.hide()

    @property
    def visible(self) -> bool:
        """Whether paged text is shown."""
        return self.widget.isVisible()

    def page(self, html: str) -> None:
        """Show ``html`` in the pager and give it the keyboard."""
        self.widget.setHtml(html)
        self.widget.show()
        if self.mode == "inside":
            self._stack.setCurrentWidget(self.widget)
        self.widget.setFocus()

    def close(self) -> None:
        """Hide the pager."""
        if self.mode == "inside":
            self._stack.setCurrentIndex(0)
        self.widget.hide()
        self.leave.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.widget and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in {Qt.Key.Key_Q, Qt.Key.Key_Escape}:
                self.close()
                return True
            if key == Qt.Key.Key_Tab or (
                key == Qt.Key.Key_O and event.modifiers() & Qt.KeyboardModifier.ControlModifier  # type: ignore[attr-defined]
            ):
                if self.mode == "inside":
                    self.close()
                else:
                    self.leave.emit()
                return True
        return super().eventFilter(watched, event)
