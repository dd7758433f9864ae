"""Reading and writing a notebook unchanged gives the bytes nbformat writes, for every corpus file.

The reference is the installed nbformat (a test peer): ``nbformat.writes(nbformat.reads(...))``
and ``nbformat.write`` to a file.  Cell ids that both sides draw at random (upgrades
from nbformat 3 and 4.0-4.4) are copied from jovi's notebook to nbformat's before
writing; nothing else is adjusted.
"""

from __future__ import annotations

import nbformat.v4
import pytest

import jovi.nbformat as jnb
import nbformat
from tests.nbformat.corpus import CORPUS

TEXTS = dict(CORPUS)
OLD_MINOR = [name for name, text in CORPUS if name.startswith("v4.")]


def reference(text: str, *, upgrade: bool) -> nbformat.NotebookNode:
    """What nbformat makes of ``text``; it must find the notebook valid."""
    captured: dict[str, object] = {}
    nb = nbformat.reads(text, as_version=4, capture_validation_error=captured)
    assert captured == {}, captured
    if upgrade and nb.nbformat_minor < 5:
        nb = nbformat.v4.upgrade(nb)
    return nb


def copy_ids(ref: nbformat.NotebookNode, mine: jnb.Notebook) -> None:
    assert len(ref.cells) == len(mine.cells)
    for ref_cell, cell in zip(ref.cells, mine.cells, strict=True):
        if cell.id is not None:
            ref_cell["id"] = cell.id


def test_the_corpus_is_large_and_covers_every_version():
    assert len(CORPUS) >= 30
    assert len(TEXTS) == len(CORPUS), "names are unique"
    versions = {
        nbformat.reader.get_version(nbformat.reader.parse_json(text)) for text in TEXTS.values()
    }
    assert {(3, 0), (4, 0), (4, 1), (4, 2), (4, 3), (4, 4), (4, 5), (4, 6)} <= versions


@pytest.mark.parametrize("name", list(TEXTS))
def test_written_unchanged_it_is_byte_identical_to_nbformat(name, tmp_path):
    text = TEXTS[name]
    mine = jnb.reads(text, upgrade=False)
    ref = reference(text, upgrade=False)
    copy_ids(ref, mine)
    expected = nbformat.writes(ref) + "\n"
    assert jnb.writes(mine) == expected

    # On disk, through both libraries' file writers, with spaces and non-ASCII in the name.
    ours, theirs = tmp_path / f"{name} ünï çödé.ipynb", tmp_path / "nbformat.ipynb"
    jnb.write(mine, ours)
    nbformat.write(ref, theirs)
    assert ours.read_bytes() == theirs.read_bytes()

    # What jovi wrote, nbformat reads as valid; and jovi reads it back to the same notebook.
    nbformat.validate(nbformat.reads(ours.read_text(encoding="utf-8"), as_version=4))
    assert jnb.read(ours, upgrade=False) == mine


@pytest.mark.parametrize("name", OLD_MINOR)
def test_old_minor_versions_upgrade_to_4_5_as_nbformat_does(name):
    text = TEXTS[name]
    mine = jnb.reads(text)
    assert mine.nbformat_minor == 5
    assert all(jnb.is_valid_cell_id(cell.id) for cell in mine.cells)
    assert len(set(mine.cell_ids())) == len(mine.cells)
    ref = reference(text, upgrade=True)
    copy_ids(ref, mine)
    assert jnb.writes(mine) == nbformat.writes(ref) + "\n"


@pytest.mark.parametrize("name", OLD_MINOR)
def test_without_upgrading_an_old_minor_version_stays_as_it_was(name):
    mine = jnb.reads(TEXTS[name], upgrade=False)
    assert mine.nbformat_minor < 5
    assert [cell.id for cell in mine.cells] == [None] * len(mine.cells)


def test_writing_is_stable():
    for _name, text in CORPUS:
        once = jnb.writes(jnb.reads(text))
        assert jnb.writes(jnb.reads(once)) == once


def test_a_file_already_in_nbformat_layout_is_written_back_byte_for_byte():
    for name, text in CORPUS:
        if name.startswith("v3"):
            continue
        canonical = nbformat.writes(reference(text, upgrade=False)) + "\n"
        assert jnb.writes(jnb.reads(canonical, upgrade=False)) == canonical, name
