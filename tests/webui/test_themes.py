"""Light and dark themes: the system's preference by default, a choice in the header
kept in the browser (localStorage) for every page, and screenshots of a representative
notebook in both compared with the committed references (issue 18, points 3 and
acceptance)."""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import expect

from tests.webui.notebook_page import KERNEL_IDLE

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

    from tests.webui.conftest import Served

pytestmark = pytest.mark.integration

REFERENCES = Path(__file__).parent / "screenshots"
# Set to write the references anew (then look at them, and commit them).
UPDATE = os.environ.get("JOVI_UPDATE_SCREENSHOTS") == "1"
# Debian's fonts-dejavu-core (.ci/run installs it): the page's text in the pictures is
# set in these, whatever system-ui means on the machine; math uses KaTeX's own fonts,
# which the bundle ships.
PINNED_FONTS = ":root { --sans: 'DejaVu Sans'; --mono: 'DejaVu Sans Mono'; }"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# A pixel differs when a channel moves by more than this; a picture matches when at most
# this share of its pixels differ (anti-aliasing of another Chromium build).
CHANNEL_TOLERANCE = 48
DIFFERING_SHARE = 0.003

# The cells' box once the layout holds still for a few frames (KaTeX's stylesheet and
# fonts come after the math is first drawn).
SETTLED_CELLS_JS = """async () => {
    const frame = () => new Promise(done => requestAnimationFrame(() => done()));
    const box = () => {
        const cells = document.querySelectorAll('.jovi-cell');
        const top = cells[0].getBoundingClientRect();
        const bottom = cells[cells.length - 1].getBoundingClientRect();
        return {x: top.x - 8, y: top.y - 8, width: top.width + 16, height: bottom.bottom - top.y + 16};
    };
    let last = '', same = 0;
    while (same < 5) {
        await document.fonts.ready;
        await frame();
        const now = JSON.stringify(box());
        same = now === last ? same + 1 : 0;
        last = now;
    }
    return JSON.parse(last);
}"""

LIGHT_BG = "rgb(255, 255, 255)"
DARK_BG = "rgb(22, 26, 31)"


def background(page: Page) -> str:
    return page.evaluate("() => getComputedStyle(document.body).backgroundColor")


@pytest.fixture
def dark_system(browser: Browser) -> Iterator[Page]:
    """A page in a browser whose system prefers dark."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_theme_follows_the_system_until_one_is_chosen_and_is_kept(dark_system, shared):
    page = dark_system
    page.goto(shared.page_url("tree"))
    theme = page.get_by_role("combobox", name="Theme")
    expect(theme).to_have_value("system")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert background(page) == DARK_BG

    theme.select_option("light")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert background(page) == LIGHT_BG
    assert page.evaluate("() => localStorage.getItem('jovi.theme')") == "light"

    # Kept for the next page, though the system still prefers dark.
    (shared.root / "theme.ipynb").write_text(
        json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}), "utf-8"
    )
    page.goto(shared.page_url("notebooks/theme.ipynb"))
    expect(page.get_by_role("combobox", name="Theme")).to_have_value("light")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert background(page) == LIGHT_BG

    page.get_by_role("combobox", name="Theme").select_option("system")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate("() => localStorage.getItem('jovi.theme')") is None
    # Following the system: a change there shows at once.
    page.emulate_media(color_scheme="light")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert background(page) == LIGHT_BG


def _png(width: int, height: int) -> str:
    """A small picture: colour bands, made here so that it is the same each time."""
    picture = Image.new("RGB", (width, height))
    for x in range(width):
        for y in range(height):
            picture.putpixel((x, y), (x * 255 // width, y * 255 // height, 160))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def representative_notebook() -> dict:
    """Markdown with math, code with ANSI output, an image, an error and a table."""

    def code(index: int, source: str, outputs: list[dict]) -> dict:
        return {
            "id": f"c{index}",
            "cell_type": "code",
            "source": source,
            "metadata": {},
            "execution_count": index,
            "outputs": outputs,
        }

    table = (
        "<table><thead><tr><th></th><th>planet</th><th>moons</th></tr></thead><tbody>"
        "<tr><th>0</th><td>Earth</td><td>1</td></tr>"
        "<tr><th>1</th><td>Mars</td><td>2</td></tr>"
        "<tr><th>2</th><td>Jupiter</td><td>95</td></tr></tbody></table>"
    )
    cells = [
        {
            "id": "m0",
            "cell_type": "markdown",
            "source": (
                "# Orbits\n\nEuler's identity $e^{i\\pi} + 1 = 0$, and a sum:\n\n"
                "$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$\n\n"
                "- a list with *emphasis*\n- and `code`"
            ),
            "metadata": {},
        },
        code(
            1,
            "for colour in ('red', 'green', 'blue'):\n    print(colour)",
            [
                {
                    "output_type": "stream",
                    "name": "stdout",
                    "text": "\x1b[31mred\x1b[0m \x1b[32mgreen\x1b[0m \x1b[1;34mbold blue\x1b[0m\n",
                },
                {"output_type": "stream", "name": "stderr", "text": "a warning on stderr\n"},
            ],
        ),
        code(
            2,
            "display(Image(data))",
            [
                {
                    "output_type": "display_data",
                    "data": {"image/png": _png(160, 60), "text/plain": "<Image>"},
                    "metadata": {},
                }
            ],
        ),
        code(
            3,
            "1 / 0",
            [
                {
                    "output_type": "error",
                    "ename": "ZeroDivisionError",
                    "evalue": "division by zero",
                    "traceback": [
                        "\x1b[31m---------------------------------------------------------------\x1b[0m",
                        "\x1b[31mZeroDivisionError\x1b[0m    Traceback (most recent call last)",
                        "Cell \x1b[32mIn[3]\x1b[0m, line 1\n\x1b[32m----> 1\x1b[0m 1 / 0",
                        "\x1b[31mZeroDivisionError\x1b[0m: division by zero",
                    ],
                }
            ],
        ),
        code(
            4,
            "planets",
            [
                {
                    "output_type": "execute_result",
                    "execution_count": 4,
                    "data": {"text/html": table, "text/plain": "   planet  moons"},
                    "metadata": {},
                }
            ],
        ),
    ]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def screenshot(browser: Browser, served: Served, theme: str) -> Image.Image:
    """The representative notebook as the page paints it in ``theme``."""
    assert DEJAVU.exists(), f"{DEJAVU} is missing: apt install fonts-dejavu-core"
    (served.root / "representative.ipynb").write_text(
        json.dumps(representative_notebook()), "utf-8"
    )
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, color_scheme=theme)
    try:
        page = context.new_page()
        page.goto(served.page_url("notebooks/representative.ipynb"))
        expect(page.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE, timeout=60_000)
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        page.add_style_tag(content=PINNED_FONTS)
        expect(page.locator(".jovi-cell .katex-display")).to_have_count(1)
        page.wait_for_function(
            "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        clip = page.evaluate(SETTLED_CELLS_JS)
        png = page.screenshot(clip=clip, animations="disabled", caret="hide")
    finally:
        context.close()
    return Image.open(io.BytesIO(png)).convert("RGB")


def differing_share(actual: Image.Image, reference: Image.Image) -> float:
    """The share of pixels where some channel differs by more than the tolerance."""
    difference = ImageChops.difference(actual, reference)
    # The largest channel difference of each pixel, then thresholded.
    largest = difference.getchannel(0)
    for channel in (1, 2):
        largest = ImageChops.lighter(largest, difference.getchannel(channel))
    histogram = largest.histogram()
    return sum(histogram[CHANNEL_TOLERANCE + 1 :]) / (actual.width * actual.height)


def test_differing_share_sees_a_changed_picture():
    picture = Image.new("RGB", (100, 100), (255, 255, 255))
    changed = picture.copy()
    changed.paste((0, 0, 0), (0, 0, 10, 10))  # 1 % of the pixels
    assert differing_share(picture, picture.copy()) == 0
    assert differing_share(changed, picture) == pytest.approx(0.01)
    assert differing_share(changed, picture) > DIFFERING_SHARE


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_representative_notebook_looks_as_its_reference(browser, shared, tmp_path, theme):
    actual = screenshot(browser, shared, theme)
    reference_path = REFERENCES / f"notebook-{theme}.png"
    if UPDATE:
        actual.save(reference_path, optimize=True)
        pytest.fail(f"wrote {reference_path}: look at it, commit it, run again without the update")
    actual.save(tmp_path / f"actual-{theme}.png")
    reference = Image.open(reference_path).convert("RGB")
    assert actual.size == reference.size, (
        f"the {theme} notebook is {actual.size}, its reference {reference.size} "
        f"(this run's picture: {tmp_path / f'actual-{theme}.png'})"
    )
    share = differing_share(actual, reference)
    if share > DIFFERING_SHARE:
        ImageChops.difference(actual, reference).save(tmp_path / f"difference-{theme}.png")
    assert share <= DIFFERING_SHARE, (
        f"{share:.2%} of the {theme} notebook's pixels differ from its reference "
        f"(pictures in {tmp_path})"
    )
