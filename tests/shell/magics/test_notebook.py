"""%notebook FILE: the session's history saved as a notebook that jovi.nbformat and
Jupyter's nbformat (the test peer) both read as valid."""

from __future__ import annotations

import json

import pytest

import jovi.nbformat
import nbformat


def test_the_session_becomes_a_valid_notebook(run, output, workdir):
    run("x = 6 * 7")
    run("x")
    run("%pwd")
    run("print('hi')")
    assert run("%notebook session.ipynb").success
    assert output.stdout.endswith("Saved 4 cells to session.ipynb\n")

    ours = jovi.nbformat.read(workdir / "session.ipynb")
    jovi.nbformat.validate(ours)
    assert [(cell.source, cell.execution_count) for cell in ours.cells] == [
        ("x = 6 * 7", 1),
        ("x", 2),
        ("%pwd", 3),
        ("print('hi')", 4),
    ]

    theirs = nbformat.read(workdir / "session.ipynb", as_version=4)
    nbformat.validate(theirs)
    assert (theirs.nbformat, theirs.nbformat_minor) == (4, 5)
    assert theirs.metadata.kernelspec.name == "python3"
    assert theirs.metadata.language_info.name == "python"
    results = [
        [(o.output_type, o.data["text/plain"], o.execution_count) for o in cell.outputs]
        for cell in theirs.cells
    ]
    assert results == [
        [],
        [("execute_result", "42", 2)],
        [("execute_result", repr(str(workdir)), 3)],
        [],
    ]


def test_a_name_without_suffix_gets_ipynb_and_home_is_expanded(run, output, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    run("1 + 1")
    run("%notebook ~/analysis")
    saved = json.loads((tmp_path / "analysis.ipynb").read_text())
    assert [cell["source"] for cell in saved["cells"]] == [["1 + 1"]]
    assert output.stdout.endswith(f"Saved 1 cell to {tmp_path / 'analysis.ipynb'}\n")


def test_the_cells_of_the_notebook_magic_and_blank_inputs_are_left_out(shell, run, workdir):
    run("a = 1")
    shell.run_line_magic("notebook", "direct.ipynb")  # not stored: every input is kept
    run("%notebook stored.ipynb")
    direct = nbformat.read(workdir / "direct.ipynb", as_version=4)
    stored = nbformat.read(workdir / "stored.ipynb", as_version=4)
    assert [cell.source for cell in direct.cells] == ["a = 1"]
    assert [cell.source for cell in stored.cells] == ["a = 1"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%notebook", "%notebook: the following arguments are required: filename"),
        ("%notebook empty.ipynb", "%notebook: this session has no inputs yet, so nothing to save"),
        ("%notebook no/such/dir/x.ipynb", "%notebook cannot write 'no/such/dir/x.ipynb'"),
    ],
)
def test_mistakes_are_one_line(shell, output, workdir, line, message):
    if "dir" in line:
        shell.run_cell("1", store_history=True)
    result = shell.run_cell(line)
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue.startswith(message)
