"""Converting notebook JSON between format versions: 3 -> 4.5, 4.0-4.4 -> 4.5, 4 -> 3.

These work on plain JSON (strings joined) and give the same result as nbformat's
conversions, apart from the random cell ids:

* **3 -> 4.5**: the worksheets' cells are flattened, in order, into ``cells``;
  ``metadata.name`` and ``metadata.signature`` go.  Each cell gets ``metadata`` (if it
  had none) and a fresh id.  Code cells lose ``language``, move ``collapsed`` into
  their metadata and rename ``input`` -> ``source`` and ``prompt_number`` ->
  ``execution_count``.  Heading cells become markdown ``"#" * level + " " + text``
  (the text's lines joined with spaces); html cells become markdown.  Outputs:
  ``pyout`` -> ``execute_result`` (``prompt_number`` -> ``execution_count``) and, for
  it and ``display_data``, every other key moves into ``data`` with the short keys
  renamed to MIME types (``json`` is parsed); the keys of their ``metadata`` are
  renamed the same way; ``pyerr`` -> ``error``; ``stream.stream`` -> ``stream.name``.
* **4.0-4.4 -> 4.5**: every cell gets a fresh id.
* **4 -> 3** (:func:`downgrade_to_v3`): the reverse, losing ids, attachments, MIME
  types that have no short v3 key, and ``metadata.collapsed`` of code cells moves back.

The upgrades tolerate malformed input (the lenient reader uses them on anything):
what they cannot make sense of is carried over unchanged for validation to report.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from jovi.nbformat.cells import new_cell_id

__all__ = [
    "V3_MIME_KEYS",
    "downgrade_to_v3",
    "mend_cell_ids",
    "upgrade_minor",
    "upgrade_v3",
]

Json = dict[str, Any]

V3_MIME_KEYS = {
    "text": "text/plain",
    "html": "text/html",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "latex": "text/latex",
    "json": "application/json",
    "javascript": "application/javascript",
}
"""nbformat 3's short output keys and the MIME types nbformat 4 uses for them."""

_HEADING = re.compile(r"(#+)\s*(.*)")


def _rename_short_keys(bundle: Json) -> Json:
    for short, mime in V3_MIME_KEYS.items():
        if short in bundle:
            bundle[mime] = bundle.pop(short)
    return bundle


def _upgrade_output(output: object) -> object:
    if not isinstance(output, dict):
        return output
    output_type = output.get("output_type")
    if output_type in ("pyout", "display_data"):
        output.setdefault("metadata", {})
        if output_type == "pyout":
            output["output_type"] = "execute_result"
            output["execution_count"] = output.pop("prompt_number", None)
        keep = {"output_type", "execution_count", "metadata"}
        data = {key: output.pop(key) for key in list(output) if key not in keep}
        output["data"] = _rename_short_keys(data)
        if isinstance(output["metadata"], dict):
            _rename_short_keys(output["metadata"])
        if isinstance(data.get("application/json"), str):
            # nbformat 3 stored JSON data as text; a text that is not JSON stays text.
            with contextlib.suppress(ValueError):
                data["application/json"] = json.loads(data["application/json"])
    elif output_type == "pyerr":
        output["output_type"] = "error"
    elif output_type == "stream":
        output["name"] = output.pop("stream", "stdout")
    return output


def _upgrade_cell(cell: object, taken: set[str]) -> object:
    if not isinstance(cell, dict):
        return cell
    cell.setdefault("metadata", {})
    cell["id"] = new_cell_id(taken)
    taken.add(cell["id"])
    cell_type = cell.get("cell_type")
    if cell_type == "code":
        cell.pop("language", None)
        if "collapsed" in cell and isinstance(cell["metadata"], dict):
            cell["metadata"]["collapsed"] = cell.pop("collapsed")
        cell["source"] = cell.pop("input", "")
        cell["execution_count"] = cell.pop("prompt_number", None)
        outputs = cell.get("outputs")
        if isinstance(outputs, list):
            cell["outputs"] = [_upgrade_output(output) for output in outputs]
    elif cell_type == "heading":
        cell["cell_type"] = "markdown"
        level = cell.pop("level", 1)
        source = cell.get("source", "")
        text = " ".join(source.splitlines()) if isinstance(source, str) else source
        hashes = "#" * level if isinstance(level, int) else "#"
        cell["source"] = f"{hashes} {text}"
    elif cell_type == "html":
        cell["cell_type"] = "markdown"
    return cell


def upgrade_v3(nb: Json) -> Json:
    """Upgrade nbformat 3 JSON (strings joined) to nbformat 4.5, in place.

    Returns:
        The same dict, now a 4.5 notebook; every cell has a new unique id.
    """
    nb.pop("orig_nbformat", None)
    nb.pop("orig_nbformat_minor", None)
    nb["nbformat"], nb["nbformat_minor"] = 4, 5
    taken: set[str] = set()
    cells: list[object] = []
    worksheets = nb.pop("worksheets", [])
    for worksheet in worksheets if isinstance(worksheets, list) else ():
        worksheet_cells = worksheet.get("cells") if isinstance(worksheet, dict) else None
        if isinstance(worksheet_cells, list):
            cells += (_upgrade_cell(cell, taken) for cell in worksheet_cells)
    nb["cells"] = cells
    metadata = nb.setdefault("metadata", {})
    if isinstance(metadata, dict):
        metadata.pop("name", None)
        metadata.pop("signature", None)
    return nb


def upgrade_minor(nb: Json) -> Json:
    """Upgrade nbformat 4.0-4.4 JSON to 4.5, in place: every cell gets a new unique id."""
    minor = nb.get("nbformat_minor")
    if isinstance(minor, int) and minor >= 5:
        return nb
    taken: set[str] = set()
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else ():
        if isinstance(cell, dict):
            cell["id"] = new_cell_id(taken)
            taken.add(cell["id"])
    nb["nbformat_minor"] = 5
    return nb


def mend_cell_ids(nb: Json) -> list[tuple[int, str | None, str]]:
    """Give the cells of nbformat 4.5+ JSON that have no id, or repeat an earlier
    cell's id, a new one, in place (what nbformat does on reading).

    A malformed id (not a string) is left for validation to report.

    Returns:
        ``(cell index, old id or None, new id)`` for each cell changed.
    """
    cells = nb.get("cells")
    if not isinstance(cells, list):
        return []
    taken = {c["id"] for c in cells if isinstance(c, dict) and isinstance(c.get("id"), str)}
    seen: set[str] = set()
    mended: list[tuple[int, str | None, str]] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        old = cell.get("id")
        if "id" in cell and not isinstance(old, str):
            continue
        if isinstance(old, str) and old not in seen:
            seen.add(old)
            continue
        cell["id"] = new = new_cell_id(taken)
        taken.add(new)
        seen.add(new)
        mended.append((index, old, new))
    return mended


# ------------------------------------------------------------------ 4 -> 3
def _downgrade_output(output: Json) -> Json:
    output_type = output.get("output_type")
    if output_type in ("execute_result", "display_data"):
        if output_type == "execute_result":
            output["output_type"] = "pyout"
            output["prompt_number"] = output.pop("execution_count", None)
        data = output.pop("data", {})
        if "application/json" in data:
            data["application/json"] = json.dumps(data["application/json"])
        output.update({short: data[mime] for short, mime in V3_MIME_KEYS.items() if mime in data})
    elif output_type == "error":
        output["output_type"] = "pyerr"
    elif output_type == "stream":
        output["stream"] = output.pop("name", "stdout")
    return output


def _downgrade_cell(cell: Json) -> Json:
    cell_type = cell.get("cell_type")
    if cell_type == "code":
        cell["language"] = "python"
        cell["input"] = cell.pop("source", "")
        cell["prompt_number"] = cell.pop("execution_count", None)
        cell["collapsed"] = cell.get("metadata", {}).pop("collapsed", False)
        cell["outputs"] = [_downgrade_output(output) for output in cell.get("outputs", [])]
    elif cell_type == "markdown":
        source = cell.get("source", "")
        match = _HEADING.match(source) if "\n" not in source else None
        if match:
            cell["cell_type"] = "heading"
            cell["source"] = match.group(2)
            cell["level"] = len(match.group(1))
    cell.pop("id", None)
    cell.pop("attachments", None)
    return cell


def downgrade_to_v3(nb: Json) -> Json:
    """Downgrade nbformat 4 JSON (strings joined, valid) to nbformat 3.0, in place.

    A markdown cell that is one line starting with ``#`` becomes a heading cell;
    ids, attachments and MIME types without a v3 short key are lost.
    """
    nb["nbformat"], nb["nbformat_minor"] = 3, 0
    cells = [_downgrade_cell(cell) for cell in nb.pop("cells", [])]
    nb["worksheets"] = [{"cells": cells, "metadata": {}}]
    nb.setdefault("metadata", {}).setdefault("name", "")
    nb["metadata"].pop("orig_nbformat", None)
    nb["metadata"].pop("orig_nbformat_minor", None)
    return nb
