"""HTML exports in headless Chromium: no console errors, every image renders, every
math span is typeset; and webpdf: Chromium's PDF holds the cells' text."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from jovi.nbconvert import HTMLExporter, WebPDFExporter
from tests.nbconvert.browser import browser_args, chromium_path, load_page, pdf_pages, pdf_text
from tests.nbconvert.notebooks import rich_notebook

pytestmark = pytest.mark.integration

# Markdown: $a_1 < b^2$, $\sqrt{x}$, the display integral, the align environment;
# outputs: the text/latex one.
MATH_SPANS = 5


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=browser_args())
        yield chromium
        chromium.close()


def _host_page(fragment: str) -> str:
    # A "basic" export is a fragment meant for a page of the embedding site.
    return f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>blog</title></head><body>\n{fragment}\n</body></html>\n'


@pytest.mark.parametrize("template", ["full", "basic"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_html_loads_cleanly_with_images_and_typeset_math(browser, tmp_path, template, theme):
    body, resources = HTMLExporter(template_name=template, theme=theme).from_notebook_node(
        rich_notebook(), {"metadata": {"name": "rich", "path": str(tmp_path)}}
    )
    assert resources["outputs"] == {}  # self-contained: nothing to write next to it
    page = tmp_path / f"{template}-{theme}.html"
    page.write_text(body if template == "full" else _host_page(body), encoding="utf-8")
    report = load_page(browser, page)
    assert report.errors == []
    # The output PNG and the Markdown cell's pasted attachment.
    assert len(report.image_widths) == 2
    assert all(width > 0 for width in report.image_widths)
    assert report.math_total == MATH_SPANS
    assert report.math_typeset == report.math_total
    assert report.katex_errors == 0
    assert "hello stdout" in report.text
    assert "progress 100%" in report.text
    assert "progress  50%" not in report.text
    assert "ZeroDivisionError" in report.text


def test_dark_theme_colours_the_page_dark(browser, tmp_path):
    for theme, dark in (("light", False), ("dark", True)):
        body, _ = HTMLExporter(theme=theme).from_notebook_node(rich_notebook())
        page = tmp_path / f"{theme}.html"
        page.write_text(body, encoding="utf-8")
        tab = browser.new_page()
        tab.goto(page.as_uri())
        colour = tab.eval_on_selector(".jovi-notebook", "e => getComputedStyle(e).backgroundColor")
        tab.close()
        red, green, blue = (int(part) for part in colour[colour.index("(") + 1 : -1].split(",")[:3])
        assert (red + green + blue < 200) is dark, colour


def test_katex_files_mode_loads_the_copied_assets(browser, tmp_path):
    body, resources = HTMLExporter(katex="files").from_notebook_node(
        rich_notebook(), {"metadata": {"name": "nb", "path": str(tmp_path)}}
    )
    assert "nb_files/katex/katex.min.js" in body
    for relative, payload in resources["outputs"].items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
    page = tmp_path / "nb.html"
    page.write_text(body, encoding="utf-8")
    report = load_page(browser, page)
    assert report.errors == []
    assert report.math_typeset == report.math_total == MATH_SPANS


def test_extracted_images_render_from_their_files(browser, tmp_path):
    body, resources = HTMLExporter(
        config=_config({"ExtractOutputPreprocessor": {"enabled": True}})
    ).from_notebook_node(rich_notebook(), {"metadata": {"name": "nb", "path": str(tmp_path)}})
    assert "nb_files/output_2_0.png" in resources["outputs"]
    for relative, payload in resources["outputs"].items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(payload)
    page = tmp_path / "nb.html"
    page.write_text(body, encoding="utf-8")
    report = load_page(browser, page)
    assert report.errors == []
    assert len(report.image_widths) == 3  # PNG and SVG files, and the attachment
    assert all(width > 0 for width in report.image_widths)


def _config(data):
    from jovi.config import Config

    return Config(data)


@pytest.mark.parametrize("use_playwright", [True, False])
def test_webpdf_prints_the_cells_text(tmp_path, use_playwright):
    pdf, resources = WebPDFExporter(use_playwright=use_playwright).from_notebook_node(
        rich_notebook()
    )
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf, tmp_path) >= 1
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "Analysis of data",
        "hello stdout",
        "print('hello stdout')",
        "ZeroDivisionError",
        "Results",
    ):
        assert expected in text
    assert resources["output_extension"] == ".pdf"
