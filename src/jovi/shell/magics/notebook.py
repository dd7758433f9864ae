"""``%notebook FILE``: the session's history as a notebook (nbformat 4.5)."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import TYPE_CHECKING

from jovi.errors import UsageError
from jovi.shell.magic.arguments import argument, magic_arguments, parse_argstring
from jovi.shell.magic.core import Magics, line_magic, magics_class

if TYPE_CHECKING:
    from jovi.nbformat import Notebook

__all__ = ["NotebookMagics", "session_notebook"]


def session_notebook(inputs: list[tuple[int, str]], outputs: dict[int, str]) -> Notebook:
    """A notebook of code cells, one per input ``(number, source)``, each with its
    output's text as its result when ``outputs`` has one."""
    from jovi.nbformat import (  # noqa: PLC0415 - the format only when exporting
        CodeCell,
        ExecuteResult,
        KernelSpecInfo,
        Notebook,
        freeze,
    )

    cells = []
    for number, source in inputs:
        text = outputs.get(number)
        results = []
        if text is not None:
            data = freeze({"text/plain": text})
            results.append(ExecuteResult(data=data, execution_count=number))
        cells.append(CodeCell(source=source, execution_count=number, outputs=tuple(results)))
    python = platform.python_version()
    notebook = Notebook(cells=tuple(cells)).with_kernelspec(
        KernelSpecInfo(name="python3", display_name="Python 3", language="python")
    )
    return notebook.with_metadata(
        language_info={
            "name": "python",
            "version": python,
            "mimetype": "text/x-python",
            "file_extension": ".py",
            "pygments_lexer": "ipython3",
            "codemirror_mode": {"name": "ipython", "version": 3},
            "nbconvert_exporter": "python",
        }
    )


@magics_class
class NotebookMagics(Magics):
    """Exporting the session."""

    @magic_arguments()
    @argument("filename", help="The notebook file to write (.ipynb is added if it has no suffix).")
    @line_magic
    def notebook(self, line: str = "") -> None:
        """Save this session's inputs as a notebook: ``%notebook analysis.ipynb``.

        Each input of the session becomes a code cell with its number, and the
        result it showed (``Out[n]``, as text) becomes its output; printed text and
        rich displays are not kept.  The notebook is nbformat 4.5, validated before it
        is written; an existing file of that name is replaced.
        """
        args = parse_argstring(self.notebook, line)
        path = Path(args.filename).expanduser()
        if not path.suffix:
            path = path.with_suffix(".ipynb")
        history = self.shell.history_manager
        # Up to the cell running now (it is stored already, with the next number).
        rows = history.get_range(0, 1, self.shell.execution_count, raw=True)
        inputs = [(number, source) for _session, number, source in rows if source.strip()]
        if not inputs:
            raise UsageError("%notebook: this session has no inputs yet, so nothing to save")
        from jovi.nbformat import write  # noqa: PLC0415 - the format only when exporting

        try:
            write(session_notebook(inputs, dict(history.output_hist_reprs)), path)
        except OSError as error:
            raise UsageError(f"%notebook cannot write {str(path)!r}: {error.strerror}") from None
        cells = "cell" if len(inputs) == 1 else "cells"
        self.shell.output.write(f"Saved {len(inputs)} {cells} to {path}\n")
