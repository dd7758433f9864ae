"""nbformat's call shapes in ``jovi.nbformat``: code written for nbformat runs after
changing the import, and gives the same files.

The reference is the installed nbformat (a test peer); every comparison runs the
same code on both modules.
"""

from __future__ import annotations

import io
import json
import logging

import nbformat.v4
import pytest

import jovi.nbformat as jnb
import nbformat
from jovi.errors import NotebookReadError, NotebookValidationError
from tests.nbformat.corpus import CORPUS, PYTHON_METADATA

TEXTS = dict(CORPUS)


def fixed_ids(nb, prefix="cell"):
    for index, cell in enumerate(nb.cells):
        cell.id = f"{prefix}-{index}"
    return nb


def build_and_save(nbf, path):
    """What a user's script written for nbformat does; ``nbf`` is either library."""
    v4 = nbf.v4
    nb = v4.new_notebook(metadata=PYTHON_METADATA)
    nb.cells.append(v4.new_markdown_cell("# Résumé\n\nSome *text*."))
    code = v4.new_code_cell("print('hi')\n1 + 1", execution_count=3)
    code.outputs.append(v4.new_output("stream", text="hi\n"))
    code.outputs.append(
        v4.new_output(
            "execute_result", {"text/plain": "2", "application/json": {"a": [1]}}, execution_count=3
        )
    )
    code.metadata.tags = ["keep"]
    nb.cells.append(code)
    nb.cells.append(v4.new_raw_cell("raw text", metadata={"format": "text/x-rst"}))
    fixed_ids(nb)
    nbf.validate(nb)
    nbf.write(nb, str(path))
    again = nbf.read(str(path), as_version=4)
    again.cells[0].source = "# Changed"
    again["metadata"]["title"] = "T"
    again.cells[1].outputs[0].text += "more\n"
    with open(path, "w", encoding="utf-8") as stream:  # noqa: PTH123 - the nbformat idiom
        nbf.write(again, stream)
    return nbf.writes(again)


def test_a_script_written_for_nbformat_gives_the_same_file_with_jovi(tmp_path):
    theirs = build_and_save(nbformat, tmp_path / "theirs.ipynb")
    mine = build_and_save(jnb, tmp_path / "mine.ipynb")
    assert mine == theirs
    assert (tmp_path / "mine.ipynb").read_bytes() == (tmp_path / "theirs.ipynb").read_bytes()
    assert "# Changed" in mine
    assert '"title": "T"' in mine


def test_nodes_answer_attributes_and_items_and_turn_assigned_dicts_into_nodes():
    nb = jnb.reads(TEXTS["streams"], as_version=4)
    assert isinstance(nb, jnb.NotebookNode)
    assert isinstance(nb, dict)
    cell = nb.cells[0]
    assert cell.source == cell["source"] == "import sys\nprint('a')\nprint('b', file=sys.stderr)"
    cell.source = "x = 1"
    assert nb["cells"][0]["source"] == "x = 1"
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3"}
    assert nb.metadata.kernelspec.name == "python3"
    assert isinstance(nb.metadata.kernelspec, jnb.NotebookNode)
    with pytest.raises(AttributeError, match="no attribute or key 'nope'"):
        _ = nb.nope
    assert getattr(nb.metadata, "nope", "default") == "default"
    assert not hasattr(cell, "attachments")
    with pytest.raises(AttributeError, match="dict method"):
        cell.items = 3
    del cell.metadata
    assert "metadata" not in cell
    assert nb == json.loads(json.dumps(nb))


def test_reading_converts_to_the_version_asked_for_or_keeps_it():
    text = (
        TEXTS["v3-full"] if "v3-full" in TEXTS else next(t for n, t in CORPUS if n.startswith("v3"))
    )
    kept = jnb.reads(text, as_version=jnb.NO_CONVERT)
    assert kept.nbformat == 3
    assert "worksheets" in kept
    upgraded = jnb.reads(text, as_version=4)
    theirs = nbformat.reads(text, as_version=4)
    assert (upgraded.nbformat, upgraded.nbformat_minor) == (theirs.nbformat, theirs.nbformat_minor)
    assert upgraded.metadata.orig_nbformat == 3
    assert [c.cell_type for c in upgraded.cells] == [c.cell_type for c in theirs.cells]
    for cell, ref in zip(upgraded.cells, theirs.cells, strict=True):
        ref.id = cell.id
    assert jnb.writes(upgraded) == nbformat.writes(theirs)
    old = jnb.reads(TEXTS[next(n for n, _ in CORPUS if n.startswith("v4.2"))], as_version=4)
    assert old.nbformat_minor == 2, "4.0-4.4 stay as they are, as in nbformat"
    assert jnb.convert(old, 4) is old
    down = jnb.reads(TEXTS["streams"], as_version=3)
    assert down.nbformat == 3
    assert "cells" not in down


@pytest.mark.parametrize("name", list(TEXTS))
def test_writes_gives_nbformats_text_for_every_corpus_notebook(name):
    text = TEXTS[name]
    mine = jnb.reads(text, as_version=jnb.NO_CONVERT)
    theirs = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    assert mine == theirs
    assert jnb.writes(mine) == nbformat.writes(theirs)
    assert jnb.writes(mine, split_lines=False) == nbformat.writes(theirs, split_lines=False)


def test_an_invalid_notebook_is_returned_logged_in_one_line_and_captured(tmp_path, caplog):
    data = json.loads(TEXTS["streams"])
    data["cells"][0]["outputs"][0]["output_type"] = "pyout"
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(data), encoding="utf-8")
    captured: dict[str, object] = {}
    with caplog.at_level(logging.WARNING, logger="jovi.nbformat"):
        nb = jnb.read(path, as_version=4, capture_validation_error=captured)
    assert nb.cells[0].outputs[0].output_type == "pyout"
    [record] = caplog.records
    assert record.getMessage().startswith(
        f"{path}: cell 0 (id 'c1'): outputs[0].output_type 'pyout'"
    )
    error = captured["ValidationError"]
    assert isinstance(error, jnb.ValidationError)
    assert isinstance(error, NotebookValidationError)
    assert isinstance(error, ValueError)
    assert error.ref == "pyout"
    assert not jnb.isvalid(nb)
    with pytest.raises(jnb.ValidationError, match="'pyout' is not one of"):
        jnb.validate(nb)
    # Written anyway, as nbformat writes it, with the problem logged and captured.
    captured.clear()
    jnb.write(nb, tmp_path / "copy.ipynb", capture_validation_error=captured)
    assert "ValidationError" in captured
    assert json.loads((tmp_path / "copy.ipynb").read_text()) == json.loads(
        nbformat.writes(nbformat.reads(json.dumps(data), as_version=4))
    )


def test_what_cannot_be_read_raises():
    with pytest.raises(jnb.ValidationError, match="'cells'"):
        jnb.reads("{}", as_version=4)
    with pytest.raises(NotebookReadError, match="is not a notebook: it is not JSON"):
        jnb.reads("hello", as_version=4)
    with pytest.raises(jnb.ValidationError, match="'worksheets'"):
        jnb.reads('{"nbformat": 3, "nbformat_minor": 0, "metadata": {}}', as_version=4)


def test_files_paths_and_descriptors(tmp_path):
    text = TEXTS["execute-result-text-types"]
    path = tmp_path / "nb.ipynb"
    path.write_text(text, encoding="utf-8")
    by_path = jnb.read(path, 4)
    with path.open(encoding="utf-8") as stream:
        assert jnb.read(stream, as_version=4) == by_path
    with path.open("rb") as stream:
        assert jnb.read(stream.fileno(), as_version=4) == by_path
    out = io.StringIO()
    jnb.write(by_path, out)
    assert out.getvalue() == nbformat.writes(nbformat.read(str(path), as_version=4)) + "\n"
    with pytest.raises(FileNotFoundError):
        jnb.read(tmp_path / "missing.ipynb", as_version=4)


def test_builders_check_what_they_make_and_match_nbformats():
    assert jnb.v4.nbformat == nbformat.v4.nbformat
    assert jnb.v4.nbformat_minor == nbformat.v4.nbformat_minor == jnb.current_nbformat_minor
    for build in ("new_code_cell", "new_markdown_cell", "new_raw_cell"):
        mine, theirs = getattr(jnb.v4, build)("x"), getattr(nbformat.v4, build)("x")
        assert jnb.is_valid_cell_id(mine.id)
        mine.id = theirs.id
        assert mine == theirs
    for output_type in ("stream", "display_data", "execute_result", "error"):
        assert jnb.v4.new_output(output_type) == nbformat.v4.new_output(output_type)
    with pytest.raises(jnb.ValidationError, match="text"):
        jnb.v4.new_output("stream", text=5)
    with pytest.raises(jnb.ValidationError):
        jnb.v4.new_code_cell(execution_count="one")
    message = {
        "header": {"msg_type": "execute_result"},
        "content": {"data": {"text/plain": "1"}, "metadata": {}, "execution_count": 4},
    }
    assert jnb.v4.output_from_msg(message) == nbformat.v4.output_from_msg(message)
    with pytest.raises(ValueError, match="'status' message is not an output"):
        jnb.v4.output_from_msg({"header": {"msg_type": "status"}, "content": {}})


def test_validate_mends_cell_ids_as_nbformat_does_and_isvalid_changes_nothing():
    nb = fixed_ids(jnb.reads(TEXTS["execute-result-text-types"], as_version=4))
    nb.cells.append(jnb.v4.new_markdown_cell("two"))
    nb.cells[1].id = nb.cells[0].id
    del nb.cells[0]["id"]
    before = json.dumps(nb, sort_keys=True)
    assert not jnb.isvalid(nb)
    assert len(list(jnb.iter_validate(nb))) == 1, "the missing id (the repeat is not one any more)"
    assert json.dumps(nb, sort_keys=True) == before
    changes, normal = jnb.normalize(nb)
    assert changes == 1
    assert jnb.isvalid(normal)
    with pytest.warns(jnb.MissingIDFieldWarning):
        jnb.validate(nb)
    assert jnb.isvalid(nb)
    assert jnb.is_valid_cell_id(nb.cells[0].id)


def test_validating_parts_against_their_definition():
    cell = jnb.v4.new_code_cell()
    jnb.validate(cell, "code_cell", version=4)
    cell.source = 5
    with pytest.raises(jnb.ValidationError, match=r"^code_cell: source 5 is not"):
        jnb.validate(cell, "code_cell", version=4)
    assert not jnb.isvalid(cell, "code_cell", version=4)


def test_jovis_model_and_nodes_convert_both_ways():
    text = TEXTS["execute-result-text-types"]
    model = jnb.reads(text)
    node = jnb.from_notebook(model)
    assert node == jnb.reads(text, as_version=4)
    assert jnb.to_notebook(node) == model
    assert jnb.writes(model) == jnb.writes(node) + "\n"


def test_write_replaces_the_file_atomically_and_keeps_its_mode(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text(TEXTS["streams"], encoding="utf-8")
    path.chmod(0o640)
    nb = jnb.read(path, as_version=4)
    nb.cells[0].source = "changed"
    jnb.write(nb, path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert jnb.read(path, as_version=4).cells[0].source == "changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb"]
