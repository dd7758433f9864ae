"""The model and plain JSON: :func:`to_json` and :func:`notebook_from_json`.

The plain form is nbformat 4's in-memory form (what ``nbformat.reads`` returns, as
dicts and lists): strings are whole, not split into lines, and nothing transient is
in it.  It is what the notebook server sends to the browser, and what the writer
lays out on disk.

:func:`notebook_from_json` expects *valid* nbformat 4 JSON with joined strings (the
reader validates and joins first, see :mod:`jovi.nbformat.ipynb`).  Nothing is
lost on the way: cells and outputs of unknown types become
:class:`~jovi.nbformat.cells.UnknownCell` / :class:`~jovi.nbformat.cells.UnknownOutput`,
unknown fields of known types go to their ``extra`` field, and :func:`to_json`
puts everything back where it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
)
from jovi.nbformat.frozen import EMPTY, FrozenDict, freeze, freeze_parsed, thaw
from jovi.nbformat.notebook import Notebook

__all__ = [
    "cell_from_json",
    "cell_to_json",
    "notebook_from_json",
    "output_from_json",
    "output_to_json",
    "to_json",
]

Json = dict[str, Any]

_CELL_FIELDS = {
    "code": {"cell_type", "id", "metadata", "source", "outputs", "execution_count"},
    "markdown": {"cell_type", "id", "metadata", "source", "attachments"},
    "raw": {"cell_type", "id", "metadata", "source", "attachments"},
}
_OUTPUT_FIELDS = {
    "stream": {"output_type", "name", "text"},
    "display_data": {"output_type", "data", "metadata"},
    "execute_result": {"output_type", "data", "metadata", "execution_count"},
    "error": {"output_type", "ename", "evalue", "traceback"},
}
_NOTEBOOK_FIELDS = {"cells", "metadata", "nbformat", "nbformat_minor"}


def _extra(obj: Mapping[str, object], known: set[str]) -> FrozenDict:
    if known.issuperset(obj):
        return EMPTY
    return FrozenDict({key: value for key, value in obj.items() if key not in known})


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _object(value: object) -> FrozenDict:
    if type(value) is dict:
        # Parsed JSON (the reader's, validated): no checks needed on the way in.
        return freeze_parsed(value) if value else EMPTY  # type: ignore[return-value]
    return freeze(value) if isinstance(value, Mapping) else EMPTY


# ------------------------------------------------------------------ from JSON
_set = object.__setattr__


def _built(kind: type[Any], **fields: object) -> Any:
    # The model object with these (already frozen) fields, without its __init__ and
    # __post_init__: thousands are made per notebook read, and their values here are
    # frozen already.  Every field of ``kind`` must be given.
    built = object.__new__(kind)
    for name, value in fields.items():
        _set(built, name, value)
    return built


def output_from_json(output: Mapping[str, object]) -> Output:
    """The model of one output (plain nbformat 4 JSON, strings joined)."""
    output_type = _str(output.get("output_type"))
    known = _OUTPUT_FIELDS.get(output_type)
    if known is None:
        fields = {key: value for key, value in output.items() if key != "output_type"}
        return UnknownOutput(output_type, FrozenDict(fields))
    extra = _extra(output, known)
    if output_type == "stream":
        name, text = _str(output.get("name")), _str(output.get("text"))
        return _built(Stream, name=name, text=text, extra=extra)  # type: ignore[no-any-return]
    if output_type == "error":
        traceback = output.get("traceback")
        return _built(  # type: ignore[no-any-return]
            Error,
            ename=_str(output.get("ename")),
            evalue=_str(output.get("evalue")),
            traceback=tuple(traceback) if isinstance(traceback, list) else (),
            extra=extra,
        )
    data, metadata = _object(output.get("data")), _object(output.get("metadata"))
    if output_type == "display_data":
        return _built(DisplayData, data=data, metadata=metadata, extra=extra)  # type: ignore[no-any-return]
    return _built(  # type: ignore[no-any-return]
        ExecuteResult,
        data=data,
        metadata=metadata,
        execution_count=_count(output.get("execution_count")),
        extra=extra,
    )


def _code_cell(  # noqa: PLR0917 - the fields, in order, on the reader's hot path
    cell_id: str | None,
    source: str,
    metadata: FrozenDict,
    outputs: tuple[Output, ...],
    count: int | None,
    extra: FrozenDict,
) -> CodeCell:
    built: CodeCell = object.__new__(CodeCell)
    _set(built, "id", cell_id)
    _set(built, "source", source)
    _set(built, "metadata", metadata)
    _set(built, "outputs", outputs)
    _set(built, "execution_count", count)
    _set(built, "extra", extra)
    return built


def cell_from_json(cell: Mapping[str, object]) -> Cell:
    """The model of one cell (plain nbformat 4 JSON, strings joined)."""
    cell_type = cell.get("cell_type")
    known = _CELL_FIELDS.get(cell_type) if type(cell_type) is str else None
    cell_id = cell.get("id")
    if type(cell_id) is not str:
        cell_id = None
    metadata = _object(cell.get("metadata"))
    if known is None:
        rest = {k: v for k, v in cell.items() if k not in {"cell_type", "id", "metadata"}}
        return UnknownCell(
            cell_type=_str(cell_type), id=cell_id, metadata=metadata, fields=FrozenDict(rest)
        )
    extra = EMPTY if known.issuperset(cell) else _extra(cell, known)
    source = cell.get("source", "")
    if type(source) is not str:
        source = ""
    if cell_type == "code":
        outputs = cell.get("outputs")
        return _code_cell(
            cell_id,
            source,
            metadata,
            tuple(map(output_from_json, outputs)) if type(outputs) is list else (),
            _count(cell.get("execution_count")),
            extra,
        )
    attachments = cell.get("attachments")
    kind = MarkdownCell if cell_type == "markdown" else RawCell
    return _built(  # type: ignore[no-any-return]
        kind,
        id=cell_id,
        source=source,
        metadata=metadata,
        attachments=freeze(attachments) if isinstance(attachments, Mapping) else None,
        extra=extra,
    )


def notebook_from_json(nb: Mapping[str, object]) -> Notebook:
    """The model of a notebook given as valid nbformat 4 JSON with joined strings.

    Most callers want :func:`jovi.nbformat.from_json`, which accepts any version,
    validates, joins split strings and upgrades first.
    """
    cells = nb.get("cells")
    major, minor = nb.get("nbformat"), nb.get("nbformat_minor")
    return Notebook(
        cells=tuple(cell_from_json(c) for c in (cells if isinstance(cells, list) else ())),
        metadata=_object(nb.get("metadata")),
        nbformat=major if isinstance(major, int) else 4,
        nbformat_minor=minor if isinstance(minor, int) else 0,
        extra=_extra(nb, _NOTEBOOK_FIELDS),
    )


# ------------------------------------------------------------------ to JSON
def output_to_json(output: Output) -> Json:
    """One output as plain JSON."""
    if isinstance(output, UnknownOutput):
        return {"output_type": output.output_type, **thaw(output.fields)}
    json: Json = {"output_type": output.output_type}
    if isinstance(output, Stream):
        json.update(name=output.name, text=output.text)
    elif isinstance(output, Error):
        json.update(ename=output.ename, evalue=output.evalue, traceback=list(output.traceback))
    else:
        json.update(data=thaw(output.data), metadata=thaw(output.metadata))
        if isinstance(output, ExecuteResult):
            json["execution_count"] = output.execution_count
    json.update(thaw(output.extra))
    return json


def cell_to_json(cell: Cell) -> Json:
    """One cell as plain JSON (no ``id`` key when its id is ``None``)."""
    json: Json = {"cell_type": cell.cell_type, "metadata": thaw(cell.metadata)}
    if cell.id is not None:
        json["id"] = cell.id
    if isinstance(cell, UnknownCell):
        json.update(thaw(cell.fields))
        return json
    json["source"] = cell.source
    if isinstance(cell, CodeCell):
        json["outputs"] = [output_to_json(output) for output in cell.outputs]
        json["execution_count"] = cell.execution_count
    elif cell.attachments is not None:
        json["attachments"] = thaw(cell.attachments)
    json.update(thaw(cell.extra))
    return json


def to_json(nb: Notebook) -> Json:
    """The notebook as plain JSON: nbformat 4's in-memory form (strings whole).

    The result is new: changing it does not change the notebook.
    """
    return {
        "cells": [cell_to_json(cell) for cell in nb.cells],
        "metadata": thaw(nb.metadata),
        "nbformat": nb.nbformat,
        "nbformat_minor": nb.nbformat_minor,
        **thaw(nb.extra),
    }
