"""What the notebook page shows of each kind of output (issue 18, point 4), from a
real kernel, in headless Chromium."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.webui.notebook_page import KERNEL_IDLE, cell, open_cells, output, press

pytestmark = pytest.mark.integration


def run_first(page, shared, *sources: str):
    """Open a notebook of ``sources``, run them all, return the first cell's outputs."""
    open_cells(page, shared, list(sources))
    for _ in sources:
        press(page, "Shift+Enter")
    return output(page, 0)


def test_stream_text_keeps_its_colours_and_carriage_returns(page, shared):
    outputs = run_first(
        page, shared, "print('\\x1b[31mred\\x1b[0m plain')\nprint('10%\\r20%\\r30%')"
    )
    expect(outputs.locator("span.ansi-red-fg")).to_have_text("red")
    expect(outputs).to_have_text("red plain\n30%\n")


def test_stderr_is_marked(page, shared):
    outputs = run_first(page, shared, "import sys; print('oops', file=sys.stderr)")
    expect(outputs.locator(".jovi-stream-stderr")).to_have_text("oops\n")


def test_errors_show_their_coloured_traceback(page, shared):
    outputs = run_first(page, shared, "def f():\n    return 1 / 0\nf()")
    error = outputs.locator(".jovi-output-error")
    expect(error).to_contain_text("ZeroDivisionError")
    expect(error).to_contain_text("return 1 / 0")
    assert error.locator("span[class*=ansi-]").count() > 0


def test_html_markdown_latex_json_and_svg(page, shared):
    outputs = run_first(
        page,
        shared,
        "from jovi.display import HTML, JSON, SVG, Latex, Markdown, display\n"
        "display(HTML('<b class=made>bold</b>'))\n"
        "display(Markdown('**strong** and $y^2$'))\n"
        "display(Latex(r'$\\beta$'))\n"
        "display(JSON({'a': 1}))\n"
        'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\'))',
    )
    expect(outputs.locator("b.made")).to_have_text("bold")
    expect(outputs.locator(".jovi-markdown strong")).to_have_text("strong")
    expect(outputs.locator(".katex")).to_have_count(2)
    expect(outputs.locator(".jovi-mime-application-json")).to_contain_text('"a": 1')
    expect(outputs.locator("svg rect")).to_have_count(1)


def test_update_display_data_changes_an_output_of_another_cell(page, shared):
    open_cells(
        page,
        shared,
        [
            "from jovi.display import display\nhandle = display('before', display_id=True)",
            "handle.update('after')",
        ],
    )
    press(page, "Shift+Enter")
    expect(output(page, 0)).to_have_text("'before'")
    press(page, "Shift+Enter")
    expect(output(page, 0)).to_have_text("'after'")
    expect(output(page, 1)).to_have_text("")


def test_clear_output_wait_keeps_only_the_last(page, shared):
    outputs = run_first(
        page,
        shared,
        "from jovi.display import clear_output\nfor i in range(5):\n    clear_output(wait=True)\n    print('step', i)",
    )
    expect(outputs).to_have_text("step 4\n")


def test_saved_outputs_of_an_untrusted_notebook_are_sanitised(page, shared):
    html = '<b id="kept">kept</b><img src="x" onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'
    saved = cell("x")
    saved["outputs"] = [
        {
            "output_type": "display_data",
            "data": {"text/html": html, "text/plain": "x"},
            "metadata": {},
        }
    ]
    saved["outputs"].append(
        {
            "output_type": "display_data",
            "data": {"application/javascript": "document.title='pwned'", "text/plain": "js"},
            "metadata": {},
        }
    )
    open_cells(page, shared, [saved])
    outputs = output(page, 0)
    expect(outputs.locator("#kept")).to_have_text("kept")
    assert outputs.locator("script").count() == 0
    assert outputs.locator("img").get_attribute("onerror") is None
    expect(outputs).to_contain_text("js")  # its text, not its script
    assert page.title() != "pwned"


def test_outputs_made_in_the_session_are_trusted_and_signed_on_save(page, shared):
    # An event handler survives only in trusted HTML: it tells trusted from sanitised.
    path = open_cells(
        page,
        shared,
        ["from jovi.display import HTML, display\ndisplay(HTML('<b onclick=\"void 0\">x</b>'))"],
    )
    press(page, "Control+Enter")
    expect(output(page, 0).locator("b[onclick]")).to_have_text("x")
    press(page, "s")
    expect(page.locator(".jovi-save-state")).to_contain_text("Saved")
    page.reload()
    expect(page.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE)
    expect(output(page, 0).locator("b[onclick]")).to_have_text("x")
    saved = json.loads(path.read_text("utf-8"))
    assert "trusted" not in saved["cells"][0]["metadata"]  # never written to the file
