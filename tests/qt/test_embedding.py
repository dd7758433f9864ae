"""The guide's embedding example runs as written (its app.exec() replaced by waiting
for the console): the widget embeds in another program with qtconsole's API."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.integration, pytest.mark.gui]

GUIDE = REPO_ROOT / "docs" / "guide" / "qtconsole.md"


def embedding_example() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Embedding the console", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def test_the_guides_embedding_example(qtbot, isolated_dirs, monkeypatch):
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")
    source = embedding_example()
    assert "app.exec()" in source
    namespace: dict[str, object] = {}

    def run_until_checked() -> None:
        console = namespace["console"]
        qtbot.addWidget(console)
        qtbot.waitUntil(console.input_open, timeout=30000)
        console.input_buffer = "x + 1"
        qtbot.keyClick(console.control, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: "Out[1]: 43" in console.control.toPlainText(), timeout=30000)
        # The hidden run showed nothing.
        assert "x = 42" not in console.control.toPlainText()

    namespace["run_until_checked"] = run_until_checked
    exec(
        compile(source.replace("app.exec()", "run_until_checked()"), str(GUIDE), "exec"), namespace
    )
    manager = namespace["manager"]
    assert not manager.is_alive()
