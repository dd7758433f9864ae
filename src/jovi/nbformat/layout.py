"""The on-disk layout of notebook JSON: which strings are split into lines, what is transient.

These are the rules that make a notebook jovi writes byte-identical to the one
nbformat writes:

* **Split on writing** (nbformat 4), with :meth:`str.splitlines` keeping the line ends:
  every cell's ``source``; in the MIME bundles of ``execute_result`` and
  ``display_data`` outputs and of cell attachments, the values of ``text/*``,
  ``image/svg+xml`` and ``application/javascript`` that are strings; the ``text`` of
  ``stream`` outputs.  Base64 images and JSON values are never split.
* **Joined on reading** (nbformat 4): a ``source`` that is a list; in bundles, every
  list of strings except under JSON MIME types (so a base64 image stored as lines
  becomes one string); the list ``text`` of any output other than
  ``execute_result``/``display_data``.  Outputs are only looked at in code cells.
* **Transient** (removed on reading and on writing): ``metadata.orig_nbformat``,
  ``metadata.orig_nbformat_minor``, ``metadata.signature`` and each cell's
  ``metadata.trusted``.
* nbformat 3 splits and joins ``input`` (code cells), ``source`` and ``rendered``
  (other cells) and the output keys ``text``, ``html``, ``svg``, ``latex``,
  ``javascript`` and ``json``; a list whose first line does not end with a newline was
  written by an old ``splitlines()`` and is joined with newlines.

The functions work in place on plain JSON that the caller owns, and tolerate any
shape (invalid notebooks are read leniently, so nothing here may assume validity).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.nbformat.cells import is_json_mime

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "V3_MULTILINE_OUTPUT_KEYS",
    "join_lines_v3",
    "join_lines_v4",
    "split_lines_v3",
    "split_lines_v4",
    "strip_transient_v3",
    "strip_transient_v4",
]

_SPLIT_NON_TEXT_MIMES = frozenset({"application/javascript", "image/svg+xml"})
_BUNDLE_OUTPUTS = frozenset({"execute_result", "display_data"})
V3_MULTILINE_OUTPUT_KEYS = ("text", "html", "svg", "latex", "javascript", "json")
"""The nbformat 3 output keys whose values are stored as lists of lines."""

Json = dict[str, Any]


def _dicts(value: object) -> Iterator[Json]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _bundles(value: object) -> Iterator[Json]:
    if isinstance(value, dict):
        yield from (item for item in value.values() if isinstance(item, dict))


def _all_strings(value: object) -> bool:
    return isinstance(value, list) and all(type(item) is str for item in value)


def _code_outputs(nb: Json) -> Iterator[Json]:
    for cell in _dicts(nb.get("cells")):
        if cell.get("cell_type") == "code":
            yield from _dicts(cell.get("outputs"))


# ------------------------------------------------------------------ nbformat 4
def _joined(value: object) -> str | None:
    """The lines of ``value`` joined, if it is a list of strings."""
    if type(value) is list:
        try:
            return "".join(value)
        except TypeError:
            return None  # not all strings
    return None


def _join_bundle(bundle: Json) -> None:
    for mime, value in bundle.items():
        if type(value) is list and not is_json_mime(mime):
            joined = _joined(value)
            if joined is not None:
                bundle[mime] = joined


def _split_bundle(bundle: Json) -> None:
    for mime, value in bundle.items():
        if isinstance(value, str) and (mime.startswith("text/") or mime in _SPLIT_NON_TEXT_MIMES):
            bundle[mime] = value.splitlines(keepends=True)


def join_lines_v4(nb: Json) -> Json:
    """Join the line lists of an nbformat 4 notebook read from a file into strings."""
    # One pass over the cells, with the checks inlined: this runs on every read.
    for cell in _dicts(nb.get("cells")):
        source = _joined(cell.get("source"))
        if source is not None:
            cell["source"] = source
        if "attachments" in cell:
            for bundle in _bundles(cell["attachments"]):
                _join_bundle(bundle)
        outputs = cell.get("outputs")
        if type(outputs) is not list or cell.get("cell_type") != "code":
            continue
        for output in outputs:
            if type(output) is not dict:
                continue
            output_type = output.get("output_type")
            if type(output_type) is not str:
                continue  # not an output the format knows: validation says so
            if output_type in _BUNDLE_OUTPUTS:
                data = output.get("data")
                if type(data) is dict:
                    _join_bundle(data)
            elif output_type:
                text = _joined(output.get("text"))
                if text is not None:
                    output["text"] = text
    return nb


def split_lines_v4(nb: Json) -> Json:
    """Split the multi-line strings of an nbformat 4 notebook for writing."""
    for cell in _dicts(nb.get("cells")):
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(keepends=True)
        for bundle in _bundles(cell.get("attachments")):
            _split_bundle(bundle)
    for output in _code_outputs(nb):
        output_type = output.get("output_type")
        if not isinstance(output_type, str):
            continue
        if output_type in _BUNDLE_OUTPUTS:
            if isinstance(output.get("data"), dict):
                _split_bundle(output["data"])
        elif output_type == "stream" and isinstance(output.get("text"), str):
            output["text"] = output["text"].splitlines(keepends=True)
    return nb


def strip_transient_v4(nb: Json) -> Json:
    """Remove the values that must never be stored in an nbformat 4 file."""
    metadata = nb.get("metadata")
    if isinstance(metadata, dict):
        for key in ("orig_nbformat", "orig_nbformat_minor", "signature"):
            metadata.pop(key, None)
    for cell in _dicts(nb.get("cells")):
        if isinstance(cell.get("metadata"), dict):
            cell["metadata"].pop("trusted", None)
    return nb


# ------------------------------------------------------------------ nbformat 3
def _v3_cells(nb: Json) -> Iterator[Json]:
    for worksheet in _dicts(nb.get("worksheets")):
        yield from _dicts(worksheet.get("cells"))


def _join_v3(lines: list[str]) -> str:
    if lines and lines[0].endswith(("\n", "\r")):
        return "".join(lines)
    # Written by splitlines() without line ends.
    return "\n".join(lines)


def _v3_text_fields(cell: Json) -> Iterator[tuple[Json, str]]:
    if cell.get("cell_type") == "code":
        yield cell, "input"
        for output in _dicts(cell.get("outputs")):
            for key in V3_MULTILINE_OUTPUT_KEYS:
                yield output, key
    else:
        yield cell, "source"
        yield cell, "rendered"


def join_lines_v3(nb: Json) -> Json:
    """Join the line lists of an nbformat 3 notebook read from a file into strings."""
    for cell in _v3_cells(nb):
        for holder, key in _v3_text_fields(cell):
            if _all_strings(holder.get(key)):
                holder[key] = _join_v3(holder[key])
    return nb


def split_lines_v3(nb: Json) -> Json:
    """Split the multi-line strings of an nbformat 3 notebook for writing."""
    for cell in _v3_cells(nb):
        for holder, key in _v3_text_fields(cell):
            if isinstance(holder.get(key), str):
                holder[key] = holder[key].splitlines(keepends=True)
    return nb


def strip_transient_v3(nb: Json) -> Json:
    """Remove the values that must never be stored in an nbformat 3 file."""
    nb.pop("orig_nbformat", None)
    nb.pop("orig_nbformat_minor", None)
    for cell in _v3_cells(nb):
        if isinstance(cell.get("metadata"), dict):
            cell["metadata"].pop("trusted", None)
        cell.pop("trusted", None)
    return nb
