"""Layer 1: the notebook format: model, reading and writing, upgrades, validation.

The pieces:

* :mod:`~jovi.nbformat.notebook` and :mod:`~jovi.nbformat.cells`: the model,
  immutable value objects (:class:`Notebook`, :class:`CodeCell`, :class:`Stream`...),
  with :mod:`~jovi.nbformat.frozen` for their free-form JSON (metadata, MIME bundles);
* :mod:`~jovi.nbformat.ipynb`: ``.ipynb`` text to model and back, byte-identical to
  nbformat, and :mod:`~jovi.nbformat.layout`, the rules of that layout;
  :mod:`~jovi.nbformat.convert` for the plain JSON form;
* :mod:`~jovi.nbformat.jsonscan`: where a broken file breaks, what can be saved;
* :mod:`~jovi.nbformat.versions`: nbformat 3 -> 4.5, 4.0-4.4 -> 4.5, 4 -> 3;
* :mod:`~jovi.nbformat.validate` and :mod:`~jovi.nbformat.schema`: the official
  JSON schemas and messages that name the cell and the field;
* :mod:`~jovi.nbformat.repair`: lenient reading of broken notebooks;
* :mod:`~jovi.nbformat.pyscript`: the ``# <codecell>`` and ``# %%`` Python forms;
* :mod:`~jovi.nbformat.trust`: trust signatures (the digest).

Usage::

    nb = jovi.nbformat.read("analysis.ipynb")
    nb = nb.with_cell(0, dataclasses.replace(nb.cells[0], source="# Analysis"))
    jovi.nbformat.write(nb, "analysis.ipynb")     # atomic; validated first
"""

from __future__ import annotations

from jovi.nbformat.cells import (
    Cell,
    CodeCell,
    DisplayData,
    Error,
    ExecuteResult,
    MarkdownCell,
    Output,
    RawCell,
    Stream,
    UnknownCell,
    UnknownOutput,
    is_json_mime,
    is_valid_cell_id,
    new_cell_id,
)
from jovi.nbformat.convert import to_json
from jovi.nbformat.frozen import FrozenDict, FrozenList, JSONValue, freeze, thaw
from jovi.nbformat.ipynb import (
    ReadReport,
    from_json,
    read,
    read_lenient,
    reads,
    reads_lenient,
    write,
    writes,
)
from jovi.nbformat.notebook import CURRENT_MINOR, KernelSpecInfo, LanguageInfo, Notebook
from jovi.nbformat.pyscript import (
    detect_py_format,
    reads_codecell,
    reads_percent,
    reads_py,
    writes_codecell,
    writes_percent,
)
from jovi.nbformat.trust import compute_signature, outputs_need_trust, untrusted_cells
from jovi.nbformat.validate import ValidationProblem, find_problems, validate

__all__ = [
    "CURRENT_MINOR",
    "Cell",
    "CodeCell",
    "DisplayData",
    "Error",
    "ExecuteResult",
    "FrozenDict",
    "FrozenList",
    "JSONValue",
    "KernelSpecInfo",
    "LanguageInfo",
    "MarkdownCell",
    "Notebook",
    "Output",
    "RawCell",
    "ReadReport",
    "Stream",
    "UnknownCell",
    "UnknownOutput",
    "ValidationProblem",
    "compute_signature",
    "detect_py_format",
    "find_problems",
    "freeze",
    "from_json",
    "is_json_mime",
    "is_valid_cell_id",
    "new_cell_id",
    "outputs_need_trust",
    "read",
    "read_lenient",
    "reads",
    "reads_codecell",
    "reads_lenient",
    "reads_percent",
    "reads_py",
    "thaw",
    "to_json",
    "untrusted_cells",
    "validate",
    "write",
    "writes",
    "writes_codecell",
    "writes_percent",
]
