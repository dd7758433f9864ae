"""A real JupyterLab for the tests: the server in isolated directories, a headless Chromium.

* :func:`jupyterlab_server` starts ``jupyter lab`` (the test peer) on a free loopback
  port with a token, in the directories the ``isolated_dirs`` fixture made (HOME and
  the ``JUPYTER_*`` directories, where ``jovi_kernelspec`` installed jovi's kernel), with
  JupyterLab's own settings and workspaces under its root and its network features (news,
  update checks) off;
* :func:`chromium_page` opens a page in Debian's Chromium, driven by Playwright;
* :func:`open_notebook` opens a notebook of the server's root and waits until its kernel
  is idle; :func:`write_notebook` writes one that names its kernel;
* :func:`screenshot_on_failure` keeps what the page showed when a step failed.

Everything waits on conditions (a file, an HTTP answer, a selector), never on time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.processes import stop_group

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Page

__all__ = [
    "CHROMIUM",
    "CHROMIUM_FLAGS",
    "JupyterLabServer",
    "chromium_page",
    "jupyterlab_server",
    "open_notebook",
    "screenshot_on_failure",
    "write_notebook",
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
START_TIMEOUT_S = 60.0

# JupyterLab's user settings (JSON5 files by plugin): no news, no update checks, no
# notifications that could cover what a test clicks.
_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
}


@dataclasses.dataclass(frozen=True)
class JupyterLabServer:
    """A running ``jupyter lab``."""

    url: str
    """The server's base URL (ends with ``/``)."""
    token: str
    root_dir: Path
    """The directory the server serves (notebooks go here)."""
    log: Path
    """The server's output (shown when it fails to start)."""

    def lab_url(self, path: str = "") -> str:
        """The URL of JupyterLab (opening ``path`` of the root, if given), token included."""
        where = f"lab/tree/{path}" if path else "lab"
        return f"{self.url}{where}?token={self.token}"

    def api(self, path: str) -> Any:
        """GET ``api/<path>`` of the server, as JSON."""
        request = urllib.request.Request(
            f"{self.url}api/{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)


@contextlib.contextmanager
def jupyterlab_server(root: Path) -> Iterator[JupyterLabServer]:
    """Run ``jupyter lab`` serving ``root / "notebooks"`` until the block ends.

    The environment is the test's (``isolated_dirs`` set HOME and the ``JUPYTER_*``
    directories); JupyterLab's settings and workspaces directories go under ``root``.
    """
    notebooks = root / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    settings = root / "lab-settings"
    for name, values in _SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), "utf-8")
    token = secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "lab-workspaces"),
    )
    env.pop("PYTHONPATH", None)
    log = root / "jupyterlab.log"
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={notebooks}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--ServerApp.terminals_enabled=False",
    ]
    if os.geteuid() == 0:  # a container's root
        command.append("--allow-root")
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        url = _wait_until_serving(process, log, token)
        yield JupyterLabServer(url=url, token=token, root_dir=notebooks, log=log)
    finally:
        stop_group(process)


def _server_info(pid: int) -> dict[str, Any] | None:
    """The server's ``jpserver-<pid>.json`` (in the runtime directory), once written."""
    from jupyter_core.paths import jupyter_runtime_dir

    path = Path(jupyter_runtime_dir()) / f"jpserver-{pid}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _wait_until_serving(process: subprocess.Popen[bytes], log: Path, token: str) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"jupyter lab exited ({process.returncode}):\n{_tail(log)}")
        info = _server_info(process.pid)
        if info is not None:
            url = f"http://127.0.0.1:{info['port']}{info.get('base_url', '/')}"
            with contextlib.suppress(OSError):
                request = urllib.request.Request(
                    f"{url}api/status", headers={"Authorization": f"token {token}"}
                )
                with urllib.request.urlopen(request, timeout=5):
                    return url
        time.sleep(0.1)  # polling the server's readiness, not waiting for an effect
    raise AssertionError(f"jupyter lab did not start within {START_TIMEOUT_S:g} s:\n{_tail(log)}")


def _tail(log: Path, size: int = 4000) -> str:
    try:
        return log.read_text("utf-8", "replace")[-size:]
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def chromium_page(*, width: int = 1400, height: int = 900) -> Iterator[Page]:
    """A page of Debian's headless Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS), headless=True
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


@contextlib.contextmanager
def screenshot_on_failure(page: Page, path: Path) -> Iterator[None]:
    """Save a screenshot of ``page`` to ``path`` when the block fails."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(path), full_page=True)
        raise


def write_notebook(path: Path, cells: list[str], kernel: str = "jovi") -> Path:
    """A notebook of code ``cells`` whose kernel is ``kernel`` (nbformat 4.5)."""
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": kernel, "display_name": kernel, "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [
            {
                "id": f"cell-{index}",
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": source,
            }
            for index, source in enumerate(cells)
        ],
    }
    path.write_text(json.dumps(notebook, indent=1), "utf-8")
    return path


def open_notebook(page: Page, server: JupyterLabServer, name: str, timeout_s: float = 60) -> None:
    """Open notebook ``name`` of the server's root in ``page``; return once its kernel (the
    one the notebook names, started by JupyterLab) is idle, as the status bar says."""
    from playwright.sync_api import expect

    page.goto(server.lab_url(name))
    status = page.locator(
        f"#jp-main-statusbar .jp-StatusBar-TextItem[title='Change kernel for {Path(name).name}']"
    )
    expect(status).to_have_text(_KERNEL_IDLE, timeout=timeout_s * 1000)


_KERNEL_IDLE = re.compile(r"^(?!No Kernel).+ \| Idle$")
"""The status bar's kernel item of a notebook whose kernel runs and is idle."""
