"""A flood of output never freezes the console: the event loop keeps turning (painting,
keys, timers), an endless flood can be interrupted, and the document stays within
buffer_size."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QTimer
from tests.qt.conftest import run

pytestmark = [pytest.mark.integration, pytest.mark.gui]


class LoopWatch:
    """The longest time the Qt event loop went without running a 10 ms timer."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.longest = 0.0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.monotonic()
        self.timer.start()


def test_a_flood_keeps_the_loop_turning_and_the_buffer_bounded(qtbot, console_factory):
    console = console_factory(buffer_size=500)
    watch = LoopWatch()
    watch.start()
    run(
        qtbot,
        console,
        "for n in range(100_000): print('line', n, flush=True)",
        "line 99999",
        timeout=120000,
    )
    watch.timer.stop()
    assert console.control.document().blockCount() <= 502
    assert watch.longest < 1.0, f"the event loop stalled for {watch.longest:.2f} s"


def test_an_endless_flood_is_interrupted(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    console.input_buffer = "n = 0\nwhile True:\n    n += 1\n    print('spam', n)"
    console.submit()
    qtbot.waitUntil(
        lambda: (
            "spam 2000" in console.control.toPlainText()
            or console.control.document().blockCount() > 400
        ),
        timeout=30000,
    )
    watch = LoopWatch()
    watch.start()
    console.interrupt_kernel()
    qtbot.waitUntil(
        lambda: "KeyboardInterrupt" in console.control.toPlainText() and console.input_open(),
        timeout=60000,
    )
    watch.timer.stop()
    assert watch.longest < 1.0, f"the event loop stalled for {watch.longest:.2f} s"


FLOOD_SCRIPT = """
from PySide6.QtWidgets import QApplication
from jovi.qt.console_widget import ConsoleWidget

app = QApplication([])
console = ConsoleWidget(buffer_size=100)
for n in range(300):
    console.append_stream("".join(f"line {n}.{k}\\n" for k in range(50)) + "partial")
    console.flush_output()
print("drawn", console.control.document().blockCount())
"""


def test_a_long_session_ends_cleanly(tmp_path):
    # PySide6 6.12.0 released a reference to None on each QTextCursor.insertText: after
    # enough output Python 3.11 died with "none_dealloc" (that version is excluded).
    script = tmp_path / "flood.py"
    script.write_text(FLOOD_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "drawn" in done.stdout
