"""Validation against the official schemas: jovi and nbformat agree, and jovi names cell and field."""

from __future__ import annotations

import copy
import json

import jsonschema
import nbformat.validator
import pytest

import jovi.nbformat as jnb
import nbformat
from jovi.errors import NotebookValidationError
from jovi.nbformat.schema import SchemaValidator
from tests.nbformat.corpus import CORPUS, code, display, markdown, notebook, raw, result, stream

VALID = notebook(
    [
        markdown("md-1", "# Title"),
        code(
            "code-1",
            "1/0",
            [stream("x\n"), result({"text/plain": "1"}, 1), display({"image/png": "AAAA"})],
            1,
        ),
        raw("raw-1", "raw"),
    ],
    {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
)


def nbformat_accepts(nb: dict) -> bool:
    return nbformat.validator.isvalid(copy.deepcopy(nb))


def broken(change) -> dict:
    nb = copy.deepcopy(VALID)
    change(nb)
    return nb


def set_path(nb, *path_and_value):
    *path, last, value = path_and_value
    target = nb
    for part in path:
        target = target[part]
    target[last] = value


INVALID = {
    "pyout-output-type": (
        lambda nb: set_path(nb, "cells", 1, "outputs", 1, "output_type", "pyout"),
        (
            "cell 1 (id 'code-1'): outputs[1].output_type 'pyout' is not one of "
            "'execute_result', 'display_data', 'stream', 'error'"
        ),
    ),
    "missing-source": (
        lambda nb: nb["cells"][0].pop("source"),
        "cell 0 (id 'md-1'): source is missing",
    ),
    "missing-execution-count": (
        lambda nb: nb["cells"][1].pop("execution_count"),
        "cell 1 (id 'code-1'): execution_count is missing",
    ),
    "unknown-cell-field": (
        lambda nb: set_path(nb, "cells", 1, "prompt_number", 1),
        "cell 1 (id 'code-1'): prompt_number is not a known field",
    ),
    "heading-cell-in-v4": (
        lambda nb: set_path(nb, "cells", 0, "cell_type", "heading"),
        "cell 0 (id 'md-1'): cell_type 'heading' is not one of 'raw', 'markdown', 'code'",
    ),
    "id-with-a-space": (
        lambda nb: set_path(nb, "cells", 2, "id", "raw 1"),
        "cell 2 (id 'raw 1'): id 'raw 1' does not match ^[a-zA-Z0-9-_]+$",
    ),
    "id-too-long": (
        lambda nb: set_path(nb, "cells", 2, "id", "x" * 65),
        f"cell 2 (id '{'x' * 65}'): id '{'x' * 40}...' is longer than 64 characters",
    ),
    "empty-id": (
        lambda nb: set_path(nb, "cells", 2, "id", ""),
        "cell 2: id '' is shorter than 1",
    ),
    "duplicate-ids": (
        lambda nb: set_path(nb, "cells", 2, "id", "md-1"),
        "cell 2 (id 'md-1'): id 'md-1' is also the id of cell 0",
    ),
    "negative-execution-count": (
        lambda nb: set_path(nb, "cells", 1, "execution_count", -1),
        "cell 1 (id 'code-1'): execution_count -1 is less than 0",
    ),
    "execution-count-as-text": (
        lambda nb: set_path(nb, "cells", 1, "execution_count", "3"),
        "cell 1 (id 'code-1'): execution_count '3' is not an integer or null",
    ),
    "execution-count-as-float": (
        lambda nb: set_path(nb, "cells", 1, "outputs", 1, "execution_count", 1.0),
        "cell 1 (id 'code-1'): outputs[1].execution_count 1.0 is not an integer or null",
    ),
    "stream-text-number": (
        lambda nb: set_path(nb, "cells", 1, "outputs", 0, "text", 5),
        "cell 1 (id 'code-1'): outputs[0].text 5 is not a string or a list of strings",
    ),
    "stream-text-list-of-numbers": (
        lambda nb: set_path(nb, "cells", 1, "outputs", 0, "text", ["a", 1]),
        "cell 1 (id 'code-1'): outputs[0].text is a list, not a string or a list of strings",
    ),
    "kernelspec-without-display-name": (
        lambda nb: nb["metadata"]["kernelspec"].pop("display_name"),
        "notebook: metadata.kernelspec.display_name is missing",
    ),
    "duplicate-tags": (
        lambda nb: set_path(nb, "cells", 0, "metadata", "tags", ["a", "a"]),
        "cell 0 (id 'md-1'): metadata.tags[1] 'a' is repeated",
    ),
    "tag-with-comma": (
        lambda nb: set_path(nb, "cells", 0, "metadata", "tags", ["a,b"]),
        "cell 0 (id 'md-1'): metadata.tags[0] 'a,b' does not match ^[^,]+$",
    ),
    "scrolled-yes": (
        lambda nb: set_path(nb, "cells", 1, "metadata", "scrolled", "yes"),
        "cell 1 (id 'code-1'): metadata.scrolled 'yes' is not one of true, false, 'auto'",
    ),
    "collapsed-one": (
        lambda nb: set_path(nb, "cells", 1, "metadata", "collapsed", 1),
        "cell 1 (id 'code-1'): metadata.collapsed 1 is not true or false",
    ),
    "worksheets-in-v4": (
        lambda nb: set_path(nb, "worksheets", []),
        "notebook: worksheets is not a known field",
    ),
    "text-plain-number": (
        lambda nb: set_path(nb, "cells", 1, "outputs", 1, "data", "text/plain", 3),
        "cell 1 (id 'code-1'): outputs[1].data['text/plain'] 3 is not a string or a list of strings",
    ),
    "traceback-not-a-list": (
        lambda nb: nb["cells"][1]["outputs"].append(
            {"output_type": "error", "ename": "E", "evalue": "", "traceback": "tb"}
        ),
        "cell 1 (id 'code-1'): outputs[3].traceback 'tb' is not a list",
    ),
    "cell-not-an-object": (
        lambda nb: set_path(nb, "cells", 1, ["code"]),
        "cell 1: the cell is a list, not an object",
    ),
    "cell-without-type": (
        lambda nb: nb["cells"][2].pop("cell_type"),
        "cell 2 (id 'raw-1'): cell_type is missing",
    ),
    "bad-attachment": (
        lambda nb: set_path(nb, "cells", 0, "attachments", {"a.png": {"image/png": 5}}),
        "cell 0 (id 'md-1'): attachments['a.png']['image/png'] 5 is not a string or a list of strings",
    ),
    "nbformat-minor-negative": (
        lambda nb: set_path(nb, "nbformat_minor", -1),
        None,  # no schema for 4.-1: checked below as a read error
    ),
    "metadata-not-an-object": (
        lambda nb: set_path(nb, "metadata", []),
        "notebook: metadata is a list, not an object",
    ),
    "language-info-without-name": (
        lambda nb: set_path(nb, "metadata", "language_info", {"version": "3"}),
        "notebook: metadata.language_info.name is missing",
    ),
    "ids-in-a-4-4-notebook": (
        lambda nb: set_path(nb, "nbformat_minor", 4),
        "cell 0 (id 'md-1'): id is not a known field",
    ),
}


def test_the_reference_notebook_is_valid_for_both():
    assert nbformat_accepts(VALID)
    assert jnb.find_problems(VALID) == []


@pytest.mark.parametrize("case", [name for name, (_, message) in INVALID.items() if message])
def test_invalid_notebooks_are_rejected_by_both_and_jovi_names_cell_and_field(case):
    change, message = INVALID[case]
    nb = broken(change)
    assert not nbformat_accepts(nb)
    problems = jnb.find_problems(nb)
    assert problems, "jovi accepted it"
    assert str(problems[0]) == message
    if case == "duplicate-ids":
        # validate() mends repeated ids in place with nbformat's warning, as nbformat does;
        # reading repairs them too (next test).
        with pytest.warns(jnb.DuplicateCellId, match="cell 2 repeated the id 'md-1'"):
            jnb.validate(nb, filename="work/analysis.ipynb")
        assert jnb.isvalid(nb)
        return
    with pytest.raises(NotebookValidationError) as raised:
        jnb.validate(nb, filename="work/analysis.ipynb")
    assert str(raised.value).startswith(f"work/analysis.ipynb: {message}")
    assert raised.value.filename == "work/analysis.ipynb"
    if case == "ids-in-a-4-4-notebook":
        return  # reading repairs this one (tests/nbformat/test_bad_input.py)
    with pytest.raises(NotebookValidationError, match=r"^x\.ipynb: "):
        jnb.reads(json.dumps(nb), filename="x.ipynb", upgrade=False)


def test_reading_gives_repeated_or_missing_ids_new_ones_as_nbformat_does():
    nb = broken(lambda nb: (set_path(nb, "cells", 2, "id", "md-1"), nb["cells"][1].pop("id")))
    with (
        pytest.warns(nbformat.warnings.DuplicateCellId),
        pytest.warns(nbformat.warnings.MissingIDFieldWarning),
    ):
        theirs = nbformat.reads(json.dumps(nb), as_version=4)
    mine = jnb.reads(json.dumps(nb))
    for read in (theirs.cells, mine.cells):
        ids = [cell["id"] if isinstance(cell, dict) else cell.id for cell in read]
        assert ids[0] == "md-1"
        assert len(set(ids)) == 3
        assert all(jnb.is_valid_cell_id(i) for i in ids)
    report = jnb.reads_lenient(json.dumps(nb))
    assert report.changes == (
        f"cell 1: had no id; gave it the id {report.notebook.cells[1].id!r}",
        f"cell 2: repeated the id 'md-1' of an earlier cell; gave it the id {report.notebook.cells[2].id!r}",
    )


def test_several_problems_are_all_listed_and_the_message_counts_them():
    nb = broken(lambda nb: (nb["cells"][0].pop("source"), nb["cells"][1].pop("outputs")))
    with pytest.raises(NotebookValidationError) as raised:
        jnb.validate(nb)
    assert raised.value.problems == (
        "cell 0 (id 'md-1'): source is missing",
        "cell 1 (id 'code-1'): outputs is missing",
    )
    assert str(raised.value) == "cell 0 (id 'md-1'): source is missing (and 1 more problem)"


@pytest.mark.parametrize("name", [name for name, _ in CORPUS])
def test_every_corpus_notebook_is_valid_for_both_as_read_and_as_written(name):
    text = dict(CORPUS)[name]
    on_disk = json.loads(text)
    assert nbformat_accepts(on_disk)
    assert jnb.find_problems(on_disk) == []
    written = json.loads(jnb.writes(jnb.reads(text)))
    assert nbformat_accepts(written)
    assert jnb.find_problems(written) == []


def test_problems_locate_cells_in_v3_worksheets():
    nb = {
        "metadata": {},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [
            {"cells": []},
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "input": "",
                        "language": "python",
                        "outputs": [{"output_type": "pyout"}],
                    }
                ]
            },
        ],
    }
    assert not nbformat_accepts(nb)
    [problem] = jnb.find_problems(nb)
    assert str(problem) == "worksheet 1, cell 0: outputs[0].prompt_number is missing"


def test_a_later_minor_version_is_checked_against_the_newest_schema_relaxed():
    nb = notebook(
        [{"cell_type": "sql", "metadata": {}, "id": "q"}, code("c", "", [{"output_type": "new"}])],
        minor=7,
    )
    nb["cells"][1]["future"] = True
    assert nbformat_accepts(nb)
    assert jnb.find_problems(nb) == []
    nb["cells"][0].pop("metadata")
    assert not nbformat_accepts(nb)
    assert [str(p) for p in jnb.find_problems(nb)] == ["cell 0 (id 'q'): metadata is missing"]


# ------------------------------------------------------------------ the schema engine
ENGINE_CASES = [
    ({"type": "integer"}, [1, 1.0, True, "1", None, -3]),
    ({"type": "number"}, [1, 1.5, True, "1"]),
    ({"type": ["integer", "null"], "minimum": 0}, [0, -1, None, 2.5, False]),
    ({"enum": [True, False, "auto"]}, [True, 1, 0, "auto", "Auto", 1.0]),
    ({"enum": [1]}, [1, 1.0, True]),
    ({"pattern": "^[a-z]+$"}, ["abc", "abc\n", "ABC", 5]),
    (
        {"type": "array", "uniqueItems": True},
        [[1, 2], [1, 1], [1, True], [[1], [1]], [{"a": 1}, {"a": 1.0}]],
    ),
    ({"maxLength": 2, "minLength": 1}, ["", "a", "ab", "abc", "😀😀", 3]),
    (
        {
            "type": "object",
            "properties": {"a": {"type": "string"}},
            "patternProperties": {"^x": {"type": "integer"}},
            "additionalProperties": False,
        },
        [{}, {"a": "s"}, {"x1": 1}, {"x1": "s"}, {"b": 1}, {"a": 1}],
    ),
    (
        {"type": "object", "additionalProperties": {"type": "string"}, "properties": {"n": {}}},
        [{"n": 1, "s": "x"}, {"s": 1}],
    ),
    (
        {"definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s", "type": "integer"},
        ["x", 1],
    ),
    (
        {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        ["a", ["a"], [1], 1],
    ),
    ({"oneOf": [{"type": "integer"}, {"minimum": 0}]}, [1, -1, 0.5, -0.5]),
    ({"not": {"enum": ["a", "b"]}}, ["a", "c", 1]),
    # Unanchored, like nbformat 3's MIME-key pattern: searched, not matched.
    (
        {"patternProperties": {"[a-z]+/[a-z]+$": {}}, "additionalProperties": False},
        [{"_a/b": 1}, {"a/b": 1}, {"a/b_": 1}],
    ),
    ({"required": ["a"], "type": "object"}, [{}, {"a": None}, []]),
    ({"anyOf": [{"type": "string"}, {"minimum": 3}]}, ["x", 4, 1]),
    ({"allOf": [{"type": "integer"}, {"minimum": 3}]}, [4, 1, 4.5]),
]


@pytest.mark.parametrize(("schema", "values"), ENGINE_CASES)
def test_the_schema_engine_agrees_with_jsonschema_draft_4(schema, values):
    reference = jsonschema.Draft4Validator(schema)
    ours = SchemaValidator(schema)
    for value in values:
        assert ours.is_valid(value) == reference.is_valid(value), value
