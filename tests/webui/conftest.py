"""A real ``jovi notebook`` for the browser tests, and Debian's headless Chromium
driven by Playwright (launched as tests/kernel/jupyterlab.py does)."""

from __future__ import annotations

import contextlib
import re
import secrets
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.kernel.jupyterlab import CHROMIUM, CHROMIUM_FLAGS
from tests.processes import free_port, stop_group

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

START_TIMEOUT_S = 30.0

# How long an expectation waits for the page to get there (Playwright's default is 5 s).
# A kernel's first cell on a doubly loaded machine once took longer than that to ask
# for input; an expectation that is met returns as soon as it is, whatever the limit.
expect.set_options(timeout=20_000)


@dataclass
class Served:
    """A running ``jovi notebook``."""

    url: str
    """Its base URL (ends with ``/``)."""
    token: str
    root: Path

    def page_url(self, route: str) -> str:
        """``route`` (``tree``, ``notebooks/a.ipynb``) with the token."""
        return f"{self.url}{route}?token={self.token}"


@contextlib.contextmanager
def jovi_notebook(jovi_command: list[str], root: Path, *arguments: str) -> Iterator[Served]:
    """``jovi notebook`` serving ``root`` until the block ends."""
    token = secrets.token_hex(16)
    port = free_port()
    log = root.parent / f"server-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                *jovi_command,
                "notebook",
                str(root),
                "--no-browser",
                "--allow-root",
                f"--port={port}",
                f"--token={token}",
                "--debug",
                *arguments,
            ],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = _wait_for_url(process, log)
        yield Served(url=url, token=token, root=root)
    finally:
        # Shown by pytest when the test fails.
        print(f"--- server log ---\n{log.read_text('utf-8', 'replace')[-5000:]}")
        stop_group(process)


def _wait_for_url(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        found = re.search(r"(http://\S+?)\?token=", log.read_text("utf-8", "replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.05)  # polling the log for the server's announcement
    raise AssertionError(f"jovi notebook did not start:\n{log.read_text('utf-8', 'replace')}")


@pytest.fixture
def served(jovi_command: list[str], tmp_path: Path) -> Iterator[Served]:
    root = tmp_path / "served"
    root.mkdir()
    with jovi_notebook(jovi_command, root) as server:
        yield server


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for a module's tests (each test opens notebooks of its own)."""
    import sys

    root = tmp_path_factory.mktemp("module") / "served"
    root.mkdir()
    with jovi_notebook([str(Path(sys.executable).parent / "jovi")], root) as server:
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt install chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS), headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context's page; its console errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    try:
        yield page
    finally:
        context.close()
    assert errors == []
