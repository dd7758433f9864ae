"""Running GUI event loops while the prompt waits (``%gui``, ``--gui``).

An input hook runs the toolkit's events until the terminal has input for the
prompt, so windows stay responsive and the user never starts the toolkit's own main
loop.  Supported: ``tk`` (tkinter) and ``qt`` (PySide6); ``gtk`` where PyGObject is
installed.  The toolkits are imported only when their hook is enabled.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["GUIS", "inputhook_for"]

GUIS = ("tk", "qt", "gtk")
_POLL_S = 0.01


def _tk(context: Any) -> None:
    import tkinter  # noqa: PLC0415 - optional dependency

    root = getattr(tkinter, "_default_root", None)
    if root is None:
        return
    finished = False

    def done(*_args: Any) -> None:
        nonlocal finished
        finished = True
        root.quit()

    try:
        root.createfilehandler(context.fileno(), tkinter.READABLE, done)
    except (AttributeError, tkinter.TclError):
        while not context.input_is_ready():  # Windows: no file handlers, poll instead
            root.update()
            time.sleep(_POLL_S)
        return
    try:
        while not finished and not context.input_is_ready():
            root.mainloop()
    finally:
        root.deletefilehandler(context.fileno())


def _qt(context: Any) -> None:
    from PySide6 import QtCore  # noqa: PLC0415 - optional dependency

    app = QtCore.QCoreApplication.instance()
    if app is None:
        from PySide6 import QtWidgets  # noqa: PLC0415 - optional dependency

        app = QtWidgets.QApplication([])
    loop = QtCore.QEventLoop()
    notifier = QtCore.QSocketNotifier(context.fileno(), QtCore.QSocketNotifier.Type.Read)
    notifier.activated.connect(loop.exit)
    try:
        if not context.input_is_ready():
            loop.exec()
    finally:
        notifier.setEnabled(False)


def _gtk(context: Any) -> None:
    from gi.repository import GLib  # noqa: PLC0415 - optional dependency

    main = GLib.MainContext.default()
    while not context.input_is_ready():
        main.iteration(False)
        time.sleep(_POLL_S)


def inputhook_for(gui: str) -> Callable[[Any], None]:
    """The input hook of ``gui``; :class:`UsageError` if it is unknown or not installed."""
    hooks: dict[str, tuple[Callable[[Any], None], str, str]] = {
        "tk": (_tk, "tkinter", "install your Python's Tk support (Debian: python3-tk)"),
        "qt": (_qt, "PySide6", "pip install 'jovi[qt]'"),
        "gtk": (_gtk, "gi", "install PyGObject"),
    }
    name = gui.lower().replace("qt5", "qt").replace("qt6", "qt").replace("gtk3", "gtk")
    if name not in hooks:
        raise UsageError(f"unknown GUI {gui!r}; jovi supports: {', '.join(GUIS)} (or none)")
    hook, module, how = hooks[name]
    import importlib.util  # noqa: PLC0415 - start-up cost

    if importlib.util.find_spec(module) is None:
        raise UsageError(f"the {name} event loop needs {module}, which is not installed ({how})")
    return hook
