"""The corpus of real notebooks (tests/notebooks, 67 files from public repositories).

Two measures, on the same files for both sides:

* ``html``: the whole corpus to HTML in one process, the command a user types
  (``jupyter nbconvert --to html FILES...`` / ``jovi nbconvert --to html FILES...``),
  timed from spawn to exit; the figure of a run is the median of ``count`` runs.
  Every notebook's HTML is checked to be written.  nbconvert 7 cannot convert one
  file of the corpus (old ipywidgets state in its metadata: a ``KeyError`` on the
  widget-state MIME type),
  which would stop its run; that file (:data:`PEER_CANNOT`) is left out on both sides.
* ``read``: reading and validating every notebook, in process, ``count`` passes
  over the corpus: nbformat's ``read(path, as_version=4)`` (which validates) against
  jovi's ``read(path)`` (which validates and builds jovi's model), and, as a second
  figure, jovi with nbformat's call shape (``read(path, as_version=4)`` then
  ``isvalid``).  Each side checks it read every cell.
"""

from __future__ import annotations

import importlib
import logging
import os
import statistics
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, summary_metrics
from bench.process import run_measured

if TYPE_CHECKING:
    from collections.abc import Mapping

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "notebooks"

PEER_CANNOT = (
    "jupyter-widgets--ipywidgets/docs/source/examples/old-widget-state/Widget List.ipynb",
)
"""Files nbconvert fails on, left out of the ``html`` measure on both sides."""


def notebooks(limit: int | None = None) -> list[Path]:
    """The corpus, in a stable order (the first ``limit`` files in smoke runs)."""
    found = sorted(CORPUS.rglob("*.ipynb"))
    return found[:limit] if limit else found


def _argv(side: str) -> list[str]:
    bin_dir = Path(sys.executable).parent
    if side == "peer":
        return [str(bin_dir / "jupyter-nbconvert"), "--to", "html"]
    return [str(bin_dir / "jovi"), "nbconvert", "--to", "html"]


def html(side: str, params: Mapping[str, Any]) -> Metrics:
    files = [
        path
        for path in notebooks(params.get("limit"))
        if path.relative_to(CORPUS).as_posix() not in PEER_CANNOT
    ]
    walls: list[float] = []
    for _ in range(params["count"]):
        with tempfile.TemporaryDirectory(prefix="bench-corpus-") as directory:
            out = Path(directory)
            # Each notebook goes to its own directory: names repeat across repositories.
            done = run_measured(
                [*_argv(side), "--output-dir", str(out), *map(str, files)],
                env=os.environ,
                cwd=out,
                timeout=600,
            )
            if done.figures.exit_code != 0 or done.timed_out:
                raise RuntimeError(f"{side} failed: {done.stderr[-2000:]}")
            written = {path.stem for path in out.glob("*.html")}
            if written != {path.stem for path in files}:
                raise RuntimeError(
                    f"{side}: HTML missing for {sorted({p.stem for p in files} - written)}"
                )
            walls.append(done.figures.wall_s)
    return {"wall": statistics.median(walls)}


def read(side: str, params: Mapping[str, Any]) -> Metrics:
    files = notebooks(params.get("limit"))
    logging.disable(logging.CRITICAL)  # both libraries log the corpus's one 4.2-with-ids file
    warnings.simplefilter("ignore")
    if side == "peer":
        nbformat = importlib.import_module("nbformat")

        def own() -> int:
            return sum(len(nbformat.read(str(path), as_version=4).cells) for path in files)

        shaped = own
    else:
        jnb = importlib.import_module("jovi.nbformat")

        def own() -> int:
            return sum(len(jnb.read(path).cells) for path in files)

        def shaped() -> int:
            total = 0
            for path in files:
                node = jnb.read(path, as_version=4)
                jnb.isvalid(node)
                total += len(node.cells)
            return total

    expected = own()
    if shaped() != expected or expected < len(files):
        raise RuntimeError(f"{side}: read {expected} cells in {len(files)} notebooks")
    taken = latencies(own, count=params["count"], warmup=1)
    taken_shaped = latencies(shaped, count=params["count"], warmup=1)
    return {**summary_metrics("read", taken), **summary_metrics("shaped", taken_shaped)}


if __name__ == "__main__":
    run_driver({"html": html, "read": read})
