"""Every keyboard shortcut of the notebook page, by its visible effect (issue 18,
point 3), in headless Chromium against a real ``jovi notebook``."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import (
    active,
    cell,
    cells,
    expect_sources,
    mode,
    open_cells,
    output,
    press,
    selected,
    set_page_settings,
    sources,
)

pytestmark = pytest.mark.integration

# ---------------------------------------------------------------------- modes


def test_enter_edits_and_escape_returns_to_command_mode(page, shared):
    open_cells(page, shared, ["a"])
    assert mode(page) == "command"
    press(page, "Enter")
    assert mode(page) == "edit"
    expect(page.locator(".jovi-cell").first.locator(".cm-content")).to_be_focused()
    page.keyboard.type("b")
    press(page, "Escape")
    assert mode(page) == "command"
    expect(page.locator(".jovi-notebook")).to_be_focused()
    assert sources(page) == ["ba"]  # the cursor starts at the beginning, as in Jupyter


def test_ctrl_m_enters_command_mode(page, shared):
    open_cells(page, shared, ["a"])
    press(page, "Enter", "Control+m")
    assert mode(page) == "command"


# ---------------------------------------------------------------------- running


def test_shift_enter_runs_and_selects_the_next_cell(page, shared):
    open_cells(page, shared, ["1 + 1", "2 + 2"])
    press(page, "Shift+Enter")
    expect(output(page, 0)).to_have_text("Out[1]:2")
    assert active(page) == 1
    press(page, "Shift+Enter")
    expect(output(page, 1)).to_have_text("Out[2]:4")
    # On the last cell it adds one, ready for typing.
    expect(page.locator(".jovi-cell")).to_have_count(3)
    assert active(page) == 2
    assert mode(page) == "edit"


def test_ctrl_enter_runs_in_place(page, shared):
    open_cells(page, shared, ["3 * 3", "x"])
    press(page, "Control+Enter")
    expect(output(page, 0)).to_have_text("Out[1]:9")
    assert active(page) == 0
    assert len(cells(page)) == 2


def test_alt_enter_runs_and_inserts_below(page, shared):
    open_cells(page, shared, ["'first'", "'second'"])
    press(page, "Alt+Enter")
    expect(output(page, 0)).to_have_text("Out[1]:'first'")
    assert sources(page) == ["'first'", "", "'second'"]
    assert active(page) == 1
    assert mode(page) == "edit"


def test_interrupt_with_i_i(page, shared):
    open_cells(page, shared, ["import time\nwhile True: time.sleep(0.01)"])
    press(page, "Control+Enter")
    expect(page.locator(".jovi-kernel-status")).to_have_text(re.compile(r"\| Busy$"))
    press(page, "i", "i")
    expect(output(page, 0)).to_contain_text("KeyboardInterrupt")


def test_restart_with_0_0_asks_first(page, shared):
    open_cells(page, shared, ["x = 5", "x"])
    press(page, "Control+Enter")
    expect(page.locator(".jovi-cell").first.locator(".jovi-prompt")).to_have_text("In [1]:")
    press(page, "0", "0")
    dialog = page.get_by_role("dialog", name="Restart the kernel?")
    expect(dialog).to_be_visible()
    press(page, "Escape")  # cancelled: nothing happens
    expect(dialog).to_have_count(0)
    press(page, "0", "0")
    press(page, "Enter")
    expect(page.locator(".jovi-notification")).to_have_text("Kernel restarted", timeout=60_000)
    press(page, "j", "Control+Enter")
    expect(output(page, 1)).to_contain_text("NameError")


# ---------------------------------------------------------------------- moving around


@pytest.mark.parametrize(("down", "up"), [("j", "k"), ("ArrowDown", "ArrowUp")])
def test_select_next_and_previous(page, shared, down, up):
    open_cells(page, shared, ["a", "b", "c"])
    press(page, down)
    assert active(page) == 1
    press(page, down, down)
    assert active(page) == 2  # stops at the last
    press(page, up)
    assert active(page) == 1


@pytest.mark.parametrize(
    ("down", "up"), [("Shift+j", "Shift+k"), ("Shift+ArrowDown", "Shift+ArrowUp")]
)
def test_extend_the_selection(page, shared, down, up):
    open_cells(page, shared, ["a", "b", "c", "d"])
    press(page, "j", down, down)
    assert selected(page) == [1, 2, 3]
    press(page, up)
    assert selected(page) == [1, 2]


def test_arrows_in_the_editor_cross_into_the_next_cell(page, shared):
    open_cells(page, shared, ["a\nb", "c"])
    press(page, "Enter", "ArrowDown", "ArrowDown")
    assert active(page) == 1
    assert mode(page) == "edit"
    press(page, "ArrowUp")
    assert active(page) == 0


# ---------------------------------------------------------------------- editing cells


def test_a_and_b_insert_above_and_below(page, shared):
    open_cells(page, shared, ["a"])
    press(page, "a")
    assert sources(page) == ["", "a"]
    assert active(page) == 0
    press(page, "j", "b")
    assert sources(page) == ["", "a", ""]
    assert active(page) == 2


def test_x_cuts_and_v_pastes_below_and_shift_v_above(page, shared):
    open_cells(page, shared, ["a", "b", "c"])
    press(page, "x")
    expect_sources(page, ["b", "c"])
    press(page, "v")
    expect_sources(page, ["b", "a", "c"])
    press(page, "Shift+v")
    expect_sources(page, ["b", "a", "a", "c"])


def test_c_copies(page, shared):
    open_cells(page, shared, ["a", "b"])
    press(page, "c", "j", "v")
    expect_sources(page, ["a", "b", "a"])


def test_d_d_deletes_and_z_undoes(page, shared):
    open_cells(page, shared, ["a", "b", "c"])
    press(page, "j", "d")
    assert sources(page) == ["a", "b", "c"]  # one D does nothing
    press(page, "d")
    expect_sources(page, ["a", "c"])
    press(page, "z")
    expect_sources(page, ["a", "b", "c"])


def test_shift_m_merges(page, shared):
    open_cells(page, shared, ["a", "b", "c"])
    press(page, "Shift+m")
    expect_sources(page, ["a\n\nb", "c"])


def test_ctrl_shift_minus_splits_at_the_cursor(page, shared):
    open_cells(page, shared, ["first\nsecond"])
    press(page, "Enter", "Control+Home", "ArrowDown", "Control+Shift+Minus")
    expect_sources(page, ["first", "second"])


@pytest.mark.parametrize(("key", "kind"), [("m", "markdown"), ("r", "raw"), ("y", "code")])
def test_m_r_y_change_the_cell_type(page, shared, key, kind):
    start = cell("text", "markdown" if kind == "code" else "code")
    open_cells(page, shared, [start])
    press(page, key)
    assert cells(page)[0]["type"] == kind


@pytest.mark.parametrize("level", range(1, 7))
def test_digits_make_headings(page, shared, level):
    open_cells(page, shared, ["Title"])
    press(page, str(level))
    heading = page.locator(".jovi-cell").first.locator(f".jovi-rendered h{level}")
    expect(heading).to_have_text("Title")
    assert cells(page)[0]["type"] == "markdown"


def test_markdown_renders_on_run_and_edits_on_enter(page, shared):
    open_cells(page, shared, [cell("*soft*", "markdown")])
    assert cells(page)[0]["rendered"]
    press(page, "Enter")
    assert not cells(page)[0]["rendered"]
    press(page, "Shift+Enter")
    expect(page.locator(".jovi-cell").first.locator(".jovi-rendered em")).to_have_text("soft")


# ---------------------------------------------------------------------- view


def test_o_hides_output_and_shift_o_scrolls_it(page, shared):
    open_cells(page, shared, ["for i in range(5): print(i)"])
    press(page, "Control+Enter")
    outputs = output(page, 0)
    expect(outputs).to_contain_text("4")
    press(page, "o")
    expect(outputs).to_be_hidden()
    press(page, "o")
    expect(outputs).to_be_visible()
    press(page, "Shift+o")
    expect(page.locator(".jovi-cell").first).to_have_class(re.compile("jovi-outputs-scrolled"))
    press(page, "Shift+o")
    expect(page.locator(".jovi-cell").first).not_to_have_class(re.compile("jovi-outputs-scrolled"))


def test_long_output_scrolls_by_itself_and_shift_o_shows_it_whole(page, shared):
    open_cells(page, shared, ["for i in range(300): print(i)"])
    press(page, "Control+Enter")
    outputs = output(page, 0)
    expect(outputs).to_contain_text("299")
    expect(outputs).to_have_class(re.compile("jovi-auto-scrolled"))
    assert outputs.evaluate("e => e.clientHeight < e.scrollHeight")
    press(page, "Shift+o")
    expect(outputs).not_to_have_class(re.compile("jovi-auto-scrolled"))
    assert outputs.evaluate("e => e.clientHeight === e.scrollHeight")
    press(page, "Shift+o")
    assert outputs.evaluate("e => e.clientHeight < e.scrollHeight")


def test_l_toggles_line_numbers(page, shared):
    open_cells(page, shared, ["a\nb"])
    gutters = page.locator(".jovi-cell .cm-lineNumbers")
    expect(gutters).to_have_count(0)
    press(page, "l")
    expect(gutters.first).to_contain_text("2")
    press(page, "l")
    expect(gutters).to_have_count(0)


def test_h_shows_the_shortcuts(page, shared):
    open_cells(page, shared, ["a"])
    press(page, "h")
    help_panel = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_panel).to_contain_text("Delete the selected cells")
    press(page, "Escape")
    expect(help_panel).to_have_count(0)


# ---------------------------------------------------------------------- saving


@pytest.mark.parametrize("keys", [["s"], ["Enter", "Control+s"]])
def test_s_and_ctrl_s_save(page, shared, keys):
    path = open_cells(page, shared, ["1"])
    press(page, "b")
    page.keyboard.type("")
    press(page, *keys)
    expect(page.locator(".jovi-save-state")).to_contain_text("Saved")
    saved = json.loads(path.read_text("utf-8"))
    assert len(saved["cells"]) == 2


# ---------------------------------------------------------------------- palette, legacy keys


def test_ctrl_shift_p_opens_the_command_palette(page, shared):
    open_cells(page, shared, ["a", "b"])
    press(page, "Control+Shift+p")
    palette = page.get_by_role("dialog", name="Command palette")
    expect(palette).to_be_visible()
    page.keyboard.type("merge")
    expect(palette.get_by_role("option")).to_have_count(1)
    press(page, "Enter")
    expect(palette).to_have_count(0)
    expect_sources(page, ["a\n\nb"])
    assert mode(page) == "command"


def test_the_seeds_ctrl_m_keys_when_chosen(page, shared):
    set_page_settings(shared, {"legacy_keymap": True})
    try:
        open_cells(page, shared, ["a", "b", "c"])
        press(page, "Enter", "Control+m", "n")  # the seed's "next cell"
        assert active(page) == 1
        press(page, "Enter", "Control+m", "d")  # the seed's delete: one key
        expect_sources(page, ["a", "c"])
    finally:
        set_page_settings(shared, None)


def test_the_users_own_shortcuts_set_in_the_settings_json(page, shared):
    path = open_cells(page, shared, ["a", "b", "c"])
    try:
        press(page, "Control+Shift+p")
        page.keyboard.type("keyboard shortcuts (json)")
        press(page, "Enter")
        dialog = page.get_by_role("dialog", name="Keyboard shortcuts (JSON)")
        dialog.get_by_role("textbox").fill(
            '[{"keys": "Shift-d", "command": "delete"}, {"keys": "b", "disabled": true}]'
        )
        dialog.get_by_role("button", name="Set").click()
        expect(page.locator(".jovi-notification")).to_have_text("Keyboard shortcuts set")
        press(page, "Escape", "Shift+d")  # bound: deletes the cell
        expect_sources(page, ["b", "c"])
        press(page, "b")  # unbound: no cell inserted
        press(page, "j")
        assert active(page) == 1
        expect_sources(page, ["b", "c"])
        # Kept by the server: a page opened later has them.
        page.goto(shared.page_url(f"notebooks/{path.name}"))
        expect_sources(page, ["a", "b", "c"])
        expect(page.locator(".jovi-kernel-status")).to_have_text(re.compile(r"Idle$"))
        press(page, "Shift+d")
        expect_sources(page, ["b", "c"])
    finally:
        set_page_settings(shared, None)


SLOW_SETTINGS_JS = """
(() => {
  const fetchNow = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const answer = await fetchNow(input, init);
    const url = typeof input === "string" ? input : input.url;
    if (url.includes("api/config/notebook") && (!init || !init.method || init.method === "GET")) {
      await new Promise((done) => setTimeout(done, 1500));
    }
    return answer;
  };
})();
"""
"""Makes the page's settings arrive 1.5 s after the rest (a loaded server)."""


def test_the_users_shortcuts_work_from_the_first_key_even_when_the_settings_come_late(page, shared):
    set_page_settings(shared, {"shortcuts": [{"keys": "Shift-d", "command": "delete"}]})
    try:
        page.add_init_script(SLOW_SETTINGS_JS)
        open_cells(page, shared, ["a", "b", "c"])
        press(page, "Shift+d")  # the notebook is on screen and its kernel idle
        expect_sources(page, ["b", "c"])
    finally:
        set_page_settings(shared, None)


def test_the_module_server_keeps_its_settings_in_the_test_process_own_dirs(shared, worker_dirs):
    # Not in the user's home, and not shared with another test process's server.
    set_page_settings(shared, {"autosave_seconds": 300})
    try:
        kept = worker_dirs / "jupyter-config" / "nbconfig" / "notebook.json"
        assert json.loads(kept.read_text("utf-8"))["jovi"] == {"autosave_seconds": 300}
    finally:
        set_page_settings(shared, None)


def test_shortcuts_that_are_not_understood_are_not_set(page, shared):
    open_cells(page, shared, ["a", "b"])
    press(page, "Control+Shift+p")
    page.keyboard.type("keyboard shortcuts (json)")
    press(page, "Enter")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts (JSON)")
    dialog.get_by_role("textbox").fill('[{"keys": "Shift-d", "command": "fly"}]')
    dialog.get_by_role("button", name="Set").click()
    expect(page.locator(".jovi-notification")).to_have_text(
        'Keyboard shortcuts not set: "fly" is not a command'
    )
    press(page, "Escape", "Shift+d")
    expect_sources(page, ["a", "b"])
