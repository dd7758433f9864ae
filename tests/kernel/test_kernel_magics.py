"""The kernel's own magics that ipykernel also has: ``%clear``, ``%less``/``%more``
(a file in the frontend's pager) and ``%man`` (a manual page in the pager)."""

from __future__ import annotations

import pytest

from tests.kernel.helpers import memory_kernel, types

pytestmark = pytest.mark.integration  # %man runs man


async def test_clear_prints_the_codes_that_clear_a_console(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        reply, outputs = await client.execute("%clear")
    assert reply.content.status == "ok"
    assert types(outputs) == ["execute_input", "stream"]
    assert outputs[1].content.text == "\x1b[H\x1b[2J"


async def test_less_and_more_page_a_file(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("first line\nsecond line\n", encoding="utf-8")
    async with memory_kernel(tmp_path) as (_, client):
        less, _ = await client.execute(f"%less {notes}")
        more, _ = await client.execute(f"%more {notes}")
        missing, _ = await client.execute(f"%less {tmp_path / 'absent.txt'}")
        bare, _ = await client.execute("%less")
    for reply in (less, more):
        [page] = reply.content.payload
        assert page["source"] == "page"
        assert page["data"]["text/plain"] == "first line\nsecond line\n"
    assert missing.content.status == "error"
    assert "cannot read" in missing.content.evalue
    assert bare.content.status == "error"
    assert "file name" in bare.content.evalue


async def test_man_pages_a_manual_page_without_overstrikes(tmp_path, monkeypatch):
    pages = tmp_path / "man" / "man1"
    pages.mkdir(parents=True)
    (pages / "jovi-example.1").write_text(
        ".TH JOVI-EXAMPLE 1\n.SH NAME\njovi-example \\- a page for the tests\n"
        ".SH DESCRIPTION\n.B Bold words\nand plain ones.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MANPATH", str(tmp_path / "man"))
    async with memory_kernel(tmp_path) as (_, client):
        found, _ = await client.execute("%man 1 jovi-example")
        unknown, _ = await client.execute("%man jovi-no-such-page")
    [page] = found.content.payload
    text = page["data"]["text/plain"]
    assert "a page for the tests" in text
    assert "Bold words" in text  # man draws bold by overstriking; the pager gets the words
    assert "\b" not in text
    assert unknown.content.status == "error"


async def test_edit_asks_the_frontend_to_open_the_file_and_runs_nothing(tmp_path):
    script = tmp_path / "script.py"
    script.write_text("ran = True\n", encoding="utf-8")
    async with memory_kernel(tmp_path) as (_, client):
        opened, _ = await client.execute(f"%edit -n 3 {script}")
        fresh, _ = await client.execute("%edit")
        ran, _ = await client.execute("ran")
    assert opened.content.payload == (
        {"source": "edit_magic", "filename": str(script), "line_number": 3},
    )
    [temporary] = fresh.content.payload
    assert temporary["source"] == "edit_magic"
    assert temporary["filename"].endswith(".py")
    assert (ran.content.status, ran.content.ename) == ("error", "NameError")  # not run
