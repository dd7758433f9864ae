"""papermill (test peer) runs parameterised notebooks on jovi's kernel: the parameters
are injected and used, outputs are kept, and a failing cell stops the run with
papermill's own error, naming the exception, as with ipykernel."""

from __future__ import annotations

import subprocess
import sys

import papermill
import pytest

import nbformat

pytestmark = [pytest.mark.interop, pytest.mark.integration]


def _notebook(path, *cells):
    """A notebook of code cells; a cell given as ``(source, tags)`` is tagged."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "jovi", "display_name": "jovi", "language": "python"}
    for cell in cells:
        source, tags = cell if isinstance(cell, tuple) else (cell, [])
        code = nbformat.v4.new_code_cell(source)
        code.metadata["tags"] = tags
        nb.cells.append(code)
    nbformat.write(nb, path)
    return path


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")


def test_parameters_are_injected_and_used(jovi_kernelspec, tmp_path):
    source = _notebook(
        tmp_path / "in.ipynb",
        ("x = 1\nname = 'default'", ["parameters"]),
        "print(name, x * 2)",
        "x * 3",
    )
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(source), str(out), parameters={"x": 21, "name": "given"}, kernel_name="jovi"
    )
    result = nbformat.read(out, as_version=4)
    injected = result.cells[1]
    assert "injected-parameters" in injected.metadata["tags"]
    assert "x = 21" in injected.source
    assert _stdout(result.cells[2]) == "given 42\n"
    assert result.cells[3].outputs[0]["data"]["text/plain"] == "63"
    assert result.metadata["papermill"]["parameters"] == {"x": 21, "name": "given"}
    assert result.metadata["language_info"]["name"] == "python"


def test_a_failing_cell_stops_the_run_with_papermills_error(jovi_kernelspec, tmp_path):
    source = _notebook(tmp_path / "in.ipynb", "print('before')", "1 / 0", "print('never')")
    out = tmp_path / "out.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as raised:
        papermill.execute_notebook(str(source), str(out), kernel_name="jovi")
    assert raised.value.ename == "ZeroDivisionError"
    result = nbformat.read(out, as_version=4)
    # papermill puts its own error banner first, then the cells as they ran.
    cells = [cell for cell in result.cells if cell.cell_type == "code"]
    assert _stdout(cells[0]) == "before\n"
    assert cells[1].outputs[-1]["output_type"] == "error"
    assert cells[2].outputs == []


def test_the_papermill_command_runs_a_notebook_on_jovi(jovi_kernelspec, tmp_path):
    source = _notebook(tmp_path / "in.ipynb", ("n = 0", ["parameters"]), "print(n + 1)")
    out = tmp_path / "out.ipynb"
    finished = subprocess.run(
        [sys.executable, "-m", "papermill", str(source), str(out), "-p", "n", "4", "-k", "jovi"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert _stdout(nbformat.read(out, as_version=4).cells[-1]) == "5\n"
