"""The contents manager on a real directory: models as Jupyter Server's, saves that
never lose work, nothing outside the root."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import time
import urllib.parse
from pathlib import Path

import pytest

from jovi.errors import ServerError
from jovi.lib.notary import Notary
from jovi.server.contents import ContentsManager
from jovi.server.contents.names import copy_name, untitled_name
from jovi.server.routes.pages import page_document

MODEL_KEYS = {
    "name",
    "path",
    "type",
    "created",
    "last_modified",
    "content",
    "format",
    "mimetype",
    "size",
    "writable",
    "hash",
    "hash_algorithm",
}


def _notebook(*sources: str, outputs: list | None = None) -> dict:
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell-{index}",
                "metadata": {},
                "outputs": outputs or [],
                "source": source,
            }
            for index, source in enumerate(sources)
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


@pytest.fixture
def root(tmp_path):
    directory = tmp_path / "root"
    directory.mkdir()
    return directory


@pytest.fixture
def contents(root, tmp_path):
    return ContentsManager(root, notary=Notary(tmp_path / "notary", db_file=":memory:"))


def _status(error: pytest.ExceptionInfo[ServerError]) -> int:
    return error.value.status


# ---------------------------------------------------------------------- reading


def test_a_directory_lists_its_files_without_content_sorted_and_hides_what_jupyter_hides(
    contents, root
):
    (root / "b.txt").write_text("b")
    (root / "a.ipynb").write_text(json.dumps(_notebook("1")))
    (root / "sub").mkdir()
    (root / ".hidden").write_text("secret")
    (root / "__pycache__").mkdir()
    (root / "x.pyc").write_bytes(b"\0")
    os.mkfifo(root / "pipe")
    model = contents.get("")
    assert set(model) == MODEL_KEYS
    assert (model["type"], model["format"], model["path"], model["name"]) == (
        "directory",
        "json",
        "",
        "",
    )
    listed = [(m["name"], m["type"]) for m in model["content"]]
    assert listed == [("a.ipynb", "notebook"), ("b.txt", "file"), ("sub", "directory")]
    assert all(m["content"] is None and m["format"] is None for m in model["content"])


def test_a_text_file_comes_as_text_and_a_binary_one_as_base64(contents, root):
    (root / "t.txt").write_text("héllo\r\n")
    (root / "b.bin").write_bytes(b"\xff\x00")
    text = contents.get("t.txt")
    assert (text["content"], text["format"], text["mimetype"]) == (
        "héllo\r\n",
        "text",
        "text/plain",
    )
    assert text["size"] == len("héllo\r\n".encode())
    binary = contents.get("b.bin")
    assert (binary["format"], binary["mimetype"]) == ("base64", "application/octet-stream")
    assert base64.b64decode(binary["content"]) == b"\xff\x00"
    with pytest.raises(ServerError) as error:
        contents.get("b.bin", format="text")
    assert (_status(error), error.value.reason) == (400, "bad format")
    assert (
        contents.get("t.txt", format="base64")["content"]
        == base64.b64encode("héllo\r\n".encode()).decode()
    )


def test_content_0_and_hash_1(contents, root):
    (root / "t.txt").write_text("data")
    model = contents.get("t.txt", content=False, require_hash=True)
    assert model["content"] is None
    assert model["hash"] == hashlib.sha256(b"data").hexdigest()
    assert model["hash_algorithm"] == "sha256"


def test_a_wrong_type_is_400_bad_type_and_a_missing_file_404(contents, root):
    (root / "sub").mkdir()
    (root / "t.txt").write_text("x")
    for path, kind in (("sub", "file"), ("t.txt", "directory")):
        with pytest.raises(ServerError) as error:
            contents.get(path, type=kind)
        assert (_status(error), error.value.reason) == (400, "bad type")
    with pytest.raises(ServerError) as error:
        contents.get("nope.txt")
    assert _status(error) == 404


def test_a_notebook_comes_as_json_with_its_cells_marked_by_trust(contents, root):
    rich = [{"output_type": "display_data", "data": {"text/html": "<b>x</b>"}, "metadata": {}}]
    (root / "n.ipynb").write_text(json.dumps(_notebook("1 + 1", outputs=rich)))
    model = contents.get("n.ipynb")
    assert (model["type"], model["format"], model["mimetype"]) == ("notebook", "json", None)
    cell = model["content"]["cells"][0]
    assert cell["source"] == "1 + 1"
    assert cell["metadata"]["trusted"] is False
    contents.trust("n.ipynb")
    assert contents.get("n.ipynb")["content"]["cells"][0]["metadata"]["trusted"] is True


def test_a_broken_notebook_is_repaired_in_the_answer_and_left_as_it_is_on_disk(contents, root):
    broken = _notebook("print(1)")
    broken["cells"][0]["outputs"] = [{"output_type": "pyout"}]
    (root / "b.ipynb").write_text(json.dumps(broken))
    before = (root / "b.ipynb").read_bytes()
    model = contents.get("b.ipynb")
    assert model["content"]["cells"][0]["outputs"] == []
    assert "pyout" in model["message"]
    assert (root / "b.ipynb").read_bytes() == before
    (root / "garbage.ipynb").write_text("not json")
    with pytest.raises(ServerError) as error:
        contents.get("garbage.ipynb")
    assert _status(error) == 400


# ---------------------------------------------------------------------- the root


TRAVERSALS = [
    "..",
    "../outside.txt",
    "sub/../../outside.txt",
    "/../outside.txt",
    "..\\outside.txt",
    "sub/..\\..\\outside.txt",
    "./../outside.txt",
    "a\x00b",
    ".hidden",
    "sub/.hidden",
    ".ipynb_checkpoints/t-checkpoint.txt",
    "link-out/outside.txt",
    "link-file-out",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_root_nor_hidden_is_read_or_written(contents, root, tmp_path, path):
    (tmp_path / "outside.txt").write_text("outside")
    (root / "sub").mkdir()
    (root / ".hidden").write_text("hidden")
    (root / "sub" / ".hidden").write_text("hidden")
    (root / "link-out").symlink_to(tmp_path)
    (root / "link-file-out").symlink_to(tmp_path / "outside.txt")
    with pytest.raises(ServerError) as error:
        contents.get(path)
    assert _status(error) == 404
    with pytest.raises(ServerError):
        contents.save({"type": "file", "format": "text", "content": "x"}, path)
    assert (tmp_path / "outside.txt").read_text() == "outside"
    listed = {m["name"] for m in contents.get("")["content"]}
    assert listed == {"sub"}  # links out of the root are not listed either


def test_a_link_inside_the_root_is_followed(contents, root):
    (root / "real.txt").write_text("real")
    (root / "alias.txt").symlink_to(root / "real.txt")
    assert contents.get("alias.txt")["content"] == "real"


# ---------------------------------------------------------------------- saving


def test_saving_a_file_keeps_its_mode_and_writes_through_a_link(contents, root):
    (root / "real.sh").write_text("old")
    (root / "real.sh").chmod(0o750)
    (root / "alias.sh").symlink_to("real.sh")
    saved = contents.save({"type": "file", "format": "text", "content": "new"}, "alias.sh")
    assert saved["content"] is None
    assert (root / "alias.sh").is_symlink()
    assert (root / "real.sh").read_text() == "new"
    assert (root / "real.sh").stat().st_mode & 0o777 == 0o750


def test_a_notebook_save_writes_the_notebook_layout_and_makes_a_checkpoint(contents, root):
    contents.save({"type": "notebook", "content": _notebook("a = 1\nb = 2")}, "n.ipynb")
    text = (root / "n.ipynb").read_text()
    assert text.endswith("}\n")
    assert '"a = 1\\n",' in text  # sources split into lines, as nbformat writes them
    assert [c["id"] for c in contents.list_checkpoints("n.ipynb")] == ["checkpoint"]
    assert (root / ".ipynb_checkpoints" / "n-checkpoint.ipynb").is_file()


def test_an_invalid_notebook_is_saved_anyway_and_the_model_says_why(contents, root):
    invalid = _notebook("x")
    invalid["cells"][0]["outputs"] = [{"output_type": "nonsense"}]
    saved = contents.save({"type": "notebook", "content": invalid}, "bad.ipynb")
    assert saved["message"].startswith("Notebook validation failed")
    on_disk = json.loads((root / "bad.ipynb").read_text())
    assert on_disk["cells"][0]["outputs"] == [{"output_type": "nonsense"}]


def test_a_notebook_saved_with_trusted_cells_is_trusted_when_read_again(contents):
    rich = [{"output_type": "display_data", "data": {"text/html": "<i>x</i>"}, "metadata": {}}]
    notebook = _notebook("x", outputs=rich)
    contents.save({"type": "notebook", "content": notebook}, "untrusted.ipynb")
    assert contents.get("untrusted.ipynb")["content"]["cells"][0]["metadata"]["trusted"] is False
    notebook["cells"][0]["metadata"]["trusted"] = True
    contents.save({"type": "notebook", "content": notebook}, "trusted.ipynb")
    assert contents.get("trusted.ipynb")["content"]["cells"][0]["metadata"]["trusted"] is True
    assert (
        "trusted"
        not in json.loads(contents.root.resolve("trusted.ipynb").read_text())["cells"][0][
            "metadata"
        ]
    )


def test_a_save_based_on_an_older_read_is_refused_with_409_naming_the_change(contents, root):
    (root / "t.txt").write_text("v1")
    read = contents.get("t.txt", require_hash=True)
    time.sleep(0.01)
    (root / "t.txt").write_text("changed by another program")
    for basis in ({"last_modified": read["last_modified"]}, {"hash": read["hash"]}):
        with pytest.raises(ServerError) as error:
            contents.save({"type": "file", "format": "text", "content": "v2", **basis}, "t.txt")
        assert _status(error) == 409
        assert "changed on disk" in str(error.value)
    assert (root / "t.txt").read_text() == "changed by another program"
    current = contents.get("t.txt", require_hash=True)
    model = {"type": "file", "format": "text", "content": "v2", "hash": current["hash"]}
    contents.save(model, "t.txt")
    assert (root / "t.txt").read_text() == "v2"
    contents.save({"type": "file", "format": "text", "content": "v3"}, "t.txt")  # overwrite
    assert (root / "t.txt").read_text() == "v3"


def test_a_millisecond_last_modified_from_a_browser_is_not_a_conflict(contents, root):
    (root / "t.txt").write_text("v1")
    read = contents.get("t.txt")["last_modified"]
    browser_form = read[:23] + "Z" if "." in read else read
    contents.save(
        {"type": "file", "format": "text", "content": "v2", "last_modified": browser_form},
        "t.txt",
    )
    assert (root / "t.txt").read_text() == "v2"


def test_a_chunked_upload_replaces_the_file_only_with_its_last_chunk(contents, root):
    (root / "up.bin").write_bytes(b"old")
    parts = [b"a" * 10, b"b" * 10, b"c" * 3]
    for number, part in zip((1, 2, -1), parts, strict=True):
        if number == -1:
            assert (root / "up.bin").read_bytes() == b"old"
        contents.save(
            {
                "type": "file",
                "format": "base64",
                "content": base64.b64encode(part).decode(),
                "chunk": number,
            },
            "up.bin",
        )
    assert (root / "up.bin").read_bytes() == b"".join(parts)
    assert not (root / ".up.bin.upload").exists()


@pytest.mark.parametrize(
    "model",
    [
        {"type": "file"},
        {"type": "file", "format": "base64", "content": "not base64!"},
        {"type": "file", "format": "hex", "content": "00"},
        {"type": "thing", "content": ""},
        {"type": "notebook", "content": "a string"},
        {"type": "file", "format": "text", "content": "x", "chunk": 0},
    ],
)
def test_a_bad_model_is_a_400_and_writes_nothing(contents, root, model):
    with pytest.raises(ServerError) as error:
        contents.save(model, "f.txt")
    assert _status(error) == 400
    assert list(root.iterdir()) == []


# ---------------------------------------------------------------------- creating


def test_untitled_names_are_numbered_as_jupyter_numbers_them(contents, root):
    names = [contents.new_untitled("", type="notebook")["name"] for _ in range(3)]
    assert names == ["Untitled.ipynb", "Untitled1.ipynb", "Untitled2.ipynb"]
    assert contents.new_untitled("", type="file", ext=".txt")["name"] == "untitled.txt"
    assert contents.new_untitled("", type="file", ext=".txt")["name"] == "untitled1.txt"
    folders = [contents.new_untitled("", type="directory")["name"] for _ in range(2)]
    assert folders == ["Untitled Folder", "Untitled Folder 1"]
    notebook = json.loads((root / "Untitled.ipynb").read_text())
    assert (notebook["nbformat"], notebook["cells"]) == (4, [])
    with pytest.raises(ServerError) as error:
        contents.new_untitled("missing", type="notebook")
    assert _status(error) == 404


def test_copy_names_as_jupyter_and_a_copy_of_a_copy_counts_from_the_original():
    taken = {"a.ipynb", "a-Copy1.ipynb", "d.tar.gz"}
    assert copy_name("a.ipynb", taken.__contains__) == "a-Copy2.ipynb"
    assert copy_name("a-Copy1.ipynb", taken.__contains__) == "a-Copy2.ipynb"
    assert copy_name("d.tar.gz", taken.__contains__) == "d-Copy1.tar.gz"
    assert copy_name("free.txt", taken.__contains__) == "free.txt"
    assert untitled_name("file", "", taken.__contains__) == "untitled"


def test_copy_into_the_same_directory_and_to_a_new_path(contents, root):
    (root / "a.txt").write_text("A")
    (root / "sub").mkdir()
    assert contents.copy("a.txt")["path"] == "a-Copy1.txt"
    assert contents.copy("a.txt", "sub")["path"] == "sub/a.txt"
    assert contents.copy("a.txt", "sub/b.txt")["path"] == "sub/b.txt"
    assert (root / "sub" / "b.txt").read_text() == "A"
    with pytest.raises(ServerError) as error:
        contents.copy("sub")
    assert _status(error) == 400


# ---------------------------------------------------------------------- moving


def test_rename_never_overwrites_and_moves_the_checkpoint(contents, root):
    contents.save({"type": "notebook", "content": _notebook("1")}, "a.ipynb")
    (root / "b.ipynb").write_text("precious")
    with pytest.raises(ServerError) as error:
        contents.rename("a.ipynb", "b.ipynb")
    assert _status(error) == 409
    assert (root / "b.ipynb").read_text() == "precious"
    renamed = contents.rename("a.ipynb", "c.ipynb")
    assert renamed["path"] == "c.ipynb"
    assert [c["id"] for c in contents.list_checkpoints("c.ipynb")] == ["checkpoint"]
    assert not (root / ".ipynb_checkpoints" / "a-checkpoint.ipynb").exists()


def test_delete_a_file_and_an_empty_directory_but_not_a_full_one(contents, root):
    (root / "full").mkdir()
    (root / "full" / "f.txt").write_text("x")
    (root / "empty").mkdir()
    (root / "empty" / ".ipynb_checkpoints").mkdir()
    contents.delete("empty")
    assert not (root / "empty").exists()
    with pytest.raises(ServerError) as error:
        contents.delete("full")
    assert _status(error) == 400
    contents.delete("full/f.txt")
    assert not (root / "full" / "f.txt").exists()
    with pytest.raises(ServerError) as error:
        contents.delete("")
    assert _status(error) == 400


# ---------------------------------------------------------------------- checkpoints


def test_checkpoints_create_restore_delete(contents, root):
    (root / "t.txt").write_text("first")
    created = contents.create_checkpoint("t.txt")
    assert created["id"] == "checkpoint"
    assert contents.list_checkpoints("t.txt") == [created]
    (root / "t.txt").write_text("second")
    contents.restore_checkpoint("t.txt", "checkpoint")
    assert (root / "t.txt").read_text() == "first"
    contents.delete_checkpoint("t.txt", "checkpoint")
    assert contents.list_checkpoints("t.txt") == []
    with pytest.raises(ServerError) as error:
        contents.restore_checkpoint("t.txt", "checkpoint")
    assert _status(error) == 404


# ---------------------------------------------------------------------- the trash


def _trash():
    return Path(os.environ["HOME"]) / ".local" / "share" / "Trash"


def test_deleting_moves_to_the_users_trash_where_the_desktop_restores_from(contents, root):
    # As Jupyter Server does by default: a file deleted in the browser can be got back.
    (root / "report.ipynb").write_text(json.dumps(_notebook("1")))
    contents.delete("report.ipynb")
    assert not (root / "report.ipynb").exists()
    trash = _trash()
    assert json.loads((trash / "files" / "report.ipynb").read_text())["cells"]
    info = (trash / "info" / "report.ipynb.trashinfo").read_text().splitlines()
    assert info[0] == "[Trash Info]"
    assert info[1] == "Path=" + urllib.parse.quote(str((root / "report.ipynb").absolute()))
    assert info[2].startswith("DeletionDate=")
    # A second file of the same name gets a number, as file managers do.
    (root / "report.ipynb").write_text("{}")
    contents.delete("report.ipynb")
    assert (trash / "files" / "report.2.ipynb").read_text() == "{}"
    assert (trash / "info" / "report.2.ipynb.trashinfo").is_file()
    (root / "empty").mkdir()
    contents.delete("empty")
    assert (trash / "files" / "empty").is_dir()


def test_deleting_for_good_when_the_trash_is_turned_off(root):
    contents = ContentsManager(root, delete_to_trash=False)
    (root / "gone.txt").write_text("x")
    contents.delete("gone.txt")
    assert not (root / "gone.txt").exists()
    assert not _trash().exists()


def test_a_file_that_cannot_go_to_the_trash_is_deleted_with_a_warning(contents, root, caplog):
    _trash().parent.mkdir(parents=True)
    _trash().write_text("not a directory")  # the trash cannot be made
    (root / "f.txt").write_text("x")
    with caplog.at_level("WARNING", logger="jovi.server"):
        contents.delete("f.txt")
    assert not (root / "f.txt").exists()
    assert "f.txt could not go to the trash" in caplog.text


def test_the_file_browser_is_told_whether_deleting_goes_to_the_trash():
    def told(**options):
        document = page_document("tree", "", "/", "t", "0", **options)
        found = re.search(
            r'<script id="jovi-page" type="application/json">(.*?)</script>', document
        )
        assert found is not None
        return json.loads(found.group(1))["deleteToTrash"]

    assert told() is True
    assert told(delete_to_trash=False) is False
