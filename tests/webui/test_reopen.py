"""Closing the tab while a cell runs and opening the notebook again: the new page
shows every line printed so far, once, in order, and the rest as it comes (the
server's journal, replayed to the new page; issue 18, point 5)."""

from __future__ import annotations

import re
import time

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


# Issue 18's case as written: a counter of 30 s, one line a second, the tab closed at
# once and the notebook opened again at 20 s. The cell notes each line in a file, so
# the test knows when 20 s have passed without a clock of its own.
COUNTER_30_S = (
    "import time\n"
    "for i in range(30):\n"
    "    print(i, flush=True)\n"
    "    open('counted.txt', 'w').write(str(i))\n"
    "    time.sleep(1)"
)


@pytest.mark.slow
def test_reopening_at_20_s_of_a_30_s_counter_shows_each_line_once_then_the_rest(page, shared):
    path = open_cells(page, shared, [COUNTER_30_S])
    counted = shared.root / "counted.txt"
    counted.unlink(missing_ok=True)
    press(page, "Control+Enter")
    expect(output(page, 0)).to_contain_text("1\n")
    context = page.context
    page.close()

    # 20 s in: the cell wrote its 20th line (polling the file it writes each second).
    deadline = time.monotonic() + 40
    while not (counted.exists() and counted.read_text() == "19"):
        assert time.monotonic() < deadline, "the counter did not reach 20 s"
        time.sleep(0.05)

    again = context.new_page()
    again.goto(shared.page_url(f"notebooks/{path.name}"))
    outputs = output(again, 0)
    expect(outputs).to_contain_text("19\n")
    so_far = outputs.inner_text().split()
    # Every line so far, once, in order; the cell still running.
    assert so_far == [str(i) for i in range(len(so_far))], so_far
    assert 20 <= len(so_far) < 30, so_far
    expect(again.locator(".jovi-kernel-status")).to_have_text(re.compile(r"\| Busy$"))
    # Then the rest as it comes, each line once.
    expect(outputs).to_contain_text("29\n", timeout=20_000)
    expect(again.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE)
    assert outputs.inner_text().split() == [str(i) for i in range(30)]
