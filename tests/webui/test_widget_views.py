"""The ipywidgets views beyond the first ones: Output (capturing a cell's outputs by
msg_id), Tab, Accordion, Select, SelectMultiple, RadioButtons, ToggleButtons and the
value widgets, each rendered against a real jovi kernel with ipywidgets and kept in
step both ways (issue 18, point 4)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import KERNEL_IDLE, open_cells, output, press

pytestmark = [pytest.mark.integration, pytest.mark.interop]


def run_in_next_cell(page, index: int, expected: str) -> None:
    """Run cell ``index`` from command mode; its output reads ``expected``."""
    page.locator(".jovi-notebook").focus()
    press(page, "Escape")
    page.locator(".jovi-cell").nth(index).locator(".jovi-prompt").click()
    press(page, "Control+Enter")
    expect(output(page, index)).to_have_text(expected)


def test_an_output_widget_captures_what_its_with_block_prints(page, shared):
    open_cells(
        page,
        shared,
        [
            "import ipywidgets as w\nout = w.Output()\ndisplay(out)",
            "with out:\n    print('inside')\nprint('outside')",
            "len(out.outputs), out.outputs[0]['text']",
            "out.append_stdout('appended\\n')",
            "out.clear_output()",
        ],
    )
    press(page, "Shift+Enter", "Shift+Enter")
    widget = output(page, 0).locator(".jovi-widget-output")
    expect(widget).to_have_text("inside")
    # What the block printed went to the widget, the rest to the cell.
    expect(output(page, 1)).to_have_text("outside")
    # The kernel's model heard what the widget captured.
    press(page, "Shift+Enter")
    expect(output(page, 2)).to_have_text("Out[3]:(1, 'inside\\n')")
    # Outputs set in the kernel reach the page, and clearing clears.
    press(page, "Shift+Enter")
    expect(widget).to_have_text(re.compile(r"^inside\s+appended\s*$"))
    press(page, "Shift+Enter")
    expect(widget).to_have_text("")


def test_an_output_widget_shows_rich_output_and_errors_of_a_button_callback(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import ipywidgets as w\n"
                "out = w.Output()\n"
                "button = w.Button(description='go')\n"
                "def clicked(_):\n"
                "    with out:\n"
                "        display(w.HTML('<b>bold</b>'))\n"
                "        1 / 0\n"
                "button.on_click(clicked)\n"
                "w.VBox([button, out])"
            )
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    outputs.get_by_role("button", name="go").click()
    widget = outputs.locator(".jovi-widget-output")
    expect(widget.locator("b")).to_have_text("bold")
    expect(widget.locator(".jovi-output-error")).to_contain_text("ZeroDivisionError")


def test_tabs_and_an_accordion_follow_their_models_both_ways(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import ipywidgets as w\n"
                "tab = w.Tab([w.Label('first page'), w.Label('second page')], titles=['One', 'Two'])\n"
                "acc = w.Accordion([w.Label('alpha body'), w.Label('beta body')], titles=['Alpha', 'Beta'])\n"
                "w.VBox([tab, acc])"
            ),
            "tab.selected_index, acc.selected_index",
            "tab.selected_index = 0; acc.selected_index = None; print('set')",
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    one, two = outputs.get_by_role("tab", name="One"), outputs.get_by_role("tab", name="Two")
    expect(one).to_have_attribute("aria-selected", "true")
    expect(outputs.get_by_role("tabpanel")).to_have_text("first page")
    two.click()
    expect(two).to_have_attribute("aria-selected", "true")
    expect(outputs.get_by_role("tabpanel")).to_have_text("second page")
    # The keyboard moves along the tab list as well.
    press(page, "ArrowLeft")
    expect(one).to_have_attribute("aria-selected", "true")
    expect(one).to_be_focused()
    press(page, "ArrowRight")
    alpha = outputs.get_by_role("button", name="Alpha")
    expect(alpha).to_have_attribute("aria-expanded", "false")
    expect(outputs.get_by_text("alpha body")).to_be_hidden()
    alpha.click()
    expect(alpha).to_have_attribute("aria-expanded", "true")
    expect(outputs.get_by_role("region", name="Alpha")).to_have_text("alpha body")
    run_in_next_cell(page, 1, "Out[2]:(1, 0)")
    run_in_next_cell(page, 2, "set")
    expect(one).to_have_attribute("aria-selected", "true")
    expect(alpha).to_have_attribute("aria-expanded", "false")
    expect(outputs.get_by_text("alpha body")).to_be_hidden()


def test_selection_widgets_follow_their_models_both_ways(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import ipywidgets as w\n"
                "one = w.Select(options=['a', 'b', 'c'], value='a', description='one')\n"
                "many = w.SelectMultiple(options=['x', 'y', 'z'], value=['x'], description='many')\n"
                "radio = w.RadioButtons(options=['low', 'high'], value='low', description='level')\n"
                "toggles = w.ToggleButtons(options=['left', 'right'], value='left', description='side')\n"
                "w.VBox([one, many, radio, toggles])"
            ),
            "one.value, many.value, radio.value, toggles.value",
            "one.value = 'c'; many.value = ('y',); radio.value = 'low'; toggles.value = 'left'; print('set')",
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    one = outputs.get_by_role("listbox", name="one")
    many = outputs.get_by_role("listbox", name="many")
    expect(one).to_have_value("0")
    expect(many).to_have_values(["0"])
    level = outputs.get_by_role("radiogroup", name="level")
    expect(level.get_by_role("radio", name="low")).to_be_checked()
    side = outputs.get_by_role("group", name="side")
    expect(side.get_by_role("button", name="left")).to_have_attribute("aria-pressed", "true")

    one.select_option("1")
    many.select_option(["0", "2"])
    level.get_by_role("radio", name="high").check()
    side.get_by_role("button", name="right").click()
    expect(side.get_by_role("button", name="right")).to_have_attribute("aria-pressed", "true")
    run_in_next_cell(page, 1, "Out[2]:('b', ('x', 'z'), 'high', 'right')")

    run_in_next_cell(page, 2, "set")
    expect(one).to_have_value("2")
    expect(many).to_have_values(["1"])
    expect(level.get_by_role("radio", name="low")).to_be_checked()
    expect(side.get_by_role("button", name="left")).to_have_attribute("aria-pressed", "true")


def test_range_sliders_colour_date_and_a_selection_slider(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import datetime\n"
                "import ipywidgets as w\n"
                "span = w.IntRangeSlider(value=[2, 5], min=0, max=10, description='span')\n"
                "colour = w.ColorPicker(value='#ff0000', description='colour')\n"
                "day = w.DatePicker(value=datetime.date(2024, 3, 9), description='day')\n"
                "size = w.SelectionSlider(options=['S', 'M', 'L'], value='M', description='size')\n"
                "w.VBox([span, colour, day, size])"
            ),
            "span.value, colour.value, day.value, size.value",
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    low = outputs.get_by_role("slider", name="span: from")
    high = outputs.get_by_role("slider", name="span: to")
    expect(low).to_have_value("2")
    expect(high).to_have_value("5")
    day = outputs.get_by_label("day")
    expect(day).to_have_value("2024-03-09")
    size = outputs.get_by_role("slider", name="size")
    expect(size).to_have_value("1")
    expect(size).to_have_attribute("aria-valuetext", "M")

    high.fill("8")
    outputs.get_by_label("colour").fill("#00ff00")
    day.fill("2025-12-31")
    size.fill("2")
    expect(outputs.locator(".jovi-widget-readout").last).to_have_text("L")
    run_in_next_cell(page, 1, "Out[2]:((2, 8), '#00ff00', datetime.date(2025, 12, 31), 'L')")


def test_time_pickers_lists_of_tags_and_numbers_and_audio(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import datetime, io, wave\n"
                "import ipywidgets as w\n"
                "sound = io.BytesIO()\n"
                "with wave.open(sound, 'wb') as out:\n"
                "    out.setnchannels(1); out.setsampwidth(1); out.setframerate(8000)\n"
                "    out.writeframes(bytes(8000))\n"
                "clock = w.TimePicker(value=datetime.time(9, 15), description='clock')\n"
                "naive = w.NaiveDatetimePicker(value=datetime.datetime(2024, 3, 9, 12, 30),"
                " description='naive')\n"
                "aware = w.DatetimePicker(description='aware')\n"
                "tags = w.TagsInput(value=['a', 'b'], allowed_tags=['a', 'b', 'c'],"
                " description='tags')\n"
                "numbers = w.IntsInput(value=[1, 2], description='numbers')\n"
                "audio = w.Audio(value=sound.getvalue(), format='wav', autoplay=False)\n"
                "w.VBox([clock, naive, aware, tags, numbers, audio])"
            ),
            "clock.value, naive.value, aware.value.isoformat(), tags.value, numbers.value",
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    clock = outputs.get_by_label("clock")
    expect(clock).to_have_value("09:15")
    naive = outputs.get_by_label("naive")
    expect(naive).to_have_value("2024-03-09T12:30")
    tags = outputs.get_by_label("tags")
    expect(tags).to_have_value("a, b")
    expect(outputs.get_by_label("numbers")).to_have_value("1, 2")
    # The WAV's bytes came as a binary buffer: the browser reads its second of sound.
    page.wait_for_function(
        "(audio) => audio.src.startsWith('blob:') && Math.abs(audio.duration - 1) < 0.01",
        arg=outputs.locator("audio").element_handle(),
    )

    clock.fill("18:05")
    naive.fill("2025-01-02T03:04")
    outputs.get_by_label("aware").fill("2025-01-02T03:04")
    tags.fill("c, zzz, a")
    tags.press("Enter")
    outputs.get_by_label("numbers").fill("7, x, 8")
    outputs.get_by_label("numbers").press("Enter")
    expect(tags).to_have_value("c, a")  # not allowed: left out
    # The aware picker shows the browser's time; the kernel gets the same instant in UTC.
    instant = page.evaluate("() => new Date(2025, 0, 2, 3, 4).toISOString()")
    aware = instant.replace(".000Z", "+00:00")
    run_in_next_cell(
        page,
        1,
        "Out[2]:(datetime.time(18, 5), datetime.datetime(2025, 1, 2, 3, 4), "
        f"'{aware}', ['c', 'a'], [7, 8])",
    )


def test_stack_password_combobox_log_and_range_sliders_valid_and_play(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import ipywidgets as w\n"
                "stack = w.Stack([w.Label('first child'), w.Label('second child')],"
                " selected_index=0)\n"
                "secret = w.Password(description='secret')\n"
                "pick = w.Combobox(options=['apple', 'apricot'], description='fruit')\n"
                "scale = w.FloatLogSlider(value=100, base=10, min=0, max=4, step=1,"
                " description='scale')\n"
                "sizes = w.SelectionRangeSlider(options=['S', 'M', 'L', 'XL'], index=(0, 1),"
                " description='sizes')\n"
                "band = w.FloatRangeSlider(value=[0.5, 1.5], min=0, max=3, step=0.5,"
                " description='band')\n"
                "ok = w.Valid(value=False, description='ok')\n"
                "player = w.Play(value=0, min=0, max=3, interval=10, description='play')\n"
                "w.VBox([stack, secret, pick, scale, sizes, band, ok, player])"
            ),
            "secret.value, pick.value, scale.value, sizes.value, band.value, player.value",
            "stack.selected_index = 1; ok.value = True; print('set')",
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    expect(outputs.get_by_text("first child")).to_be_visible()
    expect(outputs.get_by_text("second child")).to_be_hidden()
    secret = outputs.get_by_label("secret")
    expect(secret).to_have_attribute("type", "password")
    fruit = outputs.get_by_label("fruit")
    expect(outputs.locator("datalist option")).to_have_count(2)
    scale = outputs.get_by_role("slider", name="scale")
    expect(scale).to_have_value("2")  # the exponent: 10 ** 2
    expect(outputs.get_by_role("slider", name="sizes: to")).to_have_attribute("aria-valuetext", "M")
    expect(outputs.get_by_role("slider", name="band: to")).to_have_value("1.5")
    expect(outputs.get_by_role("img", name="ok")).to_have_count(0)
    expect(outputs.get_by_role("img", name="Invalid")).to_be_visible()

    secret.fill("hunter2")
    fruit.fill("apricot")
    scale.fill("3")
    outputs.get_by_role("slider", name="sizes: to").fill("3")
    outputs.get_by_role("slider", name="band: from").fill("1")
    outputs.get_by_role("button", name="Play").click()
    expect(outputs.locator(".jovi-widget-readout").first).to_have_text("1000")
    run_in_next_cell(page, 1, "Out[2]:('hunter2', 'apricot', 1000.0, ('S', 'XL'), (1.0, 1.5), 3)")

    run_in_next_cell(page, 2, "set")
    expect(outputs.get_by_text("second child")).to_be_visible()
    expect(outputs.get_by_text("first child")).to_be_hidden()
    expect(outputs.get_by_role("img", name="Valid")).to_be_visible()


def test_a_file_upload_sends_the_chosen_files_to_the_kernel(page, shared, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("six times seven\n")
    raw = tmp_path / "raw.bin"
    raw.write_bytes(bytes([0, 1, 254, 255]))
    open_cells(
        page,
        shared,
        [
            "import ipywidgets as w\nup = w.FileUpload(accept='.txt,.bin', multiple=True)\nup",
            "[(f.name, f.size, bytes(f.content)) for f in up.value]",
        ],
    )
    press(page, "Control+Enter")
    button = output(page, 0).get_by_role("button", name="Upload (0)")
    expect(button).to_be_visible()
    with page.expect_file_chooser() as chosen:
        button.click()
    chooser = chosen.value
    assert chooser.is_multiple()
    chooser.set_files([str(text), str(raw)])
    expect(output(page, 0).get_by_role("button", name="Upload (2)")).to_be_visible()
    run_in_next_cell(
        page,
        1,
        "Out[2]:[('notes.txt', 16, b'six times seven\\n'), ('raw.bin', 4, b'\\x00\\x01\\xfe\\xff')]",
    )


def test_a_reloaded_page_shows_the_kernels_widgets_again_live(page, shared):
    # Before, a reload showed the widget's text ("IntSlider(value=3)"): its model had
    # come in a comm_open the new page never saw.
    open_cells(
        page,
        shared,
        [
            "import ipywidgets as w\ns = w.IntSlider(value=3, max=9, description='level')\ns",
            "s.value",
        ],
    )
    press(page, "Control+Enter")
    expect(output(page, 0).get_by_role("slider", name="level")).to_have_value("3")
    press(page, "s")
    expect(page.locator(".jovi-save-state")).to_contain_text("Saved")
    page.reload()
    expect(page.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE)
    slider = output(page, 0).get_by_role("slider", name="level")
    expect(slider).to_have_value("3")
    slider.fill("8")
    run_in_next_cell(page, 1, "Out[2]:8")


# A CI machine has no gamepad: the page is given one through the browser's own API
# (``navigator.getGamepads``), which the test moves as a player would.
FAKE_GAMEPADS = """
(() => {
  const pads = [null, null, null, null];
  window.joviTestPads = {
    plug(id, buttons, axes) {
      pads[0] = {
        id, index: 0, connected: true, mapping: "standard", timestamp: performance.now(), axes,
        buttons: buttons.map((value) => ({ value, pressed: value > 0.5, touched: value > 0 })),
      };
    },
    press(index, value) {
      const pad = pads[0];
      pad.buttons = pad.buttons.map((button, i) => (i === index ? { value, pressed: value > 0.5, touched: value > 0 } : button));
      pad.timestamp = performance.now();
    },
    unplug() { pads[0] = null; },
  };
  Object.defineProperty(Navigator.prototype, "getGamepads", { value: () => pads, configurable: true });
})();
"""


def test_a_controller_follows_a_gamepad_and_the_kernel_sees_its_buttons_and_axes(page, shared):
    page.add_init_script(FAKE_GAMEPADS)
    open_cells(
        page,
        shared,
        [
            "from ipywidgets import Controller\npad = Controller(index=0)\npad",
            "seen = []\npad.buttons[1].observe(lambda change: seen.append(change['new']), 'value')",
            "pad.connected, pad.name, len(pad.buttons), len(pad.axes), pad.axes[0].value, seen",
            "pad.connected, pad.buttons, pad.name",
        ],
    )
    press(page, "Control+Enter")
    widget = output(page, 0).get_by_role("group", name=re.compile("^Gamepad"))
    expect(widget).to_contain_text("Connect a gamepad")
    page.evaluate("joviTestPads.plug('Test pad', [0, 0], [0.25])")
    expect(widget).to_have_accessible_name("Gamepad Test pad")
    second = widget.get_by_role("meter", name="Button 1")
    expect(second).to_have_attribute("aria-valuenow", "0")
    expect(widget.get_by_role("meter", name="Axis 0")).to_have_attribute("aria-valuenow", "0.25")
    # The kernel made a Button widget for each button the page made a model for.
    run_in_next_cell(page, 1, "")
    page.evaluate("joviTestPads.press(1, 1)")
    expect(second).to_have_attribute("aria-valuenow", "1")
    run_in_next_cell(page, 2, "Out[3]:(True, 'Test pad', 2, 1, 0.25, [1.0])")
    # Unplugged: the page closes the parts, and the kernel's Controller empties.
    page.evaluate("joviTestPads.unplug()")
    expect(widget).to_contain_text("Connect a gamepad")
    expect(widget.get_by_role("meter")).to_have_count(0)
    run_in_next_cell(page, 3, "Out[4]:(False, (), '')")
