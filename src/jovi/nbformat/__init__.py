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
* :mod:`~jovi.nbformat.trust`: trust signatures (the digest);
* nbformat's call shapes (:mod:`~jovi.nbformat.api` chooses by the call):
  :mod:`~jovi.nbformat.node` (:class:`NotebookNode`, :func:`from_dict`),
  :mod:`~jovi.nbformat.nodeio` (reading, writing, :func:`convert`),
  :mod:`~jovi.nbformat.nodecheck` (:func:`validate`, :func:`isvalid`...) and
  :mod:`~jovi.nbformat.v4` (``new_notebook``, ``new_code_cell``...);
* :mod:`~jovi.nbformat.files`: what may be read as a notebook file, atomic saves.

Usage, jovi's model::

    nb = jovi.nbformat.read("analysis.ipynb")
    nb = nb.with_cell(0, dataclasses.replace(nb.cells[0], source="# Analysis"))
    jovi.nbformat.write(nb, "analysis.ipynb")     # atomic; validated first

and nbformat's shapes, for code written for nbformat::

    import jovi.nbformat as nbformat
    nb = nbformat.read("analysis.ipynb", as_version=4)
    nb.cells[0].source = "# Analysis"
    nbformat.write(nb, "analysis.ipynb")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from jovi.nbformat.api import read, reads, validate, write, writes
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
from jovi.nbformat.ipynb import ReadReport, from_json, read_lenient, reads_lenient
from jovi.nbformat.node import NotebookNode, from_dict, from_notebook, to_notebook
from jovi.nbformat.nodecheck import (
    DuplicateCellId,
    MissingIDFieldWarning,
    ValidationError,
    get_version,
    isvalid,
    iter_validate,
    normalize,
)
from jovi.nbformat.nodeio import NO_CONVERT, Sentinel, convert
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
from jovi.nbformat.validate import ValidationProblem, find_problems

if TYPE_CHECKING:
    from types import ModuleType

current_nbformat = 4
"""The newest format version (nbformat's ``current_nbformat``)."""
current_nbformat_minor = CURRENT_MINOR
"""Its newest minor version (nbformat's ``current_nbformat_minor``)."""

__all__ = [
    "CURRENT_MINOR",
    "NO_CONVERT",
    "Cell",
    "CodeCell",
    "DisplayData",
    "DuplicateCellId",
    "Error",
    "ExecuteResult",
    "FrozenDict",
    "FrozenList",
    "JSONValue",
    "KernelSpecInfo",
    "LanguageInfo",
    "MarkdownCell",
    "MissingIDFieldWarning",
    "Notebook",
    "NotebookNode",
    "Output",
    "RawCell",
    "ReadReport",
    "Sentinel",
    "Stream",
    "UnknownCell",
    "UnknownOutput",
    "ValidationError",
    "ValidationProblem",
    "compute_signature",
    "convert",
    "current_nbformat",
    "current_nbformat_minor",
    "detect_py_format",
    "find_problems",
    "freeze",
    "from_dict",
    "from_json",
    "from_notebook",
    "get_version",
    "is_json_mime",
    "is_valid_cell_id",
    "isvalid",
    "iter_validate",
    "new_cell_id",
    "normalize",
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
    "to_notebook",
    "untrusted_cells",
    "v4",
    "validate",
    "write",
    "writes",
    "writes_codecell",
    "writes_percent",
]


def __getattr__(name: str) -> ModuleType:
    # ``jovi.nbformat.v4`` (nbformat's builders), imported on first use.
    if name == "v4":
        return importlib.import_module("jovi.nbformat.v4")
    raise AttributeError(f"module 'jovi.nbformat' has no attribute {name!r}")
