"""``ProgressBar``: a progress bar that redraws itself in place as work is done.

Usage::

    for item in ProgressBar(100):   # shows the bar, updates it after each item
        work(item)

    bar = ProgressBar(10)
    bar.display()
    bar.progress = 3                 # updates the bar shown

The bar is an HTML ``<progress>`` element in rich frontends and a line of text,
``[=====     ] 5/10``, in terminals; updates use a display id
(:func:`~jovi.display.functions.update_display`), so the same output changes.
"""

from __future__ import annotations

import html

from jovi.display.functions import DisplayHandle, display

__all__ = ["ProgressBar"]


class ProgressBar:
    """A bar showing how far along ``total`` steps the work is.

    Args:
        total: How many steps the work has.

    Attributes:
        total: How many steps the work has.
        html_width: The CSS width of the bar in rich frontends.
        text_width: The number of characters of the bar in terminals.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.html_width = "60ex"
        self.text_width = 60
        self._progress = 0
        self._next = 0
        self._handle: DisplayHandle | None = None

    @property
    def progress(self) -> int:
        """How many steps are done; setting it updates the bar shown."""
        return self._progress

    @progress.setter
    def progress(self, value: int) -> None:
        self._progress = value
        self.update()

    def __repr__(self) -> str:
        fraction = min(max(self._progress / self.total, 0.0), 1.0) if self.total > 0 else 1.0
        filled = round(self.text_width * fraction)
        bar = "=" * filled + " " * (self.text_width - filled)
        return f"[{bar}] {self._progress}/{self.total}"

    def _repr_html_(self) -> str:
        return (
            f"<progress style='width:{html.escape(self.html_width)}' "
            f"max='{self.total}' value='{self._progress}'></progress>"
        )

    def display(self) -> None:
        """Show the bar (again), with a display id so that updates replace it."""
        handle = display(self, display_id=True)
        assert handle is not None
        self._handle = handle

    def update(self) -> None:
        """Redraw the bar shown (nothing if it was not shown)."""
        if self._handle is not None:
            self._handle.update(self)

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> ProgressBar:
        """Start over at 0 and show the bar; each item then counts as one step."""
        self._progress = 0
        self._next = 0
        self.display()
        return self

    def __next__(self) -> int:
        step = self._next
        if step > 0:
            self.progress = step
        if step >= self.total:
            raise StopIteration
        self._next += 1
        return step
