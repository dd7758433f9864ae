"""ipywidgets in the notebook page: a slider renders, moving it reaches the kernel,
whose callback updates a label; a link kept in the page (jslink) (issue 18, point 4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import open_cells, output, press

pytestmark = [pytest.mark.integration, pytest.mark.interop]


def test_a_slider_moves_a_label_through_the_kernel(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import ipywidgets as w\n"
                "slider = w.IntSlider(value=3, min=0, max=10, description='n')\n"
                "label = w.Label('n = 3')\n"
                "slider.observe(lambda change: setattr(label, 'value', f\"n = {change['new']}\"), names='value')\n"
                "w.VBox([slider, label])"
            )
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    slider = outputs.get_by_role("slider", name="n")
    expect(slider).to_have_value("3")
    expect(outputs.locator(".jovi-widget-label-value")).to_have_text("n = 3")
    slider.fill("7")
    expect(outputs.locator(".jovi-widget-label-value")).to_have_text("n = 7")
    expect(outputs.locator(".jovi-widget-readout")).to_have_text("7")


def test_jslink_keeps_two_sliders_together_in_the_page(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import ipywidgets as w\n"
                "a = w.IntSlider(value=1, description='a')\n"
                "b = w.IntSlider(value=5, description='b')\n"
                "w.jslink((a, 'value'), (b, 'value'))\n"
                "w.HBox([a, b])"
            ),
            "b.value",
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    expect(outputs.get_by_role("slider", name="b")).to_have_value("1")
    outputs.get_by_role("slider", name="a").fill("9")
    expect(outputs.get_by_role("slider", name="b")).to_have_value("9")
    press(page, "Escape", "j", "Control+Enter")  # Esc: the keys go back to the cells
    expect(output(page, 1)).to_have_text("Out[2]:9")  # the kernel heard it too


def test_an_image_sent_as_a_binary_buffer_and_a_dropdown(page, shared):
    open_cells(
        page,
        shared,
        [
            (
                "import io\n"
                "import ipywidgets as w\n"
                "from PIL import Image as Picture\n"
                "data = io.BytesIO()\n"
                "Picture.new('RGB', (40, 20), (200, 0, 0)).save(data, format='png')\n"
                "picture = w.Image(value=data.getvalue(), format='png')\n"
                "choice = w.Dropdown(options=['red', 'blue'], value='red', description='colour')\n"
                "w.VBox([picture, choice])"
            ),
            "choice.value",
        ],
    )
    press(page, "Control+Enter")
    outputs = output(page, 0)
    picture = outputs.locator("img.jovi-widget-image")
    expect(picture).to_have_count(1)
    # The PNG's bytes came as a binary buffer beside the comm message.
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth === 40 && img.naturalHeight === 20",
        arg=picture.element_handle(),
    )
    choice = outputs.get_by_role("combobox", name="colour")
    expect(choice).to_have_value("0")
    choice.select_option(label="blue")
    press(page, "Escape", "j", "Control+Enter")
    expect(output(page, 1)).to_have_text("Out[2]:'blue'")
