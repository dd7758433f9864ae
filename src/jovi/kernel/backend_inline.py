"""jovi's inline matplotlib backend: ``matplotlib.use("module://jovi.kernel.backend_inline")``.

Figures are drawn with Agg.  Nothing is shown while a cell runs, except by
``plt.show()`` or ``display(fig)``; a figure that is created or changed is marked,
and when the cell ends the kernel shows the marked figures as ``display_data``
(in the formats of :class:`~jovi.kernel.inline.InlineBackend`) and, with
``close_figures`` (the default), closes every figure.

Importing this module inside a running jovi shell (as matplotlib does when
``MPLBACKEND`` names it) connects it to that shell; elsewhere figures are simply
never shown.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib import _pylab_helpers
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

if TYPE_CHECKING:
    from jovi.kernel.inline import InlineBackend
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["FigureCanvas", "FigureCanvasInline", "FigureManager", "attach", "flush_figures", "show"]

# Figures created or changed since the last flush (weakly: closing one forgets it).
_marked: weakref.WeakSet[Any] = weakref.WeakSet()
_connection: dict[str, Any] = {}


class FigureCanvasInline(FigureCanvasAgg):
    """An Agg canvas that, instead of drawing when idle, marks its figure to be shown."""

    def draw_idle(self, *args: Any, **kwargs: Any) -> None:
        del args, kwargs
        if matplotlib.is_interactive():
            _marked.add(self.figure)


FigureCanvas = FigureCanvasInline
FigureManager = FigureManagerBase


def _display(figure: Any) -> None:
    shell: InteractiveShell | None = _connection.get("shell")
    if shell is None:
        return
    data, metadata = shell.format(figure)
    if len(data) > 1 or "text/plain" not in data:  # an image was made
        shell.publish(data, metadata)


def show(close: bool | None = None, block: bool | None = None) -> None:
    """Show every open figure now (``plt.show()``); close them unless ``close`` is False."""
    del block
    options: InlineBackend | None = _connection.get("options")
    if close is None:
        close = options.close_figures if options is not None else True
    try:
        for manager in _pylab_helpers.Gcf.get_all_fig_managers():
            _display(manager.canvas.figure)
    finally:
        _marked.clear()
        if close and _pylab_helpers.Gcf.get_all_fig_managers():
            import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency

            plt.close("all")


def flush_figures() -> None:
    """Show the figures the cell created or changed (called when a cell ends)."""
    if matplotlib.is_interactive():
        # pyplot imported after IPython leaves figures without the callback that marks
        # them when they change (it redraws stale figures after the cell, through the
        # shell IPython.get_ipython() returns): a stale open figure is a changed one.
        _marked.update(
            manager.canvas.figure
            for manager in _pylab_helpers.Gcf.get_all_fig_managers()
            if manager.canvas.figure.stale
        )
    if not _marked:
        return
    options: InlineBackend | None = _connection.get("options")
    if options is None or options.close_figures:
        show(close=True)
        return
    open_figures = {id(m.canvas.figure) for m in _pylab_helpers.Gcf.get_all_fig_managers()}
    try:
        for figure in list(_marked):
            if id(figure) in open_figures:
                _display(figure)
                # Saving it (bbox_inches="tight") left it stale: shown, it is up to date.
                figure.stale = False
    finally:
        _marked.clear()


def attach(shell: InteractiveShell, options: InlineBackend) -> None:
    """Show figures through ``shell``, with ``options``, at the end of each cell."""
    previous = _connection.get("shell")
    if previous is not None and previous is not shell:
        previous.events.unregister("post_execute", flush_figures)
    if previous is not shell:
        shell.events.register("post_execute", flush_figures)
    _connection["shell"] = shell
    _connection["options"] = options


def _attach_to_running_shell() -> None:
    from jovi.shell.interactiveshell import get_ipython  # noqa: PLC0415 - start-up cost

    shell = get_ipython()
    if shell is None:
        return
    from jovi.kernel.inline import inline_options  # noqa: PLC0415 - start-up cost

    options = inline_options(shell)
    matplotlib.interactive(True)
    if options.rc:
        rc: Any = matplotlib.rcParams
        rc.update(options.rc)
    attach(shell, options)


_attach_to_running_shell()
