"""Notebooks as people have them: what Jupyter reads is read (repaired, one warning),
and what cannot be read is one sentence, never a traceback or a hang.

Each case runs through jovi's API, nbformat's call shapes, and ``jovi nbconvert`` in a
real process with a time limit (a hang fails the test instead of blocking it).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

import jovi.nbformat as jnb
from jovi.errors import NotebookError, NotebookReadError, NotebookValidationError

CELL = {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": "x"}


def notebook(cells, minor=5, metadata=None):
    return {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": minor}


def nbconvert(*args, cwd):
    """``jovi nbconvert`` in its own process: (exit status, stderr lines)."""
    done = subprocess.run(
        [sys.executable, "-m", "jovi", "nbconvert", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stderr.strip().splitlines()


def deep_json(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


# ------------------------------------------------------------------ nested too deeply
@pytest.mark.integration
@pytest.mark.parametrize("where", ["top", "metadata", "output"])
@pytest.mark.parametrize("depth", [450, 5000])
def test_json_nested_thousands_deep_is_one_sentence(tmp_path, where, depth):
    deep = deep_json(depth)
    if where == "top":
        text = deep
    elif where == "metadata":
        text = json.dumps(notebook([])).replace('"metadata": {}', f'"metadata": {{"x": {deep}}}')
    else:
        cell = dict(
            CELL, id="a", outputs=[{"output_type": "display_data", "metadata": {}, "data": {}}]
        )
        text = json.dumps(notebook([cell])).replace(
            '"data": {}', f'"data": {{"application/json": {deep}}}'
        )
    path = tmp_path / "deep.ipynb"
    path.write_text(text, encoding="utf-8")
    for read in (jnb.read, lambda p: jnb.read(p, as_version=4), jnb.read_lenient):
        try:
            read(path)
        except NotebookError as error:
            message = str(error)
        else:
            continue
        assert "\n" not in message
        assert message.startswith(f"{path}: ")
    status, err = nbconvert("--to", "html", "deep.ipynb", cwd=tmp_path)
    if status:
        assert len(err) == 1
        assert err[0].startswith("jovi nbconvert: deep.ipynb: ")


def test_the_deep_notebook_error_says_what_is_wrong():
    with pytest.raises(
        NotebookReadError, match=r"^x.ipynb: is nested too deeply to read: its JSON"
    ):
        jnb.reads(deep_json(5000), filename="x.ipynb")
    nested = json.loads(json.dumps(notebook([])))
    inner = nested["metadata"]
    for _ in range(2000):
        inner["x"] = {}
        inner = inner["x"]
    with pytest.raises(NotebookReadError, match="nested too deeply"):
        jnb.from_json(nested)


# ------------------------------------------------------------------ wrong types
@pytest.mark.integration
def test_an_output_type_that_is_an_object(tmp_path, caplog):
    cell = dict(CELL, id="a", outputs=[{"output_type": {"x": 1}, "text": ["a"]}])
    text = json.dumps(notebook([cell]))
    with pytest.raises(NotebookValidationError, match=r"cell 0 \(id 'a'\): outputs\[0\]"):
        jnb.reads(text)
    report = jnb.reads_lenient(text)
    assert report.notebook.cells[0].outputs == ()
    with caplog.at_level(logging.WARNING):
        node = jnb.reads(text, as_version=4)
    assert node.cells[0].outputs[0].output_type == {"x": 1}
    assert len(caplog.records) == 1
    (tmp_path / "odd.ipynb").write_text(text)
    status, err = nbconvert("--to", "markdown", "odd.ipynb", cwd=tmp_path)
    assert status == 0
    assert err[0].startswith("jovi: warning: odd.ipynb: cell 0 (id 'a'): dropped outputs[0]")


@pytest.mark.integration
@pytest.mark.parametrize(
    "value",
    [
        {"cell_type": ["code"]},
        {"cell_type": "code", "source": {"a": 1}},
        {"cell_type": "code", "outputs": "x"},
    ],
)
def test_cells_of_the_wrong_shape(value, tmp_path):
    cell = {**CELL, "id": "a", **value}
    text = json.dumps(notebook([cell, dict(CELL, id="b")]))
    with pytest.raises(NotebookValidationError):
        jnb.reads(text)
    jnb.reads(text, as_version=4)
    assert len(jnb.reads_lenient(text).notebook.cells) >= 1
    (tmp_path / "odd.ipynb").write_text(text)
    status, _err = nbconvert("--to", "html", "odd.ipynb", cwd=tmp_path)
    assert status == 0


# ------------------------------------------------------------------ lone surrogates
@pytest.mark.integration
def test_a_lone_surrogate_in_a_source_is_written_escaped_and_reads_back(tmp_path):
    text = json.dumps(notebook([dict(CELL, id="a", source="bad \\ud800 char")])).replace(
        "\\\\ud800", "\\ud800"
    )
    nb = jnb.reads(text)
    assert nb.cells[0].source == "bad \ud800 char"
    written = jnb.writes(nb)
    assert "bad \\ud800 char" in written
    written.encode("utf-8")
    path = tmp_path / "s.ipynb"
    jnb.write(nb, path)
    assert jnb.read(path) == nb
    node = jnb.reads(text, as_version=4)
    jnb.write(node, tmp_path / "node.ipynb")
    assert jnb.read(tmp_path / "node.ipynb", as_version=4) == node
    path.write_text(text, encoding="utf-8")
    status, err = nbconvert("--to", "html", "s.ipynb", cwd=tmp_path)
    assert status == 0
    assert "lone surrogate" in err[0]
    assert "\ufffd" in (tmp_path / "s.html").read_text(encoding="utf-8")
    status, _ = nbconvert("--to", "notebook", "s.ipynb", cwd=tmp_path)
    assert status == 0
    assert jnb.read(tmp_path / "s.nbconvert.ipynb").cells[0].source == "bad \ud800 char"


# ------------------------------------------------------------------ not files
@pytest.mark.integration
def test_a_fifo_or_a_directory_is_refused_before_it_is_opened(tmp_path):
    fifo = tmp_path / "pipe.ipynb"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.ipynb"
    folder.mkdir()
    for path, kind in ((fifo, "a named pipe (FIFO)"), (folder, "a directory")):
        message = f"{path}: is {kind}, not a notebook file"
        for read in (jnb.read, jnb.read_lenient, lambda p: jnb.read(p, as_version=4)):
            with pytest.raises(NotebookReadError) as raised:
                read(path)
            assert str(raised.value) == message
        status, err = nbconvert(path.name, cwd=tmp_path)
        assert status == 1
        assert err == [f"jovi nbconvert: {path.name}: is {kind}, not a notebook file"]


# ------------------------------------------------------------------ what Jupyter accepts
@pytest.mark.integration
def test_a_4_4_notebook_whose_cells_have_ids_is_read_as_4_5_with_one_warning(tmp_path, caplog):
    text = json.dumps(notebook([dict(CELL, id="keep-me"), dict(CELL, id="and-me")], minor=4))
    with caplog.at_level(logging.WARNING, logger="jovi.nbformat"):
        nb = jnb.reads(text, filename="ids.ipynb")
    assert nb.nbformat_minor == 5
    assert nb.cell_ids() == ["keep-me", "and-me"]
    warning = (
        "ids.ipynb: says nbformat 4.4, but its cells have ids (which nbformat 4.5 added): "
        "read it as nbformat 4.5"
    )
    assert [r.getMessage() for r in caplog.records] == [warning]
    (tmp_path / "ids.ipynb").write_text(text)
    status, err = nbconvert("--to", "notebook", "ids.ipynb", cwd=tmp_path)
    assert status == 0
    assert err[0] == (
        "jovi: warning: ids.ipynb: says nbformat 4.4, but its cells have ids (which nbformat "
        "4.5 added): read it as nbformat 4.5"
    )
    assert len(err) == 2  # and "Converted ..."
    assert jnb.read(tmp_path / "ids.nbconvert.ipynb").cell_ids() == ["keep-me", "and-me"]


@pytest.mark.integration
def test_old_ipywidgets_state_in_the_metadata_is_converted(tmp_path):
    # The ipywidgets 5 form (no MIME type key), which makes nbconvert 7 raise KeyError.
    metadata = {"widgets": {"state": {"abc": {"views": [{"cell_index": 0}]}}, "version": "1.1.2"}}
    widget = {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "application/vnd.jupyter.widget-view+json": {
                "model_id": "abc",
                "version_major": 2,
                "version_minor": 0,
            },
            "text/plain": "IntSlider(value=3)",
        },
    }
    cell = dict(CELL, id="a", outputs=[widget])
    (tmp_path / "w.ipynb").write_text(json.dumps(notebook([cell], metadata=metadata)))
    for fmt, extension in (
        ("html", "html"),
        ("markdown", "md"),
        ("latex", "tex"),
        ("notebook", "nbconvert.ipynb"),
    ):
        status, err = nbconvert("--to", fmt, "w.ipynb", cwd=tmp_path)
        assert status == 0, err
        assert len(err) == 1
        assert "IntSlider(value=3)" in (tmp_path / f"w.{extension}").read_text(encoding="utf-8")


def test_many_cells_without_ids_are_one_warning_line(caplog):
    cells = [dict(CELL) for _ in range(40)]
    with caplog.at_level(logging.WARNING, logger="jovi.nbformat"):
        nb = jnb.reads(json.dumps(notebook(cells)), filename="many.ipynb")
    assert len(set(nb.cell_ids())) == 40
    assert [r.getMessage() for r in caplog.records] == [
        "many.ipynb: cells 0, 1, 2, 3, 4 and 35 more had no id; gave them new ids"
    ]
