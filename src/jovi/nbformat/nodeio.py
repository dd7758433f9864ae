"""Reading and writing notebook nodes: nbformat's ``reads``, ``read``, ``writes``, ``write``, ``convert``.

These give the :class:`~jovi.nbformat.node.NotebookNode` form of a notebook, and
take it (or any plain JSON dict) back, as nbformat's functions of the same names:

* reading joins the strings stored as lists of lines and drops transient values
  (nbformat 4; nbformat 3 keeps them until writing, as nbformat does), then converts to ``as_version`` (3 or 4; :data:`NO_CONVERT` keeps the file's
  version; 4.0-4.4 stay as they are, as in nbformat), then validates;
* a notebook that breaks its schema is *returned anyway*: the first problem is
  logged as one warning line naming the file, and stored under
  ``"ValidationError"`` in ``capture_validation_error`` when a dict is given;
* what cannot be read raises: text that is not JSON or is truncated
  (:class:`~jovi.errors.NotebookReadError`), a version other than 3 and 4
  (:class:`~jovi.errors.UnsupportedNbformat`), and a notebook without its ``cells``
  (or nbformat 3 ``worksheets``) (:class:`~jovi.nbformat.nodecheck.ValidationError`);
* writing validates the same way (mending the cell ids of 4.5 notebooks, as
  nbformat does) and gives the text nbformat gives, byte for byte, without a final
  newline; :func:`write` adds it, and replaces a file atomically.

The model-based functions of :mod:`jovi.nbformat.ipynb` are jovi's own API;
:mod:`jovi.nbformat.api` chooses between the two by the call's shape.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from jovi.errors import UnsupportedNbformat
from jovi.nbformat.files import read_notebook_bytes, write_notebook_text
from jovi.nbformat.ipynb import dumps_json, parse_json
from jovi.nbformat.layout import (
    join_lines_v3,
    join_lines_v4,
    split_lines_v3,
    split_lines_v4,
    strip_transient_v3,
    strip_transient_v4,
)
from jovi.nbformat.node import NotebookNode, from_dict
from jovi.nbformat.nodecheck import ValidationError, get_version, validate
from jovi.nbformat.versions import downgrade_to_v3, upgrade_v3
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "NO_CONVERT",
    "Sentinel",
    "convert",
    "node_from_json",
    "read",
    "reads",
    "write",
    "writes",
]

log = get_logger("jovi.nbformat")


class Sentinel:
    """A named constant (nbformat's ``Sentinel``)."""

    __slots__ = ("module", "name")

    def __init__(self, name: str, module: str) -> None:
        self.name = name
        self.module = module

    def __repr__(self) -> str:
        return f"{self.module}.{self.name}"


NO_CONVERT = Sentinel("NO_CONVERT", "jovi.nbformat")
"""``as_version``/``version`` meaning: keep the notebook's own format version."""

_WRITE_OPTIONS = frozenset({"split_lines", "ensure_ascii"})


# ------------------------------------------------------------------ plain JSON
def _plain(value: Any) -> Any:
    # A deep copy as plain dicts and lists (nodes, tuples and ASCII bytes allowed).
    if isinstance(value, str | int | float | type(None)):
        return value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("ascii")  # base64 data given as bytes, as nbformat accepts
    raise TypeError(f"a notebook holds JSON values, not {type(value).__name__} ({value!r:.60})")


def _missing_key(key: str, filename: str | None) -> ValidationError:
    return ValidationError(
        [f"notebook: it cannot be read without its {key!r} list, which is missing or not a list"],
        filename=filename,
        path=(key,),
    )


def _readable(obj: object, filename: str | None) -> tuple[dict[str, Any], int]:
    """The notebook JSON with its strings joined, and its major version; what cannot be
    read at all raises."""
    if not isinstance(obj, dict):
        raise ValidationError(["notebook: the JSON is not an object"], filename=filename)
    major = obj.get("nbformat")
    if major is None:
        major = 3 if "worksheets" in obj and "cells" not in obj else 4
    if major not in (3, 4) or isinstance(major, bool):
        raise UnsupportedNbformat(
            f"is an nbformat {major!r} notebook; jovi reads nbformat 3 and 4", filename=filename
        )
    if major == 3:
        worksheets = obj.get("worksheets")
        if not isinstance(worksheets, list):
            raise _missing_key("worksheets", filename)
        if not all(isinstance(ws, dict) and isinstance(ws.get("cells"), list) for ws in worksheets):
            raise _missing_key("cells", filename)
        join_lines_v3(obj)  # transient values stay until writing, as in nbformat
    else:
        if not isinstance(obj.get("cells"), list):
            raise _missing_key("cells", filename)
        strip_transient_v4(join_lines_v4(obj))
    return obj, major


def _report(nb: Any, capture: dict[str, Any] | None, filename: str | None) -> None:
    try:
        validate(nb, filename=filename)
    except ValidationError as error:
        log.warning("%s", error)
        if isinstance(capture, dict):
            capture["ValidationError"] = error


# ------------------------------------------------------------------ converting
def convert(nb: Mapping[str, Any], to_version: int) -> Any:
    """``nb`` in nbformat ``to_version`` (3 or 4): the same object when it already is.

    Upgrading 3 -> 4 gives nbformat 4.5 (new cell ids); downgrading 4 -> 3 loses cell
    ids, attachments and MIME types nbformat 3 has no name for.

    Raises:
        UnsupportedNbformat: a version other than 3 and 4.
        ValidationError: the notebook lacks what the conversion needs.
    """
    major, minor = get_version(nb)
    if major == to_version:
        return nb
    if to_version not in (3, 4) or major not in (3, 4):
        raise UnsupportedNbformat(
            f"jovi converts notebooks between nbformat 3 and 4, not from {major!r} to "
            f"{to_version!r}"
        )
    obj = _plain(nb)
    if major == 3:
        if not isinstance(obj.get("metadata"), dict):
            message = "notebook: it could not be converted from nbformat 3 to 4: its 'metadata' is missing"
            raise ValidationError([message], path=("metadata",))
        upgrade_v3(obj)
        obj["metadata"]["orig_nbformat"] = 3
        obj["metadata"]["orig_nbformat_minor"] = minor
        return from_dict(obj)
    obj.setdefault("metadata", {})
    return from_dict(downgrade_to_v3(obj))


# ------------------------------------------------------------------ reading
def node_from_json(obj: object, *, filename: str | None = None) -> NotebookNode:
    """The notebook node of notebook JSON as a file holds it (strings joined, transient
    values dropped, no conversion, not validated); ``obj`` is not changed."""
    readable, _major = _readable(_plain(obj), filename)
    node: NotebookNode = from_dict(readable)
    return node


def reads(
    text: str | bytes,
    as_version: int | Sentinel,
    capture_validation_error: dict[str, Any] | None = None,
    *,
    filename: str | None = None,
) -> NotebookNode:
    """The notebook in ``text`` as a :class:`NotebookNode` of ``as_version``."""
    obj, _major = _readable(parse_json(text, filename=filename), filename)
    node: NotebookNode = from_dict(obj)
    if as_version is not NO_CONVERT:
        node = convert(node, int(as_version))  # type: ignore[arg-type]
    _report(node, capture_validation_error, filename)
    return node


def read(
    source: Any,
    as_version: int | Sentinel,
    capture_validation_error: dict[str, Any] | None = None,
) -> NotebookNode:
    """The notebook in a file: an open file (anything with ``read``), a path or a file
    descriptor (see :func:`reads`)."""
    reader = getattr(source, "read", None)
    if callable(reader):
        name = getattr(source, "name", None)
        filename = name if isinstance(name, str) and not name.startswith("<") else None
        return reads(reader(), as_version, capture_validation_error, filename=filename)
    if not isinstance(source, str | bytes | os.PathLike | int) or isinstance(source, bool):
        raise TypeError(f"read() takes a file, a path or a file descriptor, not {source!r:.60}")
    filename = os.fsdecode(source) if not isinstance(source, int) else None
    data = read_notebook_bytes(source if isinstance(source, int) else os.fsdecode(source))
    return reads(data, as_version, capture_validation_error, filename=filename)


# ------------------------------------------------------------------ writing
def writes(
    nb: Mapping[str, Any],
    version: int | Sentinel = NO_CONVERT,
    capture_validation_error: dict[str, Any] | None = None,
    *,
    filename: str | None = None,
    **options: Any,
) -> str:
    """The file text of the notebook ``nb``, as nbformat writes it (no final newline).

    Options: ``split_lines=False`` keeps multi-line strings whole; ``ensure_ascii``
    escapes non-ASCII characters (nbformat 3 files always do).
    """
    unknown = set(options) - _WRITE_OPTIONS
    if unknown:
        raise TypeError(f"writes() got unknown options: {', '.join(sorted(unknown))}")
    if version is not NO_CONVERT:
        nb = convert(nb, int(version))  # type: ignore[arg-type]
    major, _minor = get_version(nb)
    _report(nb, capture_validation_error, filename)
    obj = _plain(nb)
    if major == 3:
        split, strip = split_lines_v3, strip_transient_v3
    elif major == 4:
        split, strip = split_lines_v4, strip_transient_v4
    else:
        raise UnsupportedNbformat(f"jovi writes nbformat 3 and 4, not {major!r}")
    if options.get("split_lines", True):
        split(obj)
    strip(obj)
    return dumps_json(obj, ensure_ascii=bool(options.get("ensure_ascii", major == 3)))


def write(
    nb: Mapping[str, Any],
    target: Any,
    version: int | Sentinel = NO_CONVERT,
    capture_validation_error: dict[str, Any] | None = None,
    **options: Any,
) -> None:
    """Write the notebook to an open file (anything with ``write``) or to a path;
    a file at a path is replaced atomically, through symbolic links."""
    writer = getattr(target, "write", None)
    if callable(writer):
        name = getattr(target, "name", None)
        filename = name if isinstance(name, str) and not name.startswith("<") else None
        text = writes(nb, version, capture_validation_error, filename=filename, **options)
        writer(text if text.endswith("\n") else text + "\n")
        return
    if not isinstance(target, str | bytes | os.PathLike):
        raise TypeError(f"write() takes a file or a path, not {target!r:.60}")
    path = os.fsdecode(target)
    text = writes(nb, version, capture_validation_error, filename=path, **options)
    write_notebook_text(path, text if text.endswith("\n") else text + "\n")
