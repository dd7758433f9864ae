"""The Qt console, qtconsole (with ipykernel) against jovi qtconsole (with jovi's kernel):
start to the prompt ready for input, and a flood of printed lines to idle.

Both sides run the rich widget as ``jupyter qtconsole`` and ``jovi qtconsole`` show
it, on Qt's offscreen platform (the same for both), with PySide6; qtconsole reaches
it through qtpy (``QT_API=pyside6``).

* ``prompt``: from the measure's start (before Qt or the console is imported) to the
  moment ``In [1]:`` is in the console's document: kernel started and answering.
* ``flood``: ``for n in range(lines): print(n)`` run from the prompt, to the moment the
  next prompt is shown (every line has been received and drawn; each console keeps
  its default 500-line buffer). The event loop runs throughout.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, run_driver, seconds

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"


def _wait(app: Any, condition: Callable[[], bool], timeout: float = 600.0) -> int:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the console did not get there in time")
        app.processEvents()
        time.sleep(0.0005)
    return time.perf_counter_ns()


def _peer() -> tuple[Any, Any, Callable[[], str], Callable[[], None]]:
    from qtconsole.manager import QtKernelManager
    from qtconsole.rich_jupyter_widget import RichJupyterWidget
    from qtpy.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    manager = QtKernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    widget = RichJupyterWidget()
    widget.kernel_manager = manager
    widget.kernel_client = client
    widget.show()

    def stop() -> None:
        client.stop_channels()
        manager.shutdown_kernel(now=True)

    return app, widget, widget._control.toPlainText, stop


def _jovi() -> tuple[Any, Any, Callable[[], str], Callable[[], None]]:
    from jovi.kernels import KernelManager

    manager = KernelManager("jovi")
    manager.start_kernel()  # the kernel starts while Qt loads, as in jovi qtconsole

    from jovi.qt.main_window import application
    from jovi.qt.rich_widget import RichJupyterWidget

    app = application()
    widget = RichJupyterWidget()
    widget.show()
    client = manager.client(time_to_dead=3.0)
    client.start_channels()
    client.wait_for_ready(60)
    widget.kernel_manager = manager
    widget.kernel_client = client

    def stop() -> None:
        widget.close_kernel_channels()
        manager.shutdown(now=True)

    return app, widget, widget.control.toPlainText, stop


def _start(side: str) -> tuple[Any, Any, Callable[[], str], Callable[[], None]]:
    return _peer() if side == "peer" else _jovi()


def prompt(side: str, params: Mapping[str, Any]) -> Metrics:
    started = time.perf_counter_ns()
    app, _widget, text, stop = _start(side)
    try:
        ready = _wait(app, lambda: "In [1]:" in text())
    finally:
        stop()
    return {"first_prompt": seconds(ready - started)}


def flood(side: str, params: Mapping[str, Any]) -> Metrics:
    lines = int(params["lines"])
    app, widget, text, stop = _start(side)
    try:
        _wait(app, lambda: "In [1]:" in text())
        started = time.perf_counter_ns()
        widget.execute(f"for n in range({lines}): print(n)")
        done = _wait(app, lambda: "In [2]:" in text() and f"\n{lines - 1}\n" in text())
    finally:
        stop()
    return {"flood": seconds(done - started)}


if __name__ == "__main__":
    run_driver({"prompt": prompt, "flood": flood})
