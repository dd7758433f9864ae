"""Bad input: one message naming the file, the cell and the problem; lenient reading keeps the rest."""

from __future__ import annotations

import json

import pytest

import jovi.nbformat as jnb
import nbformat
from jovi.errors import (
    NotebookError,
    NotebookReadError,
    NotebookValidationError,
    UnsupportedNbformat,
)
from tests.nbformat.corpus import canonical, code, markdown, notebook, result, stream

NB = notebook(
    [
        markdown("intro", "# Intro"),
        code("c-one", "print(1)", [stream("1\n")], 1),
        code("c-two", "print(2)\nprint(3)", [stream("2\n3\n"), result({"text/plain": "4"}, 2)], 2),
        markdown("outro", "The end"),
    ]
)
TEXT = jnb.writes(jnb.reads(canonical(NB)))  # nbformat's layout: text split into lines


def nbformat_rejects(text: str) -> bool:
    try:
        nbformat.reads(text, as_version=4)
    except (
        nbformat.reader.NotJSONError,
        nbformat.NBFormatError,
        nbformat.ValidationError,
        AttributeError,  # nbformat crashes on JSON that is not an object
    ):
        return True
    return False


def cut_inside(text: str, marker: str) -> str:
    """The text up to the middle of the first ``marker``: a truncated file."""
    position = text.index(marker)
    return text[: position + len(marker) // 2]


def test_a_truncated_file_names_the_file_the_cell_its_id_and_the_field(tmp_path):
    path = tmp_path / "my analysis.ipynb"
    path.write_text(cut_inside(TEXT, '"3\\n"'), encoding="utf-8")
    assert nbformat_rejects(path.read_text(encoding="utf-8"))
    with pytest.raises(NotebookReadError) as raised:
        jnb.read(path)
    message = str(raised.value)
    assert message.startswith(
        f"{path}: is truncated: the file ends inside cell 2 (id 'c-two'), at outputs[0].text[1] (line "
    )
    assert raised.value.filename == str(path)


def test_a_file_cut_between_cells_or_in_the_metadata_says_where():
    cut = TEXT[: TEXT.index('"metadata": {},\n   "source": [\n    "The end"')]
    with pytest.raises(NotebookReadError, match=r"ends inside cell 3 \(id 'outro'\) \(line \d+"):
        jnb.reads(cut)
    in_metadata = TEXT[: TEXT.rindex('"metadata": {') + len('"metadata": {')]
    with pytest.raises(
        NotebookReadError, match=r"^is truncated: the file ends inside metadata \(line"
    ):
        jnb.reads(in_metadata)
    in_a_key = TEXT[: TEXT.index('"nbformat": 4') + 5]
    with pytest.raises(
        NotebookReadError, match=r"^is truncated: the file ends inside the notebook \("
    ):
        jnb.reads(in_a_key)


def test_invalid_json_in_the_middle_names_the_cell_and_the_json_error():
    bad = TEXT.replace('"print(1)"', '"print(1)" oops', 1)
    assert nbformat_rejects(bad)
    with pytest.raises(NotebookReadError) as raised:
        jnb.reads(bad, filename="nb.ipynb")
    assert str(raised.value).startswith("nb.ipynb: is not valid JSON at line ")
    assert "inside cell 1 (id 'c-one'), at source[0]: Expecting ',' delimiter" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty, not a notebook"),
        ("  \n", "is empty, not a notebook"),
        (
            "<html><body>404</body></html>",
            "is not a notebook: it is not JSON (it starts with '<html><body>404</body></html>')",
        ),
        ("[1, 2]", "is not a notebook: the JSON is a list, not an object"),
        ('"text"', "is not a notebook: the JSON is 'text', not an object"),
    ],
)
def test_text_that_is_not_a_notebook(text, message):
    assert nbformat_rejects(text) or not text.strip().startswith("{")
    with pytest.raises(NotebookReadError) as raised:
        jnb.reads(text, filename="f.ipynb")
    assert str(raised.value) == f"f.ipynb: {message}"


def test_bytes_are_utf8_with_or_without_a_bom_and_other_bytes_are_refused():
    assert jnb.reads(TEXT.encode()) == jnb.reads(b"\xef\xbb\xbf" + TEXT.encode()) == jnb.reads(TEXT)
    with pytest.raises(NotebookReadError, match=r"is not UTF-8 text \(byte \d+ is 0xe9\)"):
        jnb.reads(TEXT.replace("Intro", "Intr\u00e9").encode("latin-1"))


@pytest.mark.parametrize("major", [1, 2, 5])
def test_other_major_versions_are_unsupported(major):
    text = json.dumps({**NB, "nbformat": major})
    with pytest.raises(
        UnsupportedNbformat,
        match=f"^n.ipynb: is an nbformat {major} notebook; jovi reads nbformat 3 and 4",
    ):
        jnb.reads(text, filename="n.ipynb")


def test_a_missing_version_is_a_validation_error():
    text = json.dumps({key: value for key, value in NB.items() if key != "nbformat"})
    with pytest.raises(NotebookValidationError, match=r"^n\.ipynb: notebook: nbformat is missing$"):
        jnb.reads(text, filename="n.ipynb")


def test_every_reading_error_is_a_notebook_error():
    for cls in (NotebookReadError, NotebookValidationError, UnsupportedNbformat):
        assert issubclass(cls, NotebookError)


def test_from_json_reads_split_or_whole_strings_and_leaves_its_argument_alone():
    as_on_disk = json.loads(TEXT)
    before = json.dumps(as_on_disk)
    nb = jnb.from_json(as_on_disk)
    assert json.dumps(as_on_disk) == before
    assert nb == jnb.reads(TEXT)
    assert jnb.from_json(jnb.to_json(nb)) == nb
    with pytest.raises(NotebookValidationError):
        jnb.from_json({**as_on_disk, "cells": [{"cell_type": "code"}]})


# ------------------------------------------------------------------ lenient reading
def test_lenient_reading_of_a_truncated_file_keeps_every_cell_before_the_break():
    report = jnb.reads_lenient(cut_inside(TEXT, '"3\\n"'), filename="t.ipynb")
    assert [cell.id for cell in report.notebook.cells] == ["intro", "c-one"]
    assert report.notebook.cells[1] == jnb.reads(TEXT).cells[1]
    assert len(report.changes) >= 1
    assert report.changes[0].startswith(
        "the notebook is truncated: the file ends inside cell 2 (id 'c-two'), at outputs[0].text[1]"
    )
    assert report.changes[0].endswith("; kept the 2 cells before it")
    # The version keys came after the cells and were lost: 4.5 is assumed, since cells have ids.
    assert report.notebook.nbformat_minor == 5
    assert "notebook: nbformat is missing; read as 4" in report.changes


def test_lenient_reading_drops_what_is_broken_and_says_so():
    nb = json.loads(TEXT)
    nb["metadata"]["kernelspec"] = {"name": "python3"}  # no display_name
    nb["metadata"]["title"] = "kept"
    nb["cells"][1]["outputs"].insert(0, {"output_type": "pyout", "text": "old"})
    nb["cells"][1]["prompt_number"] = 1
    nb["cells"][1]["metadata"]["tags"] = ["a", "a"]
    nb["cells"][1]["metadata"]["keep"] = True
    nb["cells"][2]["execution_count"] = "2"
    nb["cells"][3]["source"] = 42
    nb["cells"].insert(1, ["not", "a", "cell"])
    text = json.dumps(nb)
    with pytest.raises(NotebookValidationError):
        jnb.reads(text)  # jovi refuses it unless asked to be lenient
    report = jnb.reads_lenient(text)
    assert report.changes == (
        "cell 1: dropped the cell, because the cell is a list, not an object",
        "cell 2 (id 'c-one'): dropped metadata.tags, because metadata.tags[1] 'a' is repeated",
        (
            "cell 2 (id 'c-one'): dropped outputs[0], because outputs[0].output_type 'pyout' "
            "is not one of 'execute_result', 'display_data', 'stream', 'error'"
        ),
        "cell 2 (id 'c-one'): dropped field prompt_number, because prompt_number is not a known field",
        (
            "cell 3 (id 'c-two'): replaced execution_count with null, because "
            "execution_count '2' is not an integer or null"
        ),
        (
            "cell 4 (id 'outro'): replaced source with \"\", because "
            "source 42 is not a string or a list of strings"
        ),
        (
            "notebook: dropped notebook metadata entry 'kernelspec', because "
            "metadata.kernelspec.display_name is missing"
        ),
    )
    nb_read = report.notebook
    assert nb_read.metadata == {"title": "kept"}
    assert [c.id for c in nb_read.cells] == ["intro", "c-one", "c-two", "outro"]
    assert nb_read.cells[1].metadata == {"keep": True}
    assert nb_read.cells[1].outputs == (jnb.Stream(text="1\n"),)  # type: ignore[union-attr]
    assert nb_read.cells[2].execution_count is None  # type: ignore[union-attr]
    assert nb_read.cells[3].source == ""
    # What lenient reading gives can be written, and nbformat finds it valid.
    nbformat.validate(nbformat.reads(jnb.writes(nb_read), as_version=4))


def test_lenient_reading_of_a_valid_file_changes_nothing():
    report = jnb.reads_lenient(TEXT)
    assert report == jnb.ReadReport(jnb.reads(TEXT), (4, 5), ())


@pytest.mark.parametrize("cells", [3, "text", True, 2.5])
def test_lenient_reading_replaces_cells_that_are_not_a_list(cells):
    report = jnb.reads_lenient(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5}))
    assert report.notebook.cells == ()
    assert any("replaced cells with []" in change for change in report.changes)
    truncated = json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 4})[:-1]
    assert jnb.reads_lenient(truncated).notebook.cells == ()


def test_lenient_reading_fills_missing_fields_and_versions():
    text = json.dumps({"cells": [{"cell_type": "code", "source": "x"}, {"cell_type": "markdown"}]})
    report = jnb.reads_lenient(text)
    code_cell, markdown_cell = report.notebook.cells
    assert code_cell == jnb.CodeCell(id=code_cell.id, source="x")
    assert markdown_cell == jnb.MarkdownCell(id=markdown_cell.id)
    assert report.original_version == (4, 4)
    assert report.changes == (
        "notebook: nbformat is missing; read as 4",
        "notebook: nbformat_minor is missing; read as 4",
        "cell 0: added the missing execution_count (null)",
        "cell 0: added the missing metadata ({})",
        "cell 0: added the missing outputs ([])",
        "cell 1: added the missing metadata ({})",
        'cell 1: added the missing source ("")',
        "notebook: added the missing metadata ({})",
    )


def test_lenient_reading_of_a_broken_v3_file_upgrades_what_it_can():
    text = json.dumps(
        {
            "metadata": {"name": "x"},
            "nbformat": 3,
            "nbformat_minor": 0,
            "worksheets": [
                {
                    "cells": [
                        {"cell_type": "code", "input": "ok", "language": "python", "outputs": []},
                        {
                            "cell_type": "code",
                            "input": "bad",
                            "language": "python",
                            "outputs": [{"output_type": "weird"}],
                        },
                        {"cell_type": "unknown", "source": "?"},
                    ]
                }
            ],
        }
    )
    with pytest.raises(
        NotebookValidationError, match=r"cell 1: outputs\[0\]\.output_type 'weird' is not one of"
    ):
        jnb.reads(text)
    report = jnb.reads_lenient(text)
    assert [cell.source for cell in report.notebook.cells] == ["ok", "bad"]
    assert report.notebook.cells[1].outputs == ()  # type: ignore[union-attr]
    assert len(report.changes) == 2


def test_lenient_reading_cannot_read_what_is_not_json_at_all():
    with pytest.raises(NotebookReadError):
        jnb.reads_lenient("not json")
