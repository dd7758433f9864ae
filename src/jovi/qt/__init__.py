"""Layer 5: the Qt console, a rich console of any kernel (``jovi qtconsole``).

* :mod:`~jovi.qt.rich_widget`: :class:`RichJupyterWidget`, the widget to embed;
  its bases :mod:`~jovi.qt.jupyter_widget` (prompts, payloads),
  :mod:`~jovi.qt.frontend_widget` (the kernel) and :mod:`~jovi.qt.console_widget`
  (the text area);
* :mod:`~jovi.qt.kernel_bridge`: how kernel messages reach the Qt thread;
* :mod:`~jovi.qt.main_window`: the window of ``jovi qtconsole``, tabs and menus.

Everything here needs PySide6 (``pip install jovi[qt]``); nothing is imported until
a name is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.qt.console_widget import ConsoleWidget
    from jovi.qt.frontend_widget import FrontendWidget
    from jovi.qt.jupyter_widget import JupyterWidget
    from jovi.qt.kernel_bridge import KernelBridge
    from jovi.qt.main_window import MainWindow
    from jovi.qt.rich_widget import RichJupyterWidget
    from jovi.qt.settings import ConsoleSettings

__all__ = [
    "ConsoleSettings",
    "ConsoleWidget",
    "FrontendWidget",
    "JupyterWidget",
    "KernelBridge",
    "MainWindow",
    "RichJupyterWidget",
]

_HOMES = {
    "ConsoleSettings": "jovi.qt.settings",
    "ConsoleWidget": "jovi.qt.console_widget",
    "FrontendWidget": "jovi.qt.frontend_widget",
    "JupyterWidget": "jovi.qt.jupyter_widget",
    "KernelBridge": "jovi.qt.kernel_bridge",
    "MainWindow": "jovi.qt.main_window",
    "RichJupyterWidget": "jovi.qt.rich_widget",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
