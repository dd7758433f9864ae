"""Notebooks as Python files: IPython 1.x's ``# <codecell>`` form and the ``# %%`` percent form.

**The ``# <codecell>`` form** (IPython 1.x "Download as .py")::

    # -*- coding: utf-8 -*-
    # <nbformat>3.0</nbformat>

    # <markdowncell>

    # The simplest notebook.

    # <codecell>

    print "Hello, IPython"

Each cell is a marker line, a blank line, its text and a blank line; code is written
as it is, markdown and raw text as ``# ``-prefixed comments.  The reader also knows
``# <htmlcell>``, ``# <plaintextcell>`` and ``# <headingcell level=N>`` (read as
markdown, as the upgrade to nbformat 4 does).  Unlike IPython's reader, which only
kept a pending *code* cell at the end of the file, jovi keeps a trailing markdown,
raw or heading cell too.  jovi writes every markdown cell as a markdown cell (IPython
turned one-line ``#`` markdown into heading cells, which does not read back the same).

**The percent form** (Spyder, VS Code, PyCharm, Jupytext)::

    # %% [markdown]
    # # A title
    # Some *text*.

    # %% tags=["parameters"]
    x = 1

A cell starts at ``# %%`` (or ``#%%``), optionally followed by a title, a type in
brackets (``[markdown]``, ``[md]``, ``[raw]``; none for code) and metadata as
``key=<JSON value>``.  Markdown and raw lines are comments; a markdown cell may also
be one triple-quoted string.  Cells are separated by a blank line.

Outputs are never written.  A text round trip keeps cell types, sources without
leading or trailing blank lines, and (percent form) JSON metadata.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from jovi.nbformat.cells import Cell, CodeCell, MarkdownCell, RawCell, UnknownCell
from jovi.nbformat.frozen import FrozenDict, thaw
from jovi.nbformat.notebook import Notebook

__all__ = [
    "PyFormat",
    "detect_py_format",
    "reads_codecell",
    "reads_percent",
    "reads_py",
    "writes_codecell",
    "writes_percent",
]

PyFormat = Literal["codecell", "percent"]

_CODING = re.compile(r"^#.*coding[:=]\s*([-\w.]+)")
_CODECELL_MARKER = re.compile(
    r"^# <(?P<kind>codecell|markdowncell|htmlcell|rawcell|plaintextcell|headingcell)"
)
_HEADING_LEVEL = re.compile(r"^# <headingcell level=(?P<level>\d)>")
_PERCENT_MARKER = re.compile(r"^# ?%%(?!%)(?P<rest>.*)$")
_PERCENT_TYPE = re.compile(r"\[(?P<type>markdown|md|raw)\]")
_OPTION_KEY = re.compile(r"\s*(?P<key>[A-Za-z_][\w.-]*)=")


def detect_py_format(text: str) -> PyFormat | None:
    """Which notebook form a Python file is in, or ``None`` for a plain script."""
    lines = text.splitlines()
    if any(line.startswith("# <nbformat>") or _CODECELL_MARKER.match(line) for line in lines):
        return "codecell"
    if any(_PERCENT_MARKER.match(line) for line in lines):
        return "percent"
    return None


def reads_py(text: str) -> Notebook:
    """A notebook from a Python file in either form; a plain script is one code cell."""
    form = detect_py_format(text)
    if form == "codecell":
        return reads_codecell(text)
    if form == "percent":
        return reads_percent(text)
    source = text.strip("\n")
    return Notebook(cells=(CodeCell(source=source),) if source else ())


def _uncomment(lines: list[str]) -> str:
    out = []
    for line in lines:
        if line.startswith("# "):
            line = line[2:]
        elif line.startswith("#"):
            line = line[1:]
        out.append(line)
    return "\n".join(out).strip("\n")


# ------------------------------------------------------------------ # <codecell>
def _codecell(kind: str, lines: list[str], level: int) -> Cell | None:
    if kind == "codecell":
        source = "\n".join(lines).strip("\n")
        return CodeCell(source=source) if source else None
    text = _uncomment(lines)
    if not text:
        return None
    if kind == "headingcell":
        return MarkdownCell(source=f"{'#' * level} {' '.join(text.splitlines())}")
    if kind in ("rawcell", "plaintextcell"):
        return RawCell(source=text)
    return MarkdownCell(source=text)  # markdowncell, htmlcell


def reads_codecell(text: str) -> Notebook:
    """A notebook from the ``# <codecell>`` form (see the module's documentation)."""
    cells: list[Cell] = []
    kind, level, lines = "codecell", 1, []
    for number, line in enumerate(text.splitlines()):
        if line.startswith("# <nbformat>") or (number < 2 and _CODING.match(line)):
            continue
        marker = _CODECELL_MARKER.match(line)
        if marker is None:
            lines.append(line)
            continue
        cell = _codecell(kind, lines, level)
        if cell is not None:
            cells.append(cell)
        kind, level, lines = marker["kind"], 1, []
        if kind == "headingcell":
            heading = _HEADING_LEVEL.match(line)
            kind, level = ("headingcell", int(heading["level"])) if heading else ("codecell", 1)
    # Whatever kind the last cell is (IPython dropped all but code here).
    cell = _codecell(kind, lines, level)
    if cell is not None:
        cells.append(cell)
    return Notebook(cells=tuple(cells))


def writes_codecell(nb: Notebook) -> str:
    """The notebook in the ``# <codecell>`` form (outputs and metadata are not written)."""
    lines = ["# -*- coding: utf-8 -*-", "# <nbformat>3.0</nbformat>", ""]
    for cell in nb.cells:
        if isinstance(cell, CodeCell):
            lines += ["# <codecell>", "", *cell.source.splitlines(), ""]
        elif isinstance(cell, MarkdownCell | RawCell):
            marker = "# <markdowncell>" if isinstance(cell, MarkdownCell) else "# <rawcell>"
            lines += [marker, "", *("# " + line for line in cell.source.splitlines()), ""]
    lines.append("")
    return "\n".join(lines)


# ------------------------------------------------------------------ # %%
def _parse_metadata(options: str) -> dict[str, object] | None:
    """``key=<JSON>`` pairs, or ``None`` when ``options`` is not made of them."""
    metadata: dict[str, object] = {}
    decoder = json.JSONDecoder()
    position = 0
    while options[position:].strip():
        key = _OPTION_KEY.match(options, position)
        if key is None:
            return None
        try:
            metadata[key["key"]], position = decoder.raw_decode(options, key.end())
        except ValueError:
            return None
    return metadata


def _parse_marker(rest: str) -> tuple[str, dict[str, object]]:
    """``(cell type, metadata)`` from what follows ``# %%`` on a marker line."""
    kind = "code"
    found = _PERCENT_TYPE.search(rest)
    if found:
        kind = "raw" if found["type"] == "raw" else "markdown"
        rest = rest[: found.start()] + " " + rest[found.end() :]
    first = _OPTION_KEY.search(rest)
    title, options = (rest[: first.start()], rest[first.start() :]) if first else (rest, "")
    metadata = _parse_metadata(options)
    if metadata is None:  # not key=value pairs after all: all of it is the title
        title, metadata = rest, {}
    if title.strip():
        metadata["title"] = title.strip()
    return kind, metadata


def _percent_cell(kind: str, metadata: dict[str, object], lines: list[str]) -> Cell:
    if kind == "code":
        return CodeCell(source="\n".join(lines).strip("\n"), metadata=FrozenDict(metadata))
    text = _uncomment(lines)
    quoted = text.strip()
    if kind == "markdown" and len(quoted) >= 6 and quoted[:3] == quoted[-3:] == '"""':
        text = quoted[3:-3].strip("\n")
    if kind == "raw":
        return RawCell(source=text, metadata=FrozenDict(metadata))
    return MarkdownCell(source=text, metadata=FrozenDict(metadata))


def reads_percent(text: str) -> Notebook:
    """A notebook from the percent form (see the module's documentation)."""
    cells: list[Cell] = []
    lines = text.splitlines()
    # A Jupytext header (a commented YAML block) is not a cell.
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start < len(lines) and lines[start] == "# ---":
        end = next((i for i in range(start + 1, len(lines)) if lines[i] == "# ---"), None)
        if end is not None:
            lines = lines[end + 1 :]
    kind: str | None = None
    metadata: dict[str, object] = {}
    body: list[str] = []
    for line in lines:
        marker = _PERCENT_MARKER.match(line)
        if marker is None:
            body.append(line)
            continue
        if kind is not None or "\n".join(body).strip():
            cells.append(_percent_cell(kind or "code", metadata, body))
        (kind, metadata), body = _parse_marker(marker["rest"]), []
    if kind is not None or "\n".join(body).strip():
        cells.append(_percent_cell(kind or "code", metadata, body))
    return Notebook(cells=tuple(cells))


def _percent_marker(cell: Cell) -> str:
    marker = "# %%"
    if isinstance(cell, MarkdownCell):
        marker += " [markdown]"
    elif isinstance(cell, RawCell):
        marker += " [raw]"
    metadata = thaw(cell.metadata)
    title = metadata.pop("title", None)
    if isinstance(title, str) and title and "[" not in title and "=" not in title:
        marker = marker.replace("# %%", f"# %% {title}", 1)
    elif title is not None:
        metadata["title"] = title
    for key in sorted(metadata):
        if _OPTION_KEY.fullmatch(f"{key}="):
            marker += f" {key}={json.dumps(metadata[key], ensure_ascii=False)}"
    return marker


def writes_percent(nb: Notebook) -> str:
    """The notebook in the percent form (outputs are not written)."""
    chunks = []
    for cell in nb.cells:
        if isinstance(cell, UnknownCell):
            continue
        lines = [_percent_marker(cell)]
        if isinstance(cell, CodeCell):
            lines += cell.source.splitlines()
        else:
            lines += [f"# {line}" if line else "#" for line in cell.source.splitlines()]
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n" if chunks else ""
