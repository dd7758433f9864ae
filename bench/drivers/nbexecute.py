"""Running a notebook of trivial cells: ``nbconvert --execute --to notebook``, whole process.

The notebook (``cells`` code cells, cell ``i`` being ``i + 1``) is written untimed.
Each side is the command a user types, run as a child process and timed from spawn
to reap (``bench.process.run_measured``): the converter's start, its kernel's start,
every cell, writing the notebook, the kernel's shutdown.  That is fair to both:
each side pays for its own converter, client and kernel, as a user would.

* peer: ``jupyter nbconvert --execute --to notebook`` with ipykernel (the notebook's
  kernelspec, ``python3``), that is nbclient;
* jovi: ``jovi nbconvert --execute --to notebook --kernel jovi``, jovi's client and
  jovi's kernel (``pyimport/jovi`` in the bench environment).

The figure of a run is the median of ``count`` executions.  Each written notebook
is checked: every cell has its result and the counts 1 to ``cells``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, run_driver
from bench.process import run_measured

if TYPE_CHECKING:
    from collections.abc import Mapping


def build_notebook(cells: int, kernel: str) -> dict[str, Any]:
    """``cells`` trivial code cells, the kernelspec ``kernel``."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "id": f"c{index}",
                "metadata": {},
                "source": f"{index} + 1",
                "outputs": [],
                "execution_count": None,
            }
            for index in range(cells)
        ],
        "metadata": {"kernelspec": {"name": kernel, "display_name": kernel, "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _argv(side: str) -> list[str]:
    bin_dir = Path(sys.executable).parent
    if side == "peer":
        return [str(bin_dir / "jupyter-nbconvert"), "--execute", "--to", "notebook"]
    return [str(bin_dir / "jovi"), "nbconvert", "--execute", "--to", "notebook", "--kernel", "jovi"]


def _check(path: Path, cells: int) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        outputs = cell["outputs"]
        text = "".join(outputs[0]["data"]["text/plain"]) if outputs else None
        if cell["execution_count"] != index + 1 or text != str(index + 1):
            raise RuntimeError(f"cell {index} ran wrong: {cell['execution_count']}, {outputs}")
    if len(notebook["cells"]) != cells:
        raise RuntimeError(f"{len(notebook['cells'])} cells written, not {cells}")


def execute(side: str, params: Mapping[str, Any]) -> Metrics:
    cells = params["cells"]
    walls: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-nbexecute-") as directory:
        folder = Path(directory)
        source = folder / "trivial.ipynb"
        notebook = build_notebook(cells, "python3" if side == "peer" else "jovi")
        source.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
        for _ in range(params["count"]):
            written = folder / "trivial.nbconvert.ipynb"
            written.unlink(missing_ok=True)
            done = run_measured(
                [*_argv(side), source.name], env=os.environ, cwd=folder, timeout=120
            )
            if done.figures.exit_code != 0 or done.timed_out:
                raise RuntimeError(f"{side} failed: {done.stderr[-2000:]}")
            _check(written, cells)
            walls.append(done.figures.wall_s)
    return {"wall": statistics.median(walls)}


if __name__ == "__main__":
    run_driver({"execute": execute})
