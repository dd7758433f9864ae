"""The seed's basic workflow in a real browser against a real ``jovi notebook``: the
file browser, a new notebook, code run with Shift-Enter, saving with Ctrl-S, math,
images, input(), interrupt and restart from the keyboard."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.integration

KERNEL_IDLE = re.compile(r"\| Idle$")


def open_notebook(page, served, name: str, cells: list[dict] | None = None) -> None:
    """Write notebook ``name`` (of ``cells``) and open it; return once its kernel is idle."""
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "jovi", "display_name": "jovi", "language": "python"}},
        "cells": cells or [],
    }
    (served.root / name).write_text(json.dumps(notebook), "utf-8")
    page.goto(served.page_url(f"notebooks/{name}"))
    expect(page.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE, timeout=60_000)


def code(source: str) -> dict:
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {},
        "outputs": [],
        "execution_count": None,
    }


def test_new_notebook_runs_print_and_saves_its_output(page, served):
    page.goto(served.page_url("tree"))
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="New notebook").click()
    notebook = opened.value
    expect(notebook.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE, timeout=60_000)
    notebook.keyboard.type("print(6*7)")
    notebook.keyboard.press("Shift+Enter")
    expect(notebook.locator(".jovi-cell").first.locator(".jovi-output")).to_have_text("42")
    notebook.keyboard.press("Control+s")
    expect(notebook.locator(".jovi-save-state")).to_contain_text("Saved")
    saved = json.loads((served.root / "Untitled.ipynb").read_text("utf-8"))
    first = saved["cells"][0]
    assert "".join(first["source"]) == "print(6*7)"
    [output] = first["outputs"]
    assert (output["output_type"], output["name"], "".join(output["text"])) == (
        "stream",
        "stdout",
        "42\n",
    )
    assert first["execution_count"] == 1
    # Shift-Enter on the last cell added one, and Ctrl-S made a checkpoint.
    assert len(saved["cells"]) == 2
    assert list((served.root / ".ipynb_checkpoints").glob("Untitled-checkpoint.ipynb"))


def test_opening_a_notebook_selects_its_first_cell_in_command_mode(page, served):
    open_notebook(page, served, "two.ipynb", [code("1 + 1"), code("2 + 2")])
    first = page.locator(".jovi-cell").first
    expect(first).to_have_class(re.compile(r"\bjovi-active\b"))
    expect(page.locator(".jovi-notebook")).to_have_attribute("data-mode", "command")
    page.keyboard.press("Shift+Enter")
    expect(first.locator(".jovi-output")).to_have_text("Out[1]:2")
    expect(page.locator(".jovi-cell").nth(1)).to_have_class(re.compile(r"\bjovi-active\b"))


def test_markdown_math_is_typeset(page, served):
    open_notebook(page, served, "math.ipynb", [code("")])
    page.keyboard.press("m")
    page.keyboard.press("Enter")
    page.keyboard.type("Angle $\\alpha$ and $$\\int_0^1 x\\,dx$$")
    page.keyboard.press("Shift+Enter")
    rendered = page.locator(".jovi-cell").first.locator(".jovi-rendered")
    expect(rendered.locator(".katex")).to_have_count(2)
    expect(rendered.locator(".katex-error")).to_have_count(0)
    assert "α" in rendered.inner_text()


def test_display_image_renders(page, served):
    open_notebook(page, served, "image.ipynb", [code("")])
    page.keyboard.press("Enter")
    page.keyboard.type(
        "import base64\n"
        "from jovi.display import Image, display\n"
        "png = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')\n"
        "display(Image(data=png, width=40))"
    )
    page.keyboard.press("Shift+Enter")
    image = page.locator(".jovi-cell").first.locator(".jovi-output img")
    expect(image).to_have_count(1)
    expect(image).to_have_attribute("width", "40")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )


def test_input_round_trip(page, served):
    open_notebook(page, served, "input.ipynb", [code("")])
    page.keyboard.press("Enter")
    page.keyboard.type("name = input('Name? ')\nprint('Hello', name)")
    page.keyboard.press("Shift+Enter")
    box = page.locator(".jovi-stdin input")
    expect(box).to_be_focused()
    box.type("Ada")
    box.press("Enter")
    outputs = page.locator(".jovi-cell").first.locator(".jovi-outputs")
    expect(outputs).to_contain_text("Name? Ada")
    expect(outputs).to_contain_text("Hello Ada")


def test_password_input_is_hidden(page, served):
    open_notebook(page, served, "password.ipynb", [code("")])
    page.keyboard.press("Enter")
    page.keyboard.type("import getpass\nsecret = getpass.getpass('Secret: ')\nprint(len(secret))")
    page.keyboard.press("Shift+Enter")
    box = page.locator(".jovi-stdin input")
    expect(box).to_have_attribute("type", "password")
    box.type("hunter2")
    box.press("Enter")
    outputs = page.locator(".jovi-cell").first.locator(".jovi-outputs")
    expect(outputs).to_contain_text("7")
    assert "hunter2" not in outputs.inner_text()


def test_interrupt_and_restart_from_the_keyboard(page, served):
    open_notebook(page, served, "loop.ipynb", [code("while True: pass"), code("x = 1")])
    page.keyboard.press("Control+Enter")
    expect(page.locator(".jovi-kernel-status")).to_have_text(re.compile(r"\| Busy$"))
    page.keyboard.press("i")
    page.keyboard.press("i")
    outputs = page.locator(".jovi-cell").first.locator(".jovi-outputs")
    expect(outputs).to_contain_text("KeyboardInterrupt")
    expect(page.locator(".jovi-kernel-status")).to_have_text(KERNEL_IDLE)
    page.keyboard.press("0")
    page.keyboard.press("0")
    page.get_by_role("button", name="Restart").last.click()
    expect(page.locator(".jovi-notification")).to_have_text("Kernel restarted", timeout=60_000)
    # The restarted kernel runs code, counting from 1 again.
    page.keyboard.press("j")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".jovi-cell").nth(1).locator(".jovi-prompt")).to_have_text("In [1]:")
