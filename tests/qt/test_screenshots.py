"""Screenshots of the console, light and dark, in a pinned font (DejaVu Sans Mono,
loaded from its file), compared with the committed references within a tolerance.

``UPDATE_SCREENSHOTS=1`` writes the references instead (look at them before
committing them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase, QImage
from tests.qt.conftest import JOVI, PINNED_FONT, run

pytestmark = [pytest.mark.integration, pytest.mark.gui]

REFERENCES = Path(__file__).parent / "screenshots"
TOLERANCE = 2.0  # mean difference per channel, out of 255


def pinned_family() -> str:
    font_id = QFontDatabase.addApplicationFont(str(PINNED_FONT))
    assert font_id >= 0, f"cannot load {PINNED_FONT}"
    return QFontDatabase.applicationFontFamilies(font_id)[0]


def mean_difference(first: QImage, second: QImage) -> float:
    first = first.convertToFormat(QImage.Format.Format_RGB888)
    second = second.convertToFormat(QImage.Format.Format_RGB888)
    assert first.size() == second.size()
    left = first.constBits().tobytes()
    right = second.constBits().tobytes()
    return sum(abs(a - b) for a, b in zip(left, right, strict=True)) / len(left)


@pytest.mark.parametrize("style", ["default", "monokai"])
def test_console_looks_as_its_reference(qtbot, console_factory, style, tmp_path):
    console = console_factory(
        JOVI,
        font_family=pinned_family(),
        font_size=11,
        syntax_style=style,
        banner="jovi qtconsole",
        scrollbar_visibility=False,
    )
    console.resize(560, 420)
    run(qtbot, console, "def square(x):\n    return x * x  # a comment\n", "In [2]:")
    run(qtbot, console, "print('squares:'); [square(n) for n in range(4)]", "Out[2]:")
    run(qtbot, console, "1 / 0", "ZeroDivisionError")
    console.control.textCursor().clearSelection()
    console.control.setCursorWidth(0)  # no blinking cursor in the picture
    shot = console.grab().toImage()
    reference = REFERENCES / f"console-{'light' if style == 'default' else 'dark'}.png"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        REFERENCES.mkdir(exist_ok=True)
        assert shot.save(str(reference))
    shot.save(str(tmp_path / reference.name))
    assert reference.exists(), f"no reference {reference}: run with UPDATE_SCREENSHOTS=1"
    difference = mean_difference(shot, QImage(str(reference)))
    assert difference < TOLERANCE, f"{tmp_path / reference.name} differs by {difference:.2f}"
