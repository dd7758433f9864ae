"""Writing: validated first, atomic on disk, exact layout."""

from __future__ import annotations

import os

import pytest

import jovi.nbformat as jnb
import nbformat
from jovi.errors import NotebookValidationError

NB = jnb.Notebook(
    cells=(
        jnb.MarkdownCell(id="m", source="# Précieux\n"),
        jnb.CodeCell(
            id="c", source="print('ok')", outputs=(jnb.Stream(text="ok\n"),), execution_count=1
        ),
    )
)


def test_write_makes_the_file_nbformat_would_make(tmp_path):
    path = tmp_path / "précieux notebook.ipynb"
    jnb.write(NB, path)
    theirs = tmp_path / "theirs.ipynb"
    nbformat.write(nbformat.from_dict(jnb.to_json(NB)), theirs)
    assert path.read_bytes() == theirs.read_bytes()
    assert path.read_bytes().endswith(b"}\n")
    assert "Précieux".encode() in path.read_bytes()  # not escaped in nbformat 4 files


def test_an_invalid_notebook_is_not_written_and_the_old_file_stays(tmp_path):
    path = tmp_path / "nb.ipynb"
    jnb.write(NB, path)
    before = path.read_bytes()
    twins = NB.append_cell(jnb.MarkdownCell(id="m"))
    with pytest.raises(
        NotebookValidationError,
        match=r"nb.ipynb: cell 2 \(id 'm'\): id 'm' is also the id of cell 0",
    ):
        jnb.write(twins, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb"]


def test_a_write_that_fails_half_way_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "nb.ipynb"
    jnb.write(NB, path)
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        jnb.write(NB.cleared(), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb"]
    jnb.write(NB.cleared(), path)
    assert jnb.read(path) == NB.cleared()


def test_v3_files_escape_non_ascii_as_nbformat_3_did():
    text = jnb.writes(NB, version=3)
    assert "Pr\\u00e9cieux" in text
    assert '"nbformat": 3' in text


def test_only_versions_3_and_4_are_written():
    with pytest.raises(ValueError, match="jovi writes nbformat 4"):
        jnb.writes(NB, version=5)


def test_transient_values_in_the_model_are_not_written():
    nb = jnb.Notebook(
        cells=(jnb.CodeCell(id="c", metadata={"trusted": True, "keep": 1}),),  # type: ignore[arg-type]
        metadata={"signature": "sha256:x", "orig_nbformat": 3, "keep": 2},  # type: ignore[arg-type]
    )
    back = jnb.reads(jnb.writes(nb))
    assert back.metadata == {"keep": 2}
    assert back.cells[0].metadata == {"keep": 1}
