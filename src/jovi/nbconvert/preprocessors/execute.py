"""Running a notebook's cells with a kernel (``--execute``, :func:`execute_notebook`).

What a run does, option by option (nbclient's rules):

* every non-empty code cell runs in order in one kernel, started from
  ``kernel_name`` (or, when empty, the notebook's ``metadata.kernelspec.name``) in
  the notebook's directory; the notebook's ``metadata.language_info`` becomes the
  kernel's;
* outputs are recorded as a notebook frontend records them
  (:mod:`jovi.nbconvert.execution.outputs`); new outputs replace the old ones, and
  execution counts are the fresh kernel's, from 1;
* a cell may take ``timeout`` seconds (``None`` or negative: no limit); when it
  takes longer the kernel is interrupted and the run goes on if
  ``interrupt_on_timeout``, else the run stops with an error naming the cell;
* a cell that raises stops the run (:class:`~jovi.errors.CellExecutionError`: one
  sentence naming the cell and the exception, then the traceback), unless
  ``allow_errors`` or the cell is tagged ``raises-exception``; the error is
  recorded as the cell's output either way;
* cells tagged ``skip-execution`` keep their outputs and are not run;
* code cannot ask for input: ``input()`` raises in the kernel;
* the kernel is stopped afterwards, also when the run fails or is interrupted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from jovi.config import Bool, Float, Int, Str
from jovi.errors import ConversionError
from jovi.nbconvert.preprocessors.base import Preprocessor
from jovi.nbconvert.preprocessors.removal import tags_of
from jovi.nbformat.cells import CodeCell

if TYPE_CHECKING:
    import os

    from jovi.client import Message
    from jovi.nbconvert.execution.runner import RunLimits
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = [
    "RAISES_TAG",
    "SKIP_TAG",
    "ExecutePreprocessor",
    "PlannedCell",
    "execute_notebook",
    "kernel_name_for",
    "plan_execution",
    "run_notebook",
    "with_kernel_language",
]

SKIP_TAG = "skip-execution"
"""Cells with this tag are not run."""
RAISES_TAG = "raises-exception"
"""Cells with this tag may raise without stopping the run."""


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

    def limits(self) -> RunLimits:
        """The time limits these options set."""
        from jovi.nbconvert.execution.runner import RunLimits  # noqa: PLC0415 - start-up cost

        return RunLimits(
            timeout=self.timeout if self.timeout >= 0 else None,
            interrupt_on_timeout=self.interrupt_on_timeout,
            iopub_timeout=float(self.iopub_timeout),
        )

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        """Run ``nb`` in a kernel started in ``resources["metadata"]["path"]``."""
        path = (resources.get("metadata") or {}).get("path") or None
        return self.run(nb, cwd=path), resources

    def run(self, nb: Notebook, *, cwd: str | os.PathLike[str] | None = None) -> Notebook:
        """``nb`` run in a new kernel started in ``cwd``, with its new outputs.

        Raises:
            ExecutionError: the kernel could not be found or started, or it died.
            CellExecutionError: a cell raised, and errors were not allowed.
            CellTimeoutError: a cell ran out of time.
        """
        return run_notebook(
            nb,
            plan_execution(nb, allow_errors=self.allow_errors),
            kernel_name=kernel_name_for(nb, self.kernel_name),
            cwd=cwd,
            limits=self.limits(),
            startup_timeout=self.startup_timeout,
            record_timing=self.record_timing,
        )


def with_kernel_language(nb: Notebook, info: Message[Any] | None) -> Notebook:
    """``nb`` whose ``metadata.language_info`` is the one of the ``kernel_info_reply``
    ``info`` (unchanged when the kernel did not say)."""
    language = None if info is None else getattr(info.content, "language_info", None)
    if language is None:
        return nb
    fields = {key: value for key, value in language.to_json().items() if value is not None}
    return nb.with_metadata(language_info=fields)


def run_notebook(
    nb: Notebook,
    plan: list[PlannedCell],
    *,
    kernel_name: str,
    cwd: str | os.PathLike[str] | None,
    limits: RunLimits,
    startup_timeout: float = 60.0,
    record_timing: bool = False,
) -> Notebook:
    """Run the cells of ``plan`` in a new kernel ``kernel_name``, stopped afterwards;
    the notebook with their new outputs and its kernel's ``language_info``."""
    from jovi.nbconvert.execution.kernel import RunKernel  # noqa: PLC0415 - with the first run
    from jovi.nbconvert.execution.runner import CellRunner  # noqa: PLC0415 - start-up cost

    with RunKernel(kernel_name, cwd=cwd, startup_timeout=startup_timeout) as kernel:
        nb = with_kernel_language(nb, kernel.info)
        runner = CellRunner(kernel.client, kernel.manager, limits, record_timing=record_timing)
        cells = list(nb.cells)
        for planned in plan:
            cell = cells[planned.position]
            assert isinstance(cell, CodeCell)
            cells[planned.position] = runner.run(
                planned.position, cell, may_raise=planned.may_raise
            )
        return nb.with_cells(runner.updated(tuple(cells)))


def execute_notebook(
    nb: Notebook,
    *,
    timeout: float | None = None,
    kernel_name: str = "",
    allow_errors: bool = False,
    interrupt_on_timeout: bool = False,
    cwd: str | os.PathLike[str] | None = None,
    startup_timeout: float = 60.0,
    record_timing: bool = True,
) -> Notebook:
    """Run every code cell of ``nb`` and return the notebook with the new outputs.

    See the module docstring for what each option does; ``cwd`` is the kernel's
    working directory (default: this process's).

    Raises:
        ExecutionError: the kernel could not be found or started, or it died.
        CellExecutionError: a cell raised, and errors were not allowed.
        CellTimeoutError: a cell ran out of time.
    """
    runner = ExecutePreprocessor(
        enabled=True,
        timeout=-1.0 if timeout is None else float(timeout),
        kernel_name=kernel_name,
        allow_errors=allow_errors,
        interrupt_on_timeout=interrupt_on_timeout,
        startup_timeout=startup_timeout,
        record_timing=record_timing,
    )
    return runner.run(nb, cwd=cwd)
