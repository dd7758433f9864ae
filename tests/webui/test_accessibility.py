"""axe-core (webui's test tool) finds no serious or critical accessibility violation on
the file browser, the notebook page (both modes, with outputs) and the editor, in the
light and the dark theme (issue 18, point 6)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.conftest import REPO_ROOT
from tests.webui.notebook_page import cell, open_cells, press

pytestmark = pytest.mark.integration

AXE = REPO_ROOT / "webui" / "node_modules" / "axe-core" / "axe.min.js"


def violations(page) -> list[str]:
    assert AXE.exists(), f"{AXE} is missing: `make test` installs webui's tools (npm ci in webui/)"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`)"""
    )
    return list(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notebook_page(page, shared, scheme):
    page.emulate_media(color_scheme=scheme)
    open_cells(
        page,
        shared,
        [
            cell("# Title\n\nText with $x^2$ and a [link](https://example.org).", "markdown"),
            "from jovi.display import HTML, display\ndisplay(HTML('<table><tr><th>a</th></tr><tr><td>1</td></tr></table>'))",
            "print('\\x1b[31mred\\x1b[0m')\n1 / 0",
        ],
    )
    press(page, "Shift+Enter", "Shift+Enter", "Shift+Enter")
    expect(page.locator(".jovi-output table")).to_have_count(1)
    expect(page.locator(".jovi-output-error")).to_have_count(1)
    press(page, "Escape")
    assert violations(page) == []
    press(page, "Enter")  # edit mode
    assert violations(page) == []


def test_the_file_browser_and_the_editor(page, shared):
    (shared.root / "a.py").write_text("x = 1\n")
    (shared.root / "n.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    page.goto(shared.page_url("tree"))
    expect(page.locator(".jovi-files tbody tr")).not_to_have_count(0)
    page.get_by_role("checkbox").first.check()
    assert violations(page) == []
    page.goto(shared.page_url("edit/a.py"))
    expect(page.locator(".cm-content")).to_have_text("x = 1")
    assert violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_file_browser_s_running_and_clusters_tabs(page, shared, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(shared.page_url("tree"))
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    page.get_by_role("tab", name="Running").click()
    expect(page.locator(".jovi-running li")).not_to_have_count(0)
    assert violations(page) == []
    page.get_by_role("tab", name="Clusters").click()
    expect(page.get_by_role("table", name="Clusters").locator("tbody tr")).not_to_have_count(0)
    assert violations(page) == []
