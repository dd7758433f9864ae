"""nbclient (test peer) runs the 50-cell notebook of tests/fifty_cells.py on jovi's
kernel and on ipykernel; the outputs are the same, cell by cell, by that module's
comparison rules (which list the deliberate differences).
"""

from __future__ import annotations

import pytest

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


def _run(kernel_name: str):
    client = nbclient.NotebookClient(
        nbformat.from_dict(notebook_json()),
        kernel_name=kernel_name,
        allow_errors=True,
        timeout=60,
        startup_timeout=60,
    )
    return client.execute()


def test_fifty_cells_give_the_outputs_of_ipykernel(jovi_kernelspec):
    assert len(CELLS) == 50
    reference = _run("python3")
    ours = _run("jovi")
    assert ours.metadata["language_info"]["name"] == "python"
    for index, (expected, actual) in enumerate(zip(reference.cells, ours.cells, strict=True)):
        assert cell_outputs(actual.outputs) == cell_outputs(expected.outputs), (
            f"cell {index}: {CELLS[index]!r}"
        )
    counts = [cell.execution_count for cell in ours.cells]
    assert counts == list(range(1, 51))
    kinds = {summary[0] for cell in ours.cells for summary in cell_outputs(cell.outputs)}
    assert kinds == {"stream", "execute_result", "display_data", "error"}
