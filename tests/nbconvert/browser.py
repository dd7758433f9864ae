"""Headless Chromium for the tests (Playwright driving the browser jovi itself finds),
and PDF text extraction with poppler's ``pdftotext``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from jovi.nbconvert.tools import find_chromium


@dataclass
class PageReport:
    """What a page did when loaded: console errors, images, math."""

    errors: list[str] = field(default_factory=list)
    image_widths: list[int] = field(default_factory=list)
    math_total: int = 0
    math_typeset: int = 0
    katex_errors: int = 0
    text: str = ""


def browser_args() -> list[str]:
    return ["--no-sandbox"] if os.geteuid() == 0 else []


def load_page(browser, path: Path) -> PageReport:
    """Open ``path`` in a new tab and report what happened."""
    report = PageReport()
    page = browser.new_page()
    page.on(
        "console",
        lambda m: (
            report.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: report.errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: report.errors.append(f"request failed: {r.url}"))
    page.goto(path.as_uri(), wait_until="load")
    report.image_widths = page.eval_on_selector_all(
        "img", "els => els.map(e => e.complete ? e.naturalWidth : 0)"
    )
    report.math_total = page.eval_on_selector_all(".math", "els => els.length")
    report.math_typeset = page.eval_on_selector_all(
        ".math", "els => els.filter(e => e.querySelector('.katex')).length"
    )
    report.katex_errors = page.eval_on_selector_all(".katex-error", "els => els.length")
    report.text = page.inner_text("body")
    page.close()
    return report


def chromium_path() -> str:
    """Chromium, as the webpdf exporter finds it; the tests need it (never skipped)."""
    return find_chromium()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The text of a PDF, by poppler's pdftotext."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils (.ci/run does)"
    source = tmp_path / "extract.pdf"
    source.write_bytes(data)
    return subprocess.run(
        [tool, "-layout", str(source), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    """How many pages a PDF has, by poppler's pdfinfo."""
    tool = shutil.which("pdfinfo")
    assert tool, "pdfinfo is missing: install poppler-utils (.ci/run does)"
    source = tmp_path / "count.pdf"
    source.write_bytes(data)
    info = subprocess.run([tool, str(source)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))
