"""A screen reader user runs a notebook with the keyboard alone (issue 18, point 6):
the file browser's controls are reached with Tab and each is named; a new notebook
is made and typed into; Shift-Enter runs it, and the page's live region
(``role=log``, "Announcements") says the cell is running, then what it printed or
how it failed; the mode and the cell selected in command mode are said too; every
control reached with Tab in the notebook page has a name. Nothing is clicked: the
keys go where the page's focus is, as they would for a screen reader user."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import KERNEL_IDLE, open_cells, press

pytestmark = pytest.mark.integration

TAB_LIMIT = 80  # presses of Tab before a control is taken to be unreachable


def focused(page):
    return page.locator(":focus")


def tab_to(page, role: str, name: str, key: str = "Tab") -> None:
    """Press ``key`` (Tab, Shift+Tab) until the control ``role`` named ``name`` has the
    focus; every control passed on the way has an accessible name."""
    wanted = page.get_by_role(role, name=name, exact=True)
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        expect(focused(page)).to_have_accessible_name(re.compile(r"\S"))
        if wanted.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{role} {name!r} is not reached with Tab")


def heard(page) -> str:
    """What the live region said last."""
    return page.get_by_role("log", name="Announcements").locator("p").last.text_content() or ""


def expect_heard(page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("log", name="Announcements").locator("p").last).to_have_text(text)


def test_a_keyboard_only_session_heard_through_the_live_region(page, served):
    page.goto(served.page_url("tree"))
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    tab_to(page, "button", "New notebook")
    with page.context.expect_page() as opened:
        press(page, "Enter")
    notebook = opened.value
    expect(notebook.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE, timeout=60_000)
    log = notebook.get_by_role("log", name="Announcements")
    # A new notebook opens in its first cell's editor: typing goes there.
    expect(focused(notebook)).to_have_accessible_name("Cell 1 input")
    expect_heard(notebook, "Edit mode, cell 1")

    notebook.keyboard.type("print(6*7)")
    press(notebook, "Shift+Enter")
    expect(log).to_contain_text("Cell 1 running")
    expect(log.locator("p", has_text="Cell 1 done")).to_have_text("Cell 1 done: 42")
    # Shift-Enter on the last cell made a new one and went on editing there.
    expect(focused(notebook)).to_have_accessible_name(re.compile(r"^Cell \d+ input$"))

    notebook.keyboard.type("1 / 0")
    press(notebook, "Shift+Enter")
    expect(log.locator("p", has_text="Cell 2 failed")).to_have_text(
        "Cell 2 failed: ZeroDivisionError: division by zero"
    )

    # Command mode: the focus stays on the cells, the selected one is said.
    press(notebook, "Escape")
    expect_heard(notebook, "Command mode")
    press(notebook, "k")
    expect_heard(notebook, "Cell 2 of 3, code, In [2]: 1 / 0")
    press(notebook, "k")
    expect_heard(notebook, "Cell 1 of 3, code, In [1]: print(6*7)")
    press(notebook, "Enter")
    expect_heard(notebook, "Edit mode, cell 1")
    expect(focused(notebook)).to_have_accessible_name("Cell 1 input")
    press(notebook, "Escape")

    # The kernel's state is a named status, read when it changes.
    expect(notebook.get_by_role("status", name="Kernel status")).to_have_text(KERNEL_IDLE)
    # From the cells, Shift-Tab goes back to the toolbar, the menus and the header (in
    # an editor, Tab completes and indents); every control on the way is named.
    tab_to(notebook, "button", "Run the selected cells and select below (Shift-Enter)", "Shift+Tab")
    press(notebook, "Enter")
    expect(log.locator("p", has_text="Cell 1 done")).to_have_count(2)
    tab_to(notebook, "combobox", "Theme", "Shift+Tab")


def test_each_cell_editor_is_named_after_its_position_as_cells_come_and_move(page, shared):
    # Before, an editor was named after the order cells were made in: a cell inserted
    # at the top was "Cell 3 input", and the old first cell stayed "Cell 1 input".
    open_cells(page, shared, ["first = 1", "second = 2"])
    press(page, "a", "Enter")
    expect(focused(page)).to_have_accessible_name("Cell 1 input")
    press(page, "Escape", "j", "Enter")
    expect(focused(page)).to_have_accessible_name("Cell 2 input")
    expect(focused(page)).to_have_text("first = 1")
    press(page, "Escape")
    page.get_by_role("menuitem", name="Edit").click()
    page.get_by_role("menuitem", name="Move the cells down").click()  # below "second"
    page.locator(".jovi-notebook").focus()
    press(page, "Enter")
    expect(focused(page)).to_have_accessible_name("Cell 3 input")
    expect(focused(page)).to_have_text("first = 1")
