"""JupyterLab's debugger panel on jovi's kernel, in headless Chromium: a breakpoint set by
clicking a cell's gutter stops the cell, and the panel shows the frame's variables."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.kernel.jupyterlab import open_notebook, screenshot_on_failure, write_notebook

pytestmark = [pytest.mark.interop, pytest.mark.integration, pytest.mark.slow]

CELL = (
    "def add(a, b):\n    c = a + b\n    return c\n\ntotal = add(2, 3)\nprint('total is', total)\n"
)
TIMEOUT_MS = 30_000


def test_the_debugger_panel_stops_at_a_breakpoint_and_shows_the_variables(
    jupyterlab, lab_page, tmp_path
):
    page = lab_page
    page.set_default_timeout(TIMEOUT_MS)
    write_notebook(jupyterlab.root_dir / "debug.ipynb", [CELL])
    with screenshot_on_failure(page, tmp_path / "failure.png"):
        open_notebook(page, jupyterlab, "debug.ipynb")
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

        # The bug button of the notebook's toolbar: JupyterLab starts a debug session.
        bug = notebook.locator(".jp-DebuggerBugButton")
        expect(bug).to_have_attribute("aria-disabled", "false")  # the kernel can debug
        bug.click()
        expect(bug).to_have_attribute("aria-pressed", "true")
        sidebar = page.locator("#jp-debugger-sidebar")
        expect(sidebar).to_be_visible()

        # A breakpoint on line 2 of the cell, by a click in its gutter.
        cell = notebook.locator(".jp-CodeCell").first
        cell.locator(".cm-gutter.cm-breakpoint-gutter > .cm-gutterElement").nth(2).click()
        expect(sidebar.locator(".jp-DebuggerBreakpoint")).to_have_count(1)
        expect(sidebar.locator(".jp-DebuggerBreakpoint")).to_contain_text("2")

        cell.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")

        # Paused: the line is highlighted, the frames are the cell's, the locals shown.
        expect(cell.locator(".cm-line.jp-DebuggerEditor-highlight")).to_have_text("    c = a + b")
        frames = sidebar.locator(".jp-DebuggerCallstackFrame")
        expect(frames.first).to_contain_text("add")
        expect(sidebar.locator("select[aria-label='Scope']")).to_have_value("Locals")
        variables = sidebar.locator(".jp-DebuggerVariables-body:not(.lm-mod-hidden) .jp-TreeItem")
        for name, value in (("a", "2"), ("b", "3")):
            item = variables.filter(
                has=page.locator(".jp-DebuggerVariables-name", has_text=re.compile(f"^{name}$"))
            )
            expect(item.locator(".jp-DebuggerVariables-detail")).to_have_text(value)

        # Continue: the cell runs to its end.
        sidebar.locator("jp-button[data-command='debugger:continue']").click()
        expect(cell.locator(".jp-OutputArea-output")).to_contain_text("total is 5")
        expect(cell.locator(".jp-InputPrompt")).to_contain_text("[1]")
