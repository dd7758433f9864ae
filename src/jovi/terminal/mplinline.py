"""``%matplotlib inline`` in the terminal: a matplotlib backend that draws figures into
terminals that show images (kitty, iTerm2, sixel; see
:mod:`jovi.terminal.console.images`), as the console draws a kernel's images.

Figures are drawn with Agg; like the notebook's inline backend, every figure open at
the end of a cell (or at ``plt.show()``) is drawn below it, then closed.  matplotlib
loads this module (``module://jovi.terminal.mplinline``) only when it is chosen.
"""

from __future__ import annotations

import io
from typing import Any

from matplotlib import pyplot
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

from jovi.shell.output import write_text
from jovi.terminal.console.images import image_escape

__all__ = ["BACKEND", "FigureCanvas", "FigureManager", "draw_open_figures", "show", "use_protocol"]

BACKEND = "module://jovi.terminal.mplinline"

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase

_protocol = ["kitty"]


def use_protocol(protocol: str) -> None:
    """Draw with ``protocol`` (``kitty``, ``iterm2`` or ``sixel``) from now on."""
    _protocol[0] = protocol


def draw_open_figures(*_args: Any) -> None:
    """Draw every open figure into the terminal, then close them all."""
    numbers = pyplot.get_fignums()
    for number in numbers:
        figure = pyplot.figure(number)
        png = io.BytesIO()
        figure.savefig(png, format="png", bbox_inches="tight")
        escape = image_escape(_protocol[0], "image/png", png.getvalue())
        if escape is not None:
            write_text(escape + "\n")
    if numbers:
        pyplot.close("all")


def show(*_args: Any, **_kwargs: Any) -> None:
    """``plt.show()``: draw the open figures now."""
    draw_open_figures()
