"""A notebook of 2,000 cells opens fast: editors are made only for the cells near the
screen, the others show their text until they come near it, and the browser lays
out only the cells near the screen (issue 18, point 7)."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import KERNEL_IDLE

pytestmark = pytest.mark.integration

CELLS = 2000
# Per cell, whether its contents are laid out (false where the browser skips them:
# ``content-visibility: auto`` off screen).
LAID_OUT_JS = """() => Array.from(document.querySelectorAll('.jovi-cell'), (cell) =>
    cell.querySelector('.jovi-input').checkVisibility({contentVisibilityAuto: true}))"""


def test_a_2000_cell_notebook_opens_with_editors_only_near_the_screen(page, shared):
    cells = [
        {
            "id": f"c{i}",
            "cell_type": "code",
            "source": f"x{i} = {i}\nprint(x{i} * 2)",
            "metadata": {},
            "execution_count": i + 1,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": f"{i * 2}\n"}],
        }
        for i in range(CELLS)
    ]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    (shared.root / "big.ipynb").write_text(json.dumps(notebook), "utf-8")
    started = time.monotonic()
    page.goto(shared.page_url("notebooks/big.ipynb"))
    expect(page.locator(".jovi-cell").first.locator(".cm-editor")).to_have_count(1)
    opened = time.monotonic() - started
    print(f"first editor after {opened:.2f} s")
    assert opened < 5, f"the first cell's editor came after {opened:.1f} s"  # 5.8 s before
    expect(page.locator(".jovi-cell")).to_have_count(CELLS)
    editors = page.locator(".cm-editor").count()
    assert 0 < editors < 200, editors
    # Cells far from the screen are not laid out or painted until they come near it.
    laid_out = page.evaluate(LAID_OUT_JS)
    assert laid_out[0]
    assert not laid_out[-1], laid_out.count(True)
    assert laid_out.count(True) < 200
    expect(page.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE)
    # Far cells get their editor when reached, and keep their text.
    page.locator(".jovi-cell").last.scroll_into_view_if_needed()
    expect(page.locator(".jovi-cell").last.locator(".cm-editor")).to_have_count(1)
    assert page.evaluate(LAID_OUT_JS)[-1]
    expect(page.locator(".jovi-cell").last.locator(".cm-content")).to_have_text(
        f"x{CELLS - 1} = {CELLS - 1}print(x{CELLS - 1} * 2)"
    )
    expect(page.locator(".jovi-cell").last.locator(".jovi-outputs")).to_have_text(
        f"{(CELLS - 1) * 2}\n"
    )
