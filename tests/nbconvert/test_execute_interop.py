"""The acceptance of notebook execution: ``jovi nbconvert --execute`` on the 50-cell
notebook, with jovi's kernel and with ipykernel, records the outputs nbclient (the
test peer) records with ipykernel.

The comparison rules, and the deliberate differences of jovi's kernel they leave
out, are those of tests/fifty_cells.py (shared with tests/kernel/test_nbclient.py).
Between jovi's run and nbclient's on the same kernel, ipykernel, the tracebacks are
compared too, and the execution counts.
"""

from __future__ import annotations

import json

import pytest

from jovi.cli.main import main
from tests.fifty_cells import CELLS, cell_outputs, notebook_json

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")

pytestmark = [
    pytest.mark.interop,
    pytest.mark.integration,
    pytest.mark.slow,
    # Outputs are compared: matplotlib's notice of a slow font-cache build must not be one.
    pytest.mark.usefixtures("matplotlib_font_cache"),
]


def nbclient_execute(directory):
    """The 50 cells run by nbclient with ipykernel."""
    client = nbclient.NotebookClient(
        nbformat.from_dict(notebook_json()),
        kernel_name="python3",
        allow_errors=True,
        timeout=60,
        startup_timeout=60,
        resources={"metadata": {"path": str(directory)}},
    )
    return client.execute()


def jovi_execute(directory, kernel):
    path = directory / f"fifty-{kernel}.ipynb"
    path.write_text(json.dumps(notebook_json()), encoding="utf-8")
    argv = ["nbconvert", "--execute", "--allow-errors", "--to", "notebook", "--kernel", kernel]
    assert main([*argv, "--inplace", str(path)]) == 0
    notebook = nbformat.read(path, as_version=4)  # multi-line strings joined
    nbformat.validate(notebook)
    return notebook


def tracebacks(cell):
    return [output["traceback"] for output in cell["outputs"] if output["output_type"] == "error"]


def test_fifty_cells_record_what_nbclient_records_with_ipykernel(tmp_path):
    reference = nbclient_execute(tmp_path)
    for kernel in ("python3", "jovi"):
        ours = jovi_execute(tmp_path, kernel)
        assert ours["metadata"]["language_info"] == reference["metadata"]["language_info"]
        pairs = zip(reference["cells"], ours["cells"], strict=True)
        for index, (expected, actual) in enumerate(pairs):
            where = f"{kernel}, cell {index}: {CELLS[index]!r}"
            assert cell_outputs(actual["outputs"]) == cell_outputs(expected["outputs"]), where
            assert actual["execution_count"] == expected["execution_count"] == index + 1, where
            if kernel == "python3":
                assert tracebacks(actual) == tracebacks(expected), where
        kinds = {summary[0] for cell in ours["cells"] for summary in cell_outputs(cell["outputs"])}
        assert kinds == {"stream", "execute_result", "display_data", "error"}
