"""The Qt console's fixtures: Qt offscreen, a pinned font, and consoles on real kernels."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from tests.kernels.conftest import JOVI, ipykernel_spec, kernel_name, user_kernels

__all__ = ["JOVI", "PINNED_FONT", "ipykernel_spec", "kernel_name", "user_kernels"]

# The font screenshots are drawn in: DejaVu Sans Mono from Debian's fonts-dejavu-core
# (.ci/run installs it), loaded by file so that no other font stands in.
PINNED_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")


@pytest.fixture
def console_factory(qtbot, isolated_dirs, monkeypatch):
    """``console_factory(kernel, **options)``: a RichJupyterWidget on a kernel it
    started (``existing=client``: on another console's kernel, as a remote console)."""
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    from jovi.kernels import KernelManager
    from jovi.qt import RichJupyterWidget

    made = []

    def make(
        kernel: str = JOVI, *, remote_of=None, ready: bool = True, show_banner=True, **options
    ):
        widget = RichJupyterWidget(**options)
        widget.display_banner = show_banner
        qtbot.addWidget(widget)
        if remote_of is None:
            manager = KernelManager(kernel)
            manager.start_kernel()
            client = manager.client()
            widget.kernel_manager = manager
        else:
            from jovi.client import BlockingKernelClient

            manager = None
            client = BlockingKernelClient(remote_of.kernel_client.connection_info)
        client.start_channels()
        client.wait_for_ready(60)
        widget.kernel_client = client
        made.append((widget, manager))
        widget.resize(700, 500)
        widget.show()
        if ready:
            qtbot.waitUntil(widget.input_open, timeout=30000)
        return widget

    yield make
    for widget, manager in reversed(made):
        widget.close_kernel_channels()
        if manager is not None:
            manager.shutdown(now=True)


def run(qtbot, widget, source: str, expect: str, timeout: int = 20000) -> None:
    """Type ``source``, press Shift-Enter and wait until ``expect`` shows and the next prompt."""
    from PySide6.QtCore import Qt

    qtbot.waitUntil(widget.input_open, timeout=timeout)
    widget.input_buffer = source
    qtbot.keyClick(widget.control, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: expect in widget.control.toPlainText() and widget.input_open(), timeout=timeout
    )
