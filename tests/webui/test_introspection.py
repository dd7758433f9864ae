"""Completion (Tab) and inspection (Shift-Tab) from the kernel, also while the kernel
is busy, and the pager (``obj?``, Shift-Tab three times), in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import open_cells, press, sources

pytestmark = pytest.mark.integration


def edit_at_end(page) -> None:
    press(page, "Enter", "Control+End")


def test_tab_completes_from_the_kernel(page, shared):
    open_cells(page, shared, ["import collections", "collections.OrderedD"])
    press(page, "Shift+Enter")
    edit_at_end(page)
    press(page, "Tab")
    options = page.locator(".cm-tooltip-autocomplete li")
    expect(options.first).to_have_text(re.compile("OrderedDict"))
    press(page, "Enter")
    assert sources(page)[1] == "collections.OrderedDict"
    assert page.locator(".jovi-notebook").get_attribute("data-mode") == "edit"


def test_escape_closes_the_list_before_leaving_edit_mode(page, shared):
    open_cells(page, shared, ["import os", "os.pa"])
    press(page, "Shift+Enter")
    edit_at_end(page)
    press(page, "Tab")
    expect(page.locator(".cm-tooltip-autocomplete")).to_be_visible()
    press(page, "Escape")
    expect(page.locator(".cm-tooltip-autocomplete")).to_have_count(0)
    assert page.locator(".jovi-notebook").get_attribute("data-mode") == "edit"
    press(page, "Escape")
    assert page.locator(".jovi-notebook").get_attribute("data-mode") == "command"


def test_tab_after_only_spaces_indents(page, shared):
    open_cells(page, shared, ["x"])
    press(page, "Enter", "Home", "Tab")
    assert sources(page) == ["    x"]


def test_completion_works_while_the_kernel_is_busy(page, shared):
    open_cells(page, shared, ["import os, time\ntime.sleep(30)", "os.getcw"])
    press(page, "Control+Enter")
    expect(page.locator(".jovi-kernel-status")).to_have_text(re.compile(r"\| Busy$"))
    press(page, "j")
    edit_at_end(page)
    press(page, "Tab")
    # jovi's kernel answers on the control channel while a cell runs.
    expect(page.locator(".cm-tooltip-autocomplete li").first).to_have_text(re.compile("getcwd"))
    press(page, "Escape", "Escape", "i", "i")


def test_shift_tab_shows_the_tooltip_and_a_third_press_the_pager(page, shared):
    open_cells(page, shared, ["len"])
    edit_at_end(page)
    press(page, "Shift+Tab")
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_contain_text("Return the number of items")
    press(page, "Shift+Tab")
    expect(page.locator(".jovi-tooltip-expanded")).to_be_visible()
    press(page, "Shift+Tab")
    expect(tooltip).to_have_count(0)
    pager = page.get_by_role("region", name="Pager")
    expect(pager).to_contain_text("Return the number of items")
    press(page, "Escape", "q")
    expect(pager).to_have_count(0)


def test_question_mark_help_goes_to_the_pager(page, shared):
    open_cells(page, shared, ["len?"])
    press(page, "Control+Enter")
    expect(page.get_by_role("region", name="Pager")).to_contain_text("Return the number of items")


def test_load_fills_the_cell(page, shared):
    (shared.root / "snippet.py").write_text("answer = 42\n")
    open_cells(page, shared, ["%load snippet.py"])
    press(page, "Control+Enter")
    # As in Jupyter, the cell itself is replaced by the file's text (replace=True).
    page.wait_for_function(
        "() => document.querySelector('.jovi-cell .cm-content').textContent.includes('answer = 42')"
    )
    assert sources(page) == ["# %load snippet.py\nanswer = 42\n"]
