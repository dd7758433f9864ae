"""The file browser (/tree) and the text editor (/edit) in a real browser against a
real ``jovi notebook``: every action on files, running kernels, the base URL and
the gate."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.webui.conftest import jovi_notebook

pytestmark = pytest.mark.integration


def row(page, name: str):
    return page.locator(f".jovi-files tbody tr:has(a.jovi-entry:text-is('{name}'))")


def entry_text(kind: str, name: str) -> str:
    return f"{ {'directory': '📁', 'notebook': '📓', 'file': '📄'}[kind] } {name}"


def open_tree(page, served, path: str = "") -> None:
    page.goto(served.page_url(f"tree/{path}" if path else "tree"))
    expect(page.locator("body")).to_have_attribute("data-ready", "1")


def select(page, name: str) -> None:
    page.get_by_role("checkbox", name=f"Select {name}").check()


def test_lists_folders_first_with_breadcrumbs(page, served):
    (served.root / "sub" / "deeper").mkdir(parents=True)
    (served.root / "b.txt").write_text("b")
    (served.root / "a.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    (served.root / ".hidden").write_text("h")
    open_tree(page, served)
    names = page.locator(".jovi-files a.jovi-entry").all_inner_texts()
    assert names == [
        entry_text("directory", "sub"),
        entry_text("notebook", "a.ipynb"),
        entry_text("file", "b.txt"),
    ]
    page.get_by_role("link", name=entry_text("directory", "sub")).click()
    expect(page).to_have_url(re.compile(r"/tree/sub$"))
    expect(page.locator(".jovi-files a.jovi-entry")).to_have_text(
        [entry_text("directory", "deeper")]
    )
    page.get_by_role("link", name="Root folder").click()
    expect(page.locator(".jovi-files a.jovi-entry")).to_have_count(3)


def test_new_file_and_folder(page, served):
    open_tree(page, served)
    page.get_by_role("combobox", name="New").select_option("directory")
    expect(row(page, entry_text("directory", "Untitled Folder"))).to_have_count(1)
    assert (served.root / "Untitled Folder").is_dir()
    with page.context.expect_page() as opened:
        page.get_by_role("combobox", name="New").select_option("file")
    editor = opened.value
    expect(editor.locator(".cm-content")).to_be_visible()
    assert (served.root / "untitled.txt").is_file()


def test_rename_duplicate_delete(page, served):
    (served.root / "notes.txt").write_text("hello")
    open_tree(page, served)
    select(page, "notes.txt")
    page.get_by_role("button", name="Rename").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox").fill("renamed.txt")
    dialog.get_by_role("textbox").press("Enter")
    expect(row(page, entry_text("file", "renamed.txt"))).to_have_count(1)
    assert (served.root / "renamed.txt").read_text() == "hello"
    assert not (served.root / "notes.txt").exists()

    select(page, "renamed.txt")
    page.get_by_role("button", name="Duplicate").click()
    expect(row(page, entry_text("file", "renamed-Copy1.txt"))).to_have_count(1)
    assert (served.root / "renamed-Copy1.txt").read_text() == "hello"

    select(page, "renamed.txt")
    select(page, "renamed-Copy1.txt")
    page.get_by_role("button", name="Delete").click()
    # The server moves deleted files to the trash (as Jupyter Server does): the
    # question says so, not "for good".
    expect(page.get_by_role("dialog")).to_contain_text(
        "Move renamed-Copy1.txt, renamed.txt to the trash?"
    )
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.locator(".jovi-files tbody tr")).to_have_count(0)
    assert list(served.root.iterdir()) == []


def test_upload_with_the_button_and_by_dropping(page, served, tmp_path):
    source = tmp_path / "data.csv"
    source.write_bytes(b"a,b\n1,2\n")
    open_tree(page, served)
    page.locator("input[type=file]").set_input_files(str(source))
    expect(row(page, entry_text("file", "data.csv"))).to_have_count(1)
    assert (served.root / "data.csv").read_bytes() == b"a,b\n1,2\n"

    notebook = json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    transfer = page.evaluate_handle(
        """(text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], "dropped.ipynb", {type: "application/json"}));
            transfer.items.add(new File([new Uint8Array([0, 255, 1])], "blob.bin"));
            return transfer;
        }""",
        notebook,
    )
    page.dispatch_event(".jovi-drop-zone", "drop", {"dataTransfer": transfer})
    expect(row(page, entry_text("notebook", "dropped.ipynb"))).to_have_count(1)
    expect(row(page, entry_text("file", "blob.bin"))).to_have_count(1)
    assert json.loads((served.root / "dropped.ipynb").read_text())["nbformat"] == 4
    assert (served.root / "blob.bin").read_bytes() == b"\x00\xff\x01"


def test_download(page, served):
    (served.root / "report.txt").write_text("the report")
    open_tree(page, served)
    select(page, "report.txt")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "report.txt"
    assert Path(download.value.path()).read_text("utf-8") == "the report"


def test_running_kernels_are_listed_and_shut_down(page, served):
    (served.root / "run.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    request = urllib.request.Request(
        f"{served.url}api/sessions",
        data=json.dumps(
            {
                "path": "run.ipynb",
                "type": "notebook",
                "name": "run.ipynb",
                "kernel": {"name": "jovi"},
            }
        ).encode(),
        headers={"Authorization": f"token {served.token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 201
    open_tree(page, served)
    expect(row(page, entry_text("notebook", "run.ipynb")).locator("td").nth(2)).to_have_text(
        "Running"
    )
    page.get_by_role("tab", name="Running").click()
    running = page.locator(".jovi-running li")
    expect(running).to_contain_text("run.ipynb")
    running.get_by_role("button", name="Shut down the kernel of run.ipynb").click()
    expect(running).to_have_text("No kernels are running.")
    expect(row(page, entry_text("notebook", "run.ipynb")).locator("td").nth(2)).to_have_text("")


def test_the_editor_saves_with_ctrl_s(page, served):
    (served.root / "script.py").write_text("x = 1\n")
    page.goto(served.page_url("edit/script.py"))
    content = page.locator(".cm-content")
    expect(content).to_have_text("x = 1")
    expect(content).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type("y = 2")
    expect(page.locator(".jovi-save-state")).to_have_text("Unsaved changes")
    page.keyboard.press("Control+s")
    expect(page.locator(".jovi-save-state")).to_contain_text("Saved")
    assert (served.root / "script.py").read_text() == "x = 1\ny = 2"


def test_a_file_under_tree_opens_in_its_page_and_missing_paths_are_404(page, served):
    (served.root / "a.txt").write_text("a")
    page.goto(served.page_url("tree/a.txt"))
    expect(page).to_have_url(re.compile(r"/edit/a\.txt$"))
    answer = page.goto(served.page_url("notebooks/missing.ipynb"))
    assert answer is not None
    assert answer.status == 404
    answer = page.goto(served.page_url("tree/../etc"))
    assert answer is not None
    assert answer.status == 404


def test_pages_need_the_token_or_the_login_cookie(page, served):
    page.goto(f"{served.url}tree")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.goto(served.page_url("tree"))  # the token once gives the cookie
    page.goto(f"{served.url}tree")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")


def test_a_base_url_prefixes_every_page_and_request(page, jovi_command, tmp_path):
    root = tmp_path / "prefixed"
    root.mkdir()
    (root / "n.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with jovi_notebook(jovi_command, root, "--base-url=/lab/one/") as served:
        assert served.url.endswith("/lab/one/")
        page.goto(served.page_url(""))
        expect(page).to_have_url(re.compile(r"/lab/one/tree$"))
        link = page.get_by_role("link", name=entry_text("notebook", "n.ipynb"))
        expect(link).to_have_attribute("href", "/lab/one/notebooks/n.ipynb")
        page.goto(served.page_url("notebooks/n.ipynb"))
        expect(page.locator(".jovi-kernel-status")).to_have_text(
            re.compile(r"\| Idle$"), timeout=60_000
        )
        page.keyboard.type("print('prefixed')")
        page.keyboard.press("Shift+Enter")
        expect(page.locator(".jovi-output").first).to_have_text("prefixed")
    origin = served.url.split("/lab/one/")[0]
    assert all(url.startswith(f"{origin}/lab/one/") for url in requests if url.startswith(origin))
