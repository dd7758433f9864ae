"""Helpers for tests of the notebook page: a notebook written and opened, the
cells as the page shows them, keys."""

from __future__ import annotations

import itertools
import json
import re
import urllib.request
from typing import TYPE_CHECKING

from playwright.sync_api import expect

if TYPE_CHECKING:
    from pathlib import Path

    from tests.webui.conftest import Served

KERNEL_IDLE = re.compile(r"\| Idle$")


def set_page_settings(served: Served, values: dict | None) -> None:
    """Set the page's settings kept by the server (section ``jovi`` of ``notebook``);
    ``None`` removes them all."""
    request = urllib.request.Request(
        f"{served.url}api/config/notebook",
        data=json.dumps({"jovi": values}).encode(),
        headers={"Authorization": f"token {served.token}", "Content-Type": "application/json"},
        method="PATCH",
    )
    urllib.request.urlopen(request, timeout=10).close()


_names = itertools.count()

CELLS_JS = """() => Array.from(document.querySelectorAll('.jovi-cell')).map(cell => ({
    type: cell.dataset.type,
    source: cell.querySelector('.cm-content')
        ? Array.from(cell.querySelectorAll('.cm-line')).map(l => l.textContent).join('\\n')
        : cell.querySelector('.jovi-static-source').textContent,
    active: cell.classList.contains('jovi-active'),
    selected: cell.classList.contains('jovi-selected'),
    rendered: cell.classList.contains('jovi-is-rendered'),
}))"""


def cell(source: str, kind: str = "code") -> dict:
    json_cell = {"cell_type": kind, "source": source, "metadata": {}}
    if kind == "code":
        json_cell.update(outputs=[], execution_count=None)
    return json_cell


def open_cells(page, served: Served, sources: list[str | dict]) -> Path:
    """A new notebook of ``sources`` opened in ``page`` (its kernel idle)."""
    name = f"keys{next(_names)}.ipynb"
    cells = [cell(s) if isinstance(s, str) else s for s in sources]
    for index, each in enumerate(cells):
        each.setdefault("id", f"cell{index}")
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "jovi", "display_name": "jovi", "language": "python"}},
        "cells": cells,
    }
    path = served.root / name
    path.write_text(json.dumps(notebook), "utf-8")
    page.goto(served.page_url(f"notebooks/{name}"))
    expect(page.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE, timeout=60_000)
    return path


def cells(page) -> list[dict]:
    return page.evaluate(CELLS_JS)


def sources(page) -> list[str]:
    return [c["source"] for c in cells(page)]


def active(page) -> int:
    return [c["active"] for c in cells(page)].index(True)


def selected(page) -> list[int]:
    return [i for i, c in enumerate(cells(page)) if c["selected"]]


def mode(page) -> str:
    return page.locator(".jovi-notebook").get_attribute("data-mode") or ""


def press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def expect_sources(page, expected: list[str]) -> None:
    page.wait_for_function(
        f"() => ({CELLS_JS})().map(c => c.source).join('\\u0001') === {json.dumps(chr(1).join(expected))}"
    )


def output(page, index: int):
    return page.locator(".jovi-cell").nth(index).locator(".jovi-outputs")
