"""``reads``, ``read``, ``writes``, ``write``, ``validate``: jovi's API and nbformat's, by call shape.

One name serves both, chosen by how it is called, so that code written for nbformat
runs after ``import jovi.nbformat as nbformat``:

| call | is | gives |
|---|---|---|
| ``reads(text)``, ``read(path)`` | jovi's | an immutable :class:`~jovi.nbformat.notebook.Notebook` (4.5) |
| ``reads(text, as_version=4)``, ``read(path_or_file, 4)`` | nbformat's | a mutable :class:`~jovi.nbformat.node.NotebookNode` |
| ``writes(notebook)``, ``write(notebook, path)`` | jovi's | the file text; an invalid notebook is refused |
| ``writes(node_or_dict)``, ``write(node_or_dict, path_or_file)`` | nbformat's | nbformat's text; problems are logged |
| ``validate(notebook)`` | jovi's | raises for any problem |
| ``validate(node_or_dict, ref=None, version=None, ...)`` | nbformat's | raises, after mending 4.5 cell ids |

nbformat's shape is the one with ``as_version`` (reading) or with a dict or node
(writing, validating).  Both raise :class:`~jovi.nbformat.nodecheck.ValidationError`
for schema problems (a :class:`~jovi.errors.NotebookValidationError` and a
``ValueError``), so ``except nbformat.ValidationError`` and
``except NotebookValidationError`` both work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, overload

from jovi.errors import NotebookValidationError
from jovi.nbformat import ipynb, nodecheck, nodeio
from jovi.nbformat.convert import to_json
from jovi.nbformat.files import read_notebook_bytes, write_notebook_text
from jovi.nbformat.nodeio import NO_CONVERT, Sentinel
from jovi.nbformat.notebook import Notebook
from jovi.nbformat.validate import validate as validate_json

if TYPE_CHECKING:
    import os

    from jovi.nbformat.node import NotebookNode

__all__ = ["read", "reads", "validate", "write", "writes"]


class _JoviShape(Sentinel):
    """Marks an argument that was not given: the call is jovi's shape."""


_JOVI = _JoviShape("<not given>", "jovi.nbformat")


# ------------------------------------------------------------------ reading
@overload
def reads(text: str | bytes, *, upgrade: bool = ..., filename: str | None = ...) -> Notebook: ...
@overload
def reads(
    text: str | bytes,
    as_version: int | Sentinel,
    capture_validation_error: dict[str, Any] | None = ...,
    *,
    filename: str | None = ...,
) -> NotebookNode: ...
def reads(
    text: str | bytes,
    as_version: int | Sentinel = _JOVI,
    capture_validation_error: dict[str, Any] | None = None,
    *,
    upgrade: bool = True,
    filename: str | None = None,
) -> Notebook | NotebookNode:
    """Read a notebook from the text of its file.

    ``reads(text)`` gives jovi's :class:`Notebook` (see :func:`jovi.nbformat.ipynb.reads`:
    nbformat 3 and 4.0-4.4 upgraded to 4.5 unless ``upgrade=False``; an invalid
    notebook raises).  ``reads(text, as_version)`` gives nbformat's
    :class:`NotebookNode` (see :func:`jovi.nbformat.nodeio.reads`: an invalid
    notebook is returned, its problem logged and put in ``capture_validation_error``).
    """
    if as_version is _JOVI:
        if capture_validation_error is not None:
            raise TypeError("capture_validation_error goes with as_version (nbformat's shape)")
        return ipynb.reads(text, upgrade=upgrade, filename=filename)
    return nodeio.reads(text, as_version, capture_validation_error, filename=filename)


@overload
def read(source: str | os.PathLike[str], *, upgrade: bool = ...) -> Notebook: ...
@overload
def read(
    source: Any,
    as_version: int | Sentinel,
    capture_validation_error: dict[str, Any] | None = ...,
) -> NotebookNode: ...
def read(
    source: Any,
    as_version: int | Sentinel = _JOVI,
    capture_validation_error: dict[str, Any] | None = None,
    *,
    upgrade: bool = True,
) -> Notebook | NotebookNode:
    """Read a notebook file: ``read(path)`` gives jovi's :class:`Notebook`,
    ``read(path_or_file, as_version)`` nbformat's :class:`NotebookNode` (see :func:`reads`).

    Raises:
        NotebookReadError: not a notebook, or a directory, FIFO or device.
        OSError: the file cannot be read.
    """
    if as_version is not _JOVI:
        return nodeio.read(source, as_version, capture_validation_error)
    if capture_validation_error is not None:
        raise TypeError("capture_validation_error goes with as_version (nbformat's shape)")
    reader = getattr(source, "read", None)
    if callable(reader):
        name = getattr(source, "name", None)
        filename = name if isinstance(name, str) and not name.startswith("<") else None
        return ipynb.reads(reader(), upgrade=upgrade, filename=filename)
    return ipynb.reads(read_notebook_bytes(source), upgrade=upgrade, filename=str(source))


# ------------------------------------------------------------------ writing
def _jovi_version(version: int | Sentinel) -> int:
    return 4 if version is NO_CONVERT or version is _JOVI else int(version)  # type: ignore[arg-type]


def writes(
    nb: Notebook | Mapping[str, Any],
    version: int | Sentinel = _JOVI,
    capture_validation_error: dict[str, Any] | None = None,
    *,
    filename: str | None = None,
    **options: Any,
) -> str:
    """The text of a notebook file.

    For jovi's :class:`Notebook`: validated first (a problem raises and nothing is
    written), ending with a newline; ``version=3`` downgrades.  For a
    :class:`NotebookNode` or dict: nbformat's text, without the final newline
    (see :func:`jovi.nbformat.nodeio.writes`).
    """
    if isinstance(nb, Notebook):
        if capture_validation_error is not None or options:
            raise TypeError("capture_validation_error and options go with nbformat's notebooks")
        return ipynb.writes(nb, version=_jovi_version(version), filename=filename)
    if not isinstance(nb, Mapping):
        raise TypeError(f"writes() takes a notebook, not {type(nb).__name__}")
    shape_version = NO_CONVERT if version is _JOVI else version
    return nodeio.writes(nb, shape_version, capture_validation_error, filename=filename, **options)


def write(
    nb: Notebook | Mapping[str, Any],
    target: Any,
    version: int | Sentinel = _JOVI,
    capture_validation_error: dict[str, Any] | None = None,
    **options: Any,
) -> None:
    """Write a notebook to a path (atomically, through symbolic links, keeping the
    file's permissions) or to an open file (see :func:`writes`)."""
    if not isinstance(nb, Notebook):
        shape_version = NO_CONVERT if version is _JOVI else version
        nodeio.write(nb, target, shape_version, capture_validation_error, **options)
        return
    if capture_validation_error is not None or options:
        raise TypeError("capture_validation_error and options go with nbformat's notebooks")
    writer = getattr(target, "write", None)
    if callable(writer):
        writer(ipynb.writes(nb, version=_jovi_version(version)))
        return
    text = ipynb.writes(nb, version=_jovi_version(version), filename=str(target))
    write_notebook_text(target, text)


# ------------------------------------------------------------------ validating
def validate(
    nb: Notebook | Mapping[str, Any] | None = None,
    ref: str | tuple[int, int] | None = None,
    version: int | tuple[int, int] | None = None,
    version_minor: int | None = None,
    relax_add_props: bool = False,
    *,
    filename: str | None = None,
) -> None:
    """Check a notebook against its format's schema.

    ``validate(notebook)`` checks jovi's :class:`Notebook`;
    ``validate(node_or_dict, ref=None, version=None, version_minor=None)`` is
    nbformat's (see :func:`jovi.nbformat.nodecheck.validate`).  A ``(major, minor)``
    tuple as the second argument or as ``version`` checks against that version and
    changes nothing.

    Raises:
        ValidationError: the first problem names the cell and field; ``problems``
            lists them all.
    """
    if isinstance(ref, tuple):
        ref, version = None, ref
    if isinstance(nb, Notebook) or isinstance(version, tuple):
        obj = to_json(nb) if isinstance(nb, Notebook) else nb
        checked = version if isinstance(version, tuple) else None
        try:
            validate_json(obj, checked, filename=filename)  # type: ignore[arg-type]
        except NotebookValidationError as error:
            raise nodecheck.ValidationError(error.problems, filename=filename) from None
        return
    nodecheck.validate(nb, ref, version, version_minor, relax_add_props, filename=filename)
