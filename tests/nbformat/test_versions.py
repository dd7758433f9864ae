"""nbformat 3 -> 4.5 upgrades (IPython 1.x's documented example first), and the downgrade to 3, against nbformat."""

from __future__ import annotations

import copy
import json

import pytest

import jovi.nbformat as jnb
import nbformat
from jovi.nbformat.versions import downgrade_to_v3, upgrade_minor, upgrade_v3
from tests.nbformat.corpus import CORPUS, DATA

SEED = (DATA / "simple_v3.json").read_text(encoding="utf-8")
V3 = [name for name, _ in CORPUS if name.startswith("v3")]
TEXTS = dict(CORPUS)


def without_ids(nb: dict) -> dict:
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        assert jnb.is_valid_cell_id(cell.pop("id"))
    return nb


def nbformat_upgrade(text: str) -> dict:
    return json.loads(json.dumps(nbformat.reads(text, as_version=4)))


def test_the_seed_example_upgrades_to_the_cells_sources_outputs_and_metadata_nbformat_gives():
    report = jnb.reads_lenient(SEED)
    assert report.changes == ()
    assert report.original_version == (3, 0)
    mine = jnb.to_json(report.notebook)
    expected = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "The simplest notebook."},
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {"collapsed": False},
                "outputs": [
                    {"name": "stdout", "output_type": "stream", "text": "Hello, IPython\n"}
                ],
                "source": 'print "Hello, IPython"',
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    assert without_ids(mine) == expected
    # nbformat keeps the original version in (transient) metadata; jovi in the report.
    theirs = without_ids(nbformat_upgrade(SEED))
    assert theirs["metadata"] == {"orig_nbformat": 3, "orig_nbformat_minor": 0}
    theirs["metadata"] = {}
    assert without_ids(mine) == theirs


@pytest.mark.parametrize("name", V3)
def test_every_v3_file_upgrades_to_the_structure_nbformat_gives(name):
    mine = jnb.to_json(jnb.reads(TEXTS[name]))
    theirs = nbformat_upgrade(TEXTS[name])
    # Transient values nbformat keeps in memory and never writes; jovi drops them on reading.
    for key in ("orig_nbformat", "orig_nbformat_minor"):
        theirs["metadata"].pop(key)
    for cell in theirs["cells"]:
        cell["metadata"].pop("trusted", None)
    assert without_ids(mine) == without_ids(theirs)
    assert len(set(jnb.reads(TEXTS[name]).cell_ids())) == len(mine["cells"])


def test_the_v3_upgrade_rules_one_by_one():
    mine = jnb.reads(TEXTS["v3-everything"])
    cells = mine.cells
    assert [type(c).__name__ for c in cells] == [
        "MarkdownCell",
        "MarkdownCell",
        "MarkdownCell",
        "MarkdownCell",
        "RawCell",
        "CodeCell",
        "CodeCell",
    ]
    assert cells[0].source == "# Title ✓"
    assert cells[1].source == "### Two lines"  # a heading's lines are joined with spaces
    assert cells[3].source == "<b>html cell</b>"
    code = cells[5]
    assert isinstance(code, jnb.CodeCell)
    assert code.metadata == {"collapsed": True, "keep": "me"}  # "trusted" is transient
    assert code.execution_count == 2
    stderr, stdout, result, display, error = code.outputs
    assert stderr == jnb.Stream(name="stderr", text="warn\n")
    assert stdout == jnb.Stream(name="stdout", text="second stream\n")
    assert isinstance(result, jnb.ExecuteResult)
    assert result.execution_count == 2
    assert result.data["application/json"] == {"a": [1, 2]}  # v3 stored JSON as text
    assert set(result.data) == {
        "text/plain",
        "text/html",
        "text/latex",
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "application/json",
        "application/javascript",
    }
    assert result.metadata == {"image/png": {"width": 100}}
    assert isinstance(display, jnb.DisplayData)
    assert isinstance(error, jnb.Error)
    assert error.ename == "E"
    assert cells[6].execution_count is None  # never run: no prompt_number
    assert "name" not in mine.metadata
    assert "signature" not in mine.metadata


def test_worksheets_are_flattened_in_order():
    mine = jnb.reads(TEXTS["v3-old-splitlines-and-worksheets"])
    assert [c.source for c in mine.cells] == ["a = 1\nb = 2", "no\nline ends"]


@pytest.mark.parametrize("name", [n for n, _ in CORPUS if not n.startswith("v3")])
def test_the_downgrade_to_v3_writes_what_nbformat_writes(name):
    text = TEXTS[name]
    mine = jnb.reads(text, upgrade=False)
    ref = nbformat.reads(text, as_version=4)
    for ref_cell, cell in zip(ref.cells, mine.cells, strict=True):
        if cell.id is not None:
            ref_cell["id"] = cell.id
    assert jnb.writes(mine, version=3) == nbformat.writes(ref, version=3) + "\n"


def test_a_one_line_markdown_heading_becomes_a_heading_cell_in_v3():
    nb = jnb.Notebook(
        cells=(jnb.MarkdownCell(source="## Sub  title"), jnb.MarkdownCell(source="# a\nb"))
    )
    v3 = json.loads(jnb.writes(nb, version=3))
    heading, markdown = v3["worksheets"][0]["cells"]
    assert heading == {"cell_type": "heading", "level": 2, "metadata": {}, "source": ["Sub  title"]}
    assert markdown["cell_type"] == "markdown"


def test_upgrades_do_not_crash_on_malformed_input():
    # The lenient reader runs them on anything; what they do not understand stays for validation.
    odd = {
        "nbformat": 3,
        "worksheets": [{"cells": [5, {"cell_type": "code", "outputs": [7]}]}, "x"],
    }
    upgraded = upgrade_v3(odd)
    assert upgraded["cells"][0] == 5
    assert upgraded["cells"][1]["outputs"] == [7]
    assert upgrade_minor({"nbformat": 4, "nbformat_minor": 2, "cells": [3]})["nbformat_minor"] == 5
    assert downgrade_to_v3({"nbformat": 4, "cells": [], "metadata": {}})["worksheets"] == [
        {"cells": [], "metadata": {}}
    ]


def test_v3_json_output_that_is_not_json_stays_text():
    text = json.dumps(
        {
            "metadata": {"name": ""},
            "nbformat": 3,
            "nbformat_minor": 0,
            "worksheets": [
                {
                    "cells": [
                        {
                            "cell_type": "code",
                            "input": "",
                            "language": "python",
                            "outputs": [{"output_type": "display_data", "json": "{not json"}],
                        }
                    ]
                }
            ],
        }
    )
    [cell] = jnb.reads(text).cells
    assert isinstance(cell, jnb.CodeCell)
    assert cell.outputs[0].data == {"application/json": "{not json"}  # type: ignore[union-attr]
