"""Closing the tab while a cell runs and opening the notebook again: the new page
shows every line printed so far, once, in order, and the rest as it comes (the
server's journal, replayed to the new page; issue 18, point 5)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import KERNEL_IDLE, open_cells, output, press

pytestmark = pytest.mark.integration

COUNTER = "import time\nfor i in range(40):\n    print(i, flush=True)\n    time.sleep(0.1)"


def test_a_reopened_notebook_shows_the_running_cells_output_once_in_order(page, shared):
    path = open_cells(page, shared, [COUNTER])
    press(page, "Control+Enter")
    expect(output(page, 0)).to_contain_text("5\n")
    context = page.context
    page.close()

    again = context.new_page()
    again.goto(shared.page_url(f"notebooks/{path.name}"))
    outputs = output(again, 0)
    expect(outputs).to_contain_text("39\n", timeout=30_000)
    expect(again.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE)
    assert outputs.inner_text().split() == [str(i) for i in range(40)]
    expect(again.locator(".jovi-cell").first.locator(".jovi-prompt")).to_have_text(
        re.compile(r"In \[\d+\]:")
    )
