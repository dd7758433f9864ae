"""ipywidgets in JupyterLab on jovi's kernel, in headless Chromium: an Output widget
captures what a button's callback prints (it needs ``get_ipython()``'s kernel parent,
see docs/architecture.md, "Libraries in the kernel")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.kernel.jupyterlab import open_notebook, screenshot_on_failure, write_notebook

pytestmark = [pytest.mark.interop, pytest.mark.integration, pytest.mark.slow]

CELL = """\
import ipywidgets as widgets
out = widgets.Output(layout={"border": "1px solid"})
button = widgets.Button(description="Press me")

def pressed(_):
    with out:
        print("captured from a callback")

button.on_click(pressed)
widgets.VBox([button, out])
"""
TIMEOUT_MS = 30_000


def test_an_output_widget_captures_what_a_callback_prints(jupyterlab, lab_page, tmp_path):
    page = lab_page
    page.set_default_timeout(TIMEOUT_MS)
    write_notebook(jupyterlab.root_dir / "widgets.ipynb", [CELL])
    with screenshot_on_failure(page, tmp_path / "failure.png"):
        open_notebook(page, jupyterlab, "widgets.ipynb")
        notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        cell = notebook.locator(".jp-CodeCell").first
        cell.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")

        button = cell.locator("button.jupyter-button", has_text="Press me")
        expect(button).to_be_visible()  # the widget rendered: comms work both ways
        button.click()
        captured = cell.locator(".widget-output")
        expect(captured).to_contain_text("captured from a callback")
        # Inside the widget only, not also in the cell's own output.
        shown = cell.locator(".jp-Cell-outputWrapper .jp-RenderedText", has_text="captured from")
        expect(shown).to_have_count(1)
