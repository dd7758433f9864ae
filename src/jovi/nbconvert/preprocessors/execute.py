"""Running a notebook's cells with a kernel (``--execute``): the interface.

Running needs a kernel client, ``jovi.client``, which is not built yet; until it is,
:class:`ExecutePreprocessor` and :func:`execute_notebook` check their options and
the notebook and then raise :class:`~jovi.errors.ConversionError` with one sentence
saying so.  What they will do, option by option:

* every code cell runs in order in one kernel, started from ``kernel_name`` (or,
  when empty, the notebook's ``metadata.kernelspec.name``);
* a cell may take ``timeout`` seconds (``None``: no limit); when it takes longer the
  kernel is interrupted if ``interrupt_on_timeout``, else the run stops with an
  error naming the cell;
* a cell that raises stops the run, unless ``allow_errors`` or the cell is tagged
  ``raises-exception``; the error is recorded as the cell's output either way;
* cells tagged ``skip-execution`` keep their outputs and are not run;
* new outputs replace the old ones, and execution counts restart at 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from jovi.config import Bool, Float, Int, Str
from jovi.errors import ConversionError
from jovi.nbconvert.preprocessors.base import Preprocessor
from jovi.nbconvert.preprocessors.removal import tags_of
from jovi.nbformat.cells import CodeCell

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = [
    "NOT_YET",
    "RAISES_TAG",
    "SKIP_TAG",
    "ExecutePreprocessor",
    "PlannedCell",
    "execute_notebook",
    "kernel_name_for",
    "plan_execution",
]

SKIP_TAG = "skip-execution"
"""Cells with this tag are not run."""
RAISES_TAG = "raises-exception"
"""Cells with this tag may raise without stopping the run."""
NOT_YET = (
    "running notebooks (--execute) arrives with jovi.client, jovi's kernel client, which is "
    "not built yet; convert the notebook as it was saved, or run it in Jupyter first."
)


class PlannedCell(NamedTuple):
    """A code cell the run will execute."""

    position: int
    """The cell's position in the notebook."""
    may_raise: bool
    """An exception in it does not stop the run."""


def plan_execution(nb: Notebook, *, allow_errors: bool = False) -> list[PlannedCell]:
    """The code cells a run executes, in order: every non-empty code cell that is
    not tagged ``skip-execution``."""
    return [
        PlannedCell(index, allow_errors or RAISES_TAG in tags_of(cell.metadata))
        for index, cell in enumerate(nb.cells)
        if isinstance(cell, CodeCell)
        and cell.source.strip()
        and SKIP_TAG not in tags_of(cell.metadata)
    ]


def kernel_name_for(nb: Notebook, requested: str = "") -> str:
    """The kernel a run uses: ``requested``, else the notebook's kernelspec name.

    Raises:
        ConversionError: neither names a kernel.
    """
    if requested:
        return requested
    spec = nb.kernelspec
    if spec is None:
        raise ConversionError(
            "the notebook names no kernel (metadata.kernelspec); choose one with --kernel NAME"
        )
    return spec.name


class ExecutePreprocessor(Preprocessor):
    """Runs every code cell with a kernel and records the new outputs (``--execute``)."""

    timeout = Float(
        -1.0,
        help="Seconds one cell may run; a negative number means no limit.",
    )
    startup_timeout = Float(60.0, min=0.0, help="Seconds the kernel may take to start.")
    interrupt_on_timeout = Bool(
        False,
        help="When a cell runs out of time, interrupt the kernel and go on with the next "
        "cell instead of stopping the run.",
    )
    allow_errors = Bool(
        False,
        help="Go on after a cell raises; the error is kept as the cell's output. Without "
        "this only cells tagged 'raises-exception' may raise.",
    )
    kernel_name = Str(
        "", help="The kernel to run the notebook with; empty: the notebook's own kernelspec."
    )
    iopub_timeout = Int(
        4, min=0, help="Seconds to wait for the last outputs of a cell after its reply."
    )
    record_timing = Bool(
        True, help="Store when each cell started and finished in metadata.execution."
    )

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        plan_execution(nb, allow_errors=self.allow_errors)
        raise ConversionError(NOT_YET)


def execute_notebook(
    nb: Notebook,
    *,
    timeout: float | None = None,
    kernel_name: str = "",
    allow_errors: bool = False,
    interrupt_on_timeout: bool = False,
) -> Notebook:
    """Run every code cell of ``nb`` and return the notebook with the new outputs.

    See the module docstring for what each option does.

    Raises:
        ConversionError: always, for now: running notebooks needs ``jovi.client``.
    """
    runner = ExecutePreprocessor(
        enabled=True,
        timeout=-1.0 if timeout is None else float(timeout),
        kernel_name=kernel_name,
        allow_errors=allow_errors,
        interrupt_on_timeout=interrupt_on_timeout,
    )
    return runner(nb, {})[0]
