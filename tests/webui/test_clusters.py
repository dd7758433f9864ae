"""The file browser's Clusters tab in a real browser against a real ``jovi notebook``:
a cluster of two engines started from the tab, seen running with its engines, and
stopped, with nothing left behind; the tab reached and worked from the keyboard."""

from __future__ import annotations

import json
import urllib.request

import psutil
import pytest
from playwright.sync_api import expect

from jovi.utils.paths import jovi_dir

pytestmark = pytest.mark.integration

START_TIMEOUT_MS = 120_000


def clusters_api(served, profile: str) -> dict:
    request = urllib.request.Request(
        f"{served.url}clusters/{profile}", headers={"Authorization": f"token {served.token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def test_a_cluster_of_two_engines_is_started_and_stopped_from_the_tab(page, served):
    (jovi_dir() / "profile_other").mkdir(parents=True)
    page.goto(served.page_url("tree"))
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    files_tab = page.get_by_role("tab", name="Files")
    expect(files_tab).to_have_attribute("aria-selected", "true")
    files_tab.focus()
    page.keyboard.press("ArrowLeft")  # around the end: the last tab
    clusters_tab = page.get_by_role("tab", name="Clusters")
    expect(clusters_tab).to_be_focused()
    expect(clusters_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("table", name="Files")).to_be_hidden()

    table = page.get_by_role("table", name="Clusters")
    expect(table.locator("tbody th")).to_have_text(["default", "other"])
    row = table.locator("tbody tr[data-profile='default']")
    expect(row.locator("td").nth(0)).to_have_text("stopped")

    count = page.get_by_role("spinbutton", name="Engines for default")
    count.fill("2")
    page.keyboard.press("Tab")
    start = page.get_by_role("button", name="Start the cluster of default")
    expect(start).to_be_focused()
    page.keyboard.press("Enter")
    expect(row.locator("td").nth(0)).to_have_text("running", timeout=START_TIMEOUT_MS)
    expect(row.locator("td").nth(1)).to_have_text("2")
    model = clusters_api(served, "default")
    assert model["status"] == "running"
    assert model["n"] == 2
    (cluster,) = model["clusters"]
    supervisor = psutil.Process(cluster["pid"])
    processes = [supervisor, *supervisor.children(recursive=True)]
    assert len(processes) >= 4  # the supervisor, the controller, two engines
    expect(table.locator("tbody tr[data-profile='other'] td").nth(0)).to_have_text("stopped")

    page.get_by_role("button", name="Stop the cluster of default").click()
    expect(row.locator("td").nth(0)).to_have_text("stopped", timeout=60_000)
    expect(row.locator("td").nth(1)).to_have_text("")
    assert clusters_api(served, "default")["status"] == "stopped"
    _, alive = psutil.wait_procs(processes, timeout=30)
    assert alive == []

    page.reload()  # the tab is kept in the URL
    expect(page.get_by_role("tab", name="Clusters")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("table", name="Clusters")).to_be_visible()
