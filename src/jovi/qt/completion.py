"""The completion widgets: ``plain`` (a list written into the console), ``droplist``
(a drop-down list) and ``ncurses`` (a grid moved through with Tab and the arrows).

The console asks the kernel (``complete_request``); with one match it is inserted
at once, with several the common prefix is inserted and a widget shows them.  A
widget chooses with Enter (or Tab in the grid) and closes with Escape; the chosen
text replaces the range the kernel named (``cursor_start`` to ``cursor_end``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget

if TYPE_CHECKING:
    from collections.abc import Sequence

    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QWidget

__all__ = ["CompletionList", "common_prefix", "plain_listing"]


def common_prefix(matches: Sequence[str]) -> str:
    """The text every match starts with."""
    if not matches:
        return ""
    first, last = min(matches), max(matches)  # the prefix of these two is everyone's
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[:length]


def plain_listing(matches: Sequence[str], width: int) -> str:
    """``matches`` in columns that fit ``width`` characters, as ``ls`` lays them out."""
    if not matches:
        return ""
    column = max(len(match) for match in matches) + 2
    per_row = max(1, width // column)
    rows = (len(matches) + per_row - 1) // per_row
    lines = []
    for row in range(rows):
        cells = [matches[index] for index in range(row, len(matches), rows)]
        lines.append("".join(cell.ljust(column) for cell in cells).rstrip())
    return "\n".join(lines) + "\n"


class CompletionList(QObject):
    """A list of matches near the cursor: one column (droplist) or a grid (ncurses).

    Args:
        parent: The console's text area (the list is drawn over it).
        grid: Lay the matches out in a grid, moved through with Tab and the arrows.
        max_rows: Rows shown at most (0: as many as fit).
    """

    chosen = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget, *, grid: bool, max_rows: int = 0) -> None:
        super().__init__(parent)
        self.grid = grid
        self.max_rows = max_rows
        self.view = QListWidget(parent)
        self.view.setObjectName("completion-grid" if grid else "completion-list")
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if grid:
            self.view.setFlow(QListView.Flow.LeftToRight)
            self.view.setWrapping(True)
            self.view.setResizeMode(QListView.ResizeMode.Adjust)
            self.view.setUniformItemSizes(True)
        self.view.itemActivated.connect(lambda item: self._choose(item.text()))
        self.view.hide()

    @property
    def visible(self) -> bool:
        """Whether the list is shown."""
        return self.view.isVisible()

    def items(self) -> list[str]:
        """The matches shown."""
        return [self.view.item(row).text() for row in range(self.view.count())]

    def show_matches(self, matches: Sequence[str], at: QPoint) -> None:
        """Show ``matches`` with the first selected, just below ``at`` in the text area."""
        self.view.clear()
        self.view.addItems(list(matches))
        self.view.setCurrentRow(0)
        metrics = self.view.fontMetrics()
        parent = self.view.parentWidget()
        assert parent is not None
        row_height = metrics.lineSpacing() + 4
        widest = max(metrics.horizontalAdvance(match) for match in matches) + 24
        if self.grid:
            self.view.setGridSize(QSize(widest, row_height))
            width = max(widest + 8, parent.width() - at.x() - 8)
            per_row = max(1, (width - 8) // widest)
            rows = (len(matches) + per_row - 1) // per_row
        else:
            width, rows = widest, len(matches)
        if self.max_rows:
            rows = min(rows, self.max_rows)
        room = max(row_height * 2, parent.height() - at.y() - 4)
        height = min(rows * row_height + 6, room)
        self.view.setGeometry(at.x(), at.y(), min(width, parent.width() - at.x()), height)
        self.view.show()
        self.view.raise_()

    def hide(self) -> None:
        """Close the list without choosing."""
        if self.view.isVisible():
            self.view.hide()
            self.closed.emit()

    def handle_key(self, event: QKeyEvent) -> bool:
        """Keys while the list is open: arrows and Tab move, Enter chooses, Escape
        closes; other keys close it and go on to the console (False)."""
        key = Qt.Key(event.key())
        row = self.view.currentRow()
        count = self.view.count()
        per_row = self._per_row()
        moves = {
            Qt.Key.Key_Down: per_row if self.grid else 1,
            Qt.Key.Key_Up: -(per_row if self.grid else 1),
            Qt.Key.Key_Right: 1 if self.grid else 0,
            Qt.Key.Key_Left: -1 if self.grid else 0,
            Qt.Key.Key_Tab: 1,
            Qt.Key.Key_Backtab: -1,
        }
        if key in {Qt.Key.Key_Return, Qt.Key.Key_Enter}:
            item = self.view.currentItem()
            if item is not None:
                self._choose(item.text())
            return True
        if key == Qt.Key.Key_Escape:
            self.hide()
            return True
        if moves.get(key):
            self.view.setCurrentRow((row + moves[key]) % count)
            return True
        self.hide()
        return False

    def _per_row(self) -> int:
        if not self.grid or self.view.count() == 0:
            return 1
        first = self.view.visualItemRect(self.view.item(0)).top()
        return max(
            1,
            sum(
                1
                for row in range(self.view.count())
                if self.view.visualItemRect(self.view.item(row)).top() == first
            ),
        )

    def _choose(self, text: str) -> None:
        self.view.hide()
        self.chosen.emit(text)
