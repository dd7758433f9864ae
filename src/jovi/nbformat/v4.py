"""nbformat 4 in nbformat's call shapes: ``jovi.nbformat.v4`` for ``nbformat.v4``.

Builders of notebook nodes (:func:`new_notebook`, :func:`new_code_cell`,
:func:`new_markdown_cell`, :func:`new_raw_cell`, :func:`new_output`,
:func:`output_from_msg`), each checked against its schema definition as it is
made; the version constants; :func:`upgrade` (4.0-4.4 -> 4.5, and 3 -> 4) and
:func:`downgrade` (4 -> 3); and the JSON reader and writer of this version
(:func:`reads`, :func:`writes`).  New cells get a fresh random id.

Usage::

    from jovi.nbformat.v4 import new_notebook, new_code_cell, new_output
    nb = new_notebook(cells=[new_code_cell("1 + 1", execution_count=1, outputs=[
        new_output("execute_result", {"text/plain": "2"}, execution_count=1)])])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.nbformat.cells import new_cell_id
from jovi.nbformat.node import NotebookNode, from_dict
from jovi.nbformat.nodecheck import ValidationError, get_version, validate
from jovi.nbformat.nodeio import NO_CONVERT, convert, node_from_json
from jovi.nbformat.nodeio import reads as _reads
from jovi.nbformat.nodeio import writes as _writes
from jovi.nbformat.versions import upgrade_minor

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "downgrade",
    "nbformat",
    "nbformat_minor",
    "nbformat_schema",
    "new_code_cell",
    "new_markdown_cell",
    "new_notebook",
    "new_output",
    "new_raw_cell",
    "output_from_msg",
    "reads",
    "to_notebook",
    "upgrade",
    "writes",
]

nbformat = 4
"""The major version these builders make."""
nbformat_minor = 5
"""The minor version these builders make (4.5: cell ids)."""
nbformat_schema: dict[tuple[int | None, int | None], str] = {
    (None, None): "nbformat.v4.5.schema.json",
    **{(4, minor): f"nbformat.v4.{minor}.schema.json" for minor in range(6)},
}
"""The schema file of each version (the files ship in ``jovi/nbformat/schemas``)."""

_OUTPUT_DEFAULTS: dict[str, dict[str, Any]] = {
    "stream": {"name": "stdout", "text": ""},
    "display_data": {"metadata": {}, "data": {}},
    "execute_result": {"metadata": {}, "data": {}, "execution_count": None},
    "error": {"ename": "NotImplementedError", "evalue": "", "traceback": []},
}


def _checked(node: NotebookNode, ref: str | None) -> NotebookNode:
    validate(node, ref, version=nbformat, version_minor=nbformat_minor)
    return node


def new_output(
    output_type: str, data: Mapping[str, Any] | None = None, **kwargs: Any
) -> NotebookNode:
    """A new output of a code cell: ``stream``, ``display_data``, ``execute_result``
    or ``error``, with the empty fields of its type and ``kwargs`` over them.

    Raises:
        ValidationError: the output breaks the schema of its type.
    """
    output = NotebookNode(output_type=output_type)
    output.update(from_dict(_OUTPUT_DEFAULTS.get(output_type, {})))
    output.update(kwargs)
    if data is not None:
        output.data = data
    return _checked(output, output_type if output_type in _OUTPUT_DEFAULTS else "output")


def output_from_msg(msg: Mapping[str, Any]) -> NotebookNode:
    """The output recorded for a kernel's IOPub message (``stream``, ``display_data``,
    ``execute_result``, ``error``).

    Raises:
        ValueError: the message is of another type.
    """
    msg_type = msg["header"]["msg_type"]
    content = msg["content"]
    fields = {
        "execute_result": ("data", "metadata", "execution_count"),
        "display_data": ("data", "metadata"),
        "stream": ("name", "text"),
        "error": ("ename", "evalue", "traceback"),
    }.get(msg_type)
    if fields is None:
        raise ValueError(f"a {msg_type!r} message is not an output")
    return new_output(msg_type, **{name: content[name] for name in fields})


def _new_cell(cell_type: str, source: str, kwargs: dict[str, Any]) -> NotebookNode:
    cell = NotebookNode(id=new_cell_id(), cell_type=cell_type, metadata=NotebookNode())
    cell.source = source
    if cell_type == "code":
        cell.execution_count = None
        cell.outputs = []
    cell.update(kwargs)
    return _checked(cell, f"{cell_type}_cell")


def new_code_cell(source: str = "", **kwargs: Any) -> NotebookNode:
    """A new code cell (fresh id, no outputs, not run); ``kwargs`` set its other fields."""
    return _new_cell("code", source, kwargs)


def new_markdown_cell(source: str = "", **kwargs: Any) -> NotebookNode:
    """A new Markdown cell (fresh id); ``kwargs`` set its other fields (``attachments``...)."""
    return _new_cell("markdown", source, kwargs)


def new_raw_cell(source: str = "", **kwargs: Any) -> NotebookNode:
    """A new raw cell (fresh id); ``kwargs`` set its other fields."""
    return _new_cell("raw", source, kwargs)


def new_notebook(**kwargs: Any) -> NotebookNode:
    """A new, empty nbformat 4.5 notebook; ``kwargs`` set its fields (``cells``, ``metadata``)."""
    nb = NotebookNode(
        nbformat=nbformat, nbformat_minor=nbformat_minor, metadata=NotebookNode(), cells=[]
    )
    nb.update(kwargs)
    return _checked(nb, None)


def upgrade(
    nb: Mapping[str, Any], from_version: int | None = None, from_minor: int | None = None
) -> Any:
    """``nb`` as nbformat 4.5: a 4.0-4.4 notebook is changed in place (every cell gets
    a new id), a 3 one is converted; a 4.5 one is returned as it is.

    Raises:
        ValidationError: an nbformat 4 notebook without ``nbformat_minor``.
    """
    major = from_version if from_version is not None else get_version(nb)[0]
    if major == 3:
        return convert(nb, 4)
    if major != 4:
        raise ValueError(f"upgrade() turns nbformat 3 and 4.x into 4.5, not {major!r}")
    if from_minor is None:
        if "nbformat_minor" not in nb:
            raise ValidationError(
                ["notebook: nbformat_minor is missing, and upgrading needs it"],
                path=("nbformat_minor",),
            )
        from_minor = nb["nbformat_minor"]
    if from_minor >= nbformat_minor or not isinstance(nb, dict):
        return nb
    upgrade_minor(nb)
    nb.setdefault("metadata", NotebookNode())["orig_nbformat_minor"] = from_minor
    return nb


def downgrade(nb: Mapping[str, Any]) -> Any:
    """``nb`` as nbformat 3 (ids, attachments and MIME types without a v3 name are lost)."""
    return convert(nb, 3)


def reads(text: str | bytes, **_kwargs: Any) -> NotebookNode:
    """The notebook node of nbformat 4 JSON text, in the file's own version."""
    return _reads(text, NO_CONVERT)


def to_notebook(obj: Mapping[str, Any], **_kwargs: Any) -> NotebookNode:
    """The notebook node of nbformat 4 JSON as read from a file (strings joined)."""
    return node_from_json(obj)


def writes(nb: Mapping[str, Any], **options: Any) -> str:
    """nbformat 4 JSON text of ``nb`` (``split_lines``, ``ensure_ascii`` as in nbformat)."""
    return _writes(nb, NO_CONVERT, **options)
