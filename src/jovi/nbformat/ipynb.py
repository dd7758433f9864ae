""".ipynb text and plain JSON <-> :class:`Notebook`: reading (any version) and writing.

**Reading**, in order (the steps nbformat takes, so that the result is the same):

1. parse the JSON, with msgspec (twice as fast), or with :mod:`json` for what
   msgspec refuses (a broken file raises :class:`~jovi.errors.NotebookReadError`
   naming the file, the cell and the problem; so does JSON nested too deeply);
2. find the version; nbformat 3 and 4 are read, others raise
   :class:`~jovi.errors.UnsupportedNbformat`;
3. join the strings stored as lists of lines, and drop transient values
   (:mod:`jovi.nbformat.layout`);
4. nbformat 3: validate against the 3.0 schema, then upgrade to 4.5
   (:mod:`jovi.nbformat.versions`);
5. nbformat 4.0-4.4 whose cells have ids (written by tools that add ids but keep
   an old version number; every Jupyter tool reads them): read as 4.5, ids kept;
   nbformat 4.5 and later: give cells without an id, or with an id an earlier cell
   already has, a new id (nbformat does the same);
6. validate against the schema of the version; a problem raises
   :class:`~jovi.errors.NotebookValidationError`;
7. nbformat 4.0-4.4: upgrade to 4.5 (cell ids), unless ``upgrade=False``.

The repairs of step 5 (which lose nothing) are logged by :func:`reads`, one warning
line each naming the file.

The *lenient* functions (:func:`reads_lenient`, :func:`read_lenient`) do not raise
for what they can repair: a truncated or partly broken file keeps every cell before
the break, and schema problems are fixed by dropping the broken parts
(:mod:`jovi.nbformat.repair`).  Their :class:`ReadReport` says what was dropped.

**Writing** gives the exact text nbformat writes (checked byte for byte in the
tests): JSON with an indent of one space, keys sorted, ``", "``/``": "`` separators,
non-ASCII characters as themselves (nbformat 4; nbformat 3 escaped them), multi-line
strings split into lists of lines as :mod:`jovi.nbformat.layout` says, transient
values removed, lone surrogates as ``\\u`` escapes (so UTF-8 can store them), and a
newline at the end of the file.  A notebook is validated
before it is written (never store a notebook that nothing can read back), and files are replaced atomically: a failed write leaves the old file.
"""

from __future__ import annotations

import codecs
import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jovi.errors import NotebookReadError, NotebookValidationError, UnsupportedNbformat
from jovi.nbformat.convert import notebook_from_json, to_json
from jovi.nbformat.files import read_notebook_bytes, write_notebook_text
from jovi.nbformat.jsonscan import BreakPoint, scan
from jovi.nbformat.layout import (
    join_lines_v3,
    join_lines_v4,
    split_lines_v3,
    split_lines_v4,
    strip_transient_v3,
    strip_transient_v4,
)
from jovi.nbformat.repair import repair
from jovi.nbformat.schema import describe_value
from jovi.nbformat.validate import find_problems, format_path, validate
from jovi.nbformat.versions import downgrade_to_v3, mend_cell_ids, upgrade_minor, upgrade_v3
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Mapping

    from jovi.nbformat.notebook import Notebook

__all__ = [
    "LONE_SURROGATE",
    "ReadReport",
    "dumps_json",
    "from_json",
    "parse_json",
    "read",
    "read_lenient",
    "reads",
    "reads_lenient",
    "reads_lenient_json",
    "write",
    "writes",
]

Json = dict[str, Any]

log = get_logger("jovi.nbformat")

_NESTING = (
    "its JSON has objects or lists inside one another hundreds of levels deep "
    "(no notebook needs more than a few dozen)"
)
_TOO_DEEP = f"is nested too deeply to read: {_NESTING}"
_TOO_DEEP_TO_WRITE = f"notebook: it is nested too deeply to write: {_NESTING}"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate code point: text that UTF-8 cannot encode."""


@dataclass(frozen=True, slots=True)
class ReadReport:
    """A notebook read leniently, and what had to change to read it.

    Attributes:
        notebook: The notebook.
        original_version: The (major, minor) format version of the file.
        changes: One line per thing dropped or repaired, naming its cell; empty when
            the file was a valid notebook.
    """

    notebook: Notebook
    original_version: tuple[int, int]
    changes: tuple[str, ...] = ()


# ------------------------------------------------------------------ public API
def reads(text: str | bytes, *, upgrade: bool = True, filename: str | None = None) -> Notebook:
    """Read a notebook from its JSON text (nbformat 3 or 4).

    Args:
        text: The file's content; bytes are decoded as UTF-8 (a BOM is allowed).
        upgrade: Upgrade nbformat 4.0-4.4 to 4.5 (cell ids).  nbformat 3 is always
            upgraded to 4.5.
        filename: Named in error messages.

    Raises:
        NotebookReadError: not JSON, truncated JSON, or not a JSON object.
        UnsupportedNbformat: a format version other than 3 and 4.
        NotebookValidationError: the notebook breaks its version's schema.
    """
    obj = _parse(text, filename, lenient=False, changes=[])
    changes: list[str] = []
    notebook = _load(obj, upgrade=upgrade, lenient=False, filename=filename, changes=changes)[0]
    for change in changes:
        log.warning("%s: %s", filename or "notebook", change)
    return notebook


def read(path: str | os.PathLike[str], *, upgrade: bool = True) -> Notebook:
    """Read the notebook file ``path`` (see :func:`reads`).

    Raises:
        NotebookReadError: also when ``path`` is a directory, a FIFO or a device.
        OSError: the file cannot be read.
    """
    return reads(read_notebook_bytes(path), upgrade=upgrade, filename=str(path))


def reads_lenient(
    text: str | bytes,
    *,
    upgrade: bool = True,
    filename: str | None = None,
    salvage: bool = True,
) -> ReadReport:
    """Read what can be read of a notebook, and report what could not.

    Args:
        text: The file's content.
        upgrade: As for :func:`reads`.
        filename: Named in messages.
        salvage: Also keep what comes before the break of a file that is not valid
            JSON (a truncated file); with ``False`` such a file raises, and only
            notebooks that are JSON are repaired.

    Raises:
        NotebookReadError: nothing usable (not JSON from the first character on; or
            broken JSON, without ``salvage``).
        UnsupportedNbformat: a format version other than 3 and 4.
    """
    changes: list[str] = []
    obj = _parse(text, filename, lenient=salvage, changes=changes)
    notebook, version = _load(
        obj, upgrade=upgrade, lenient=True, filename=filename, changes=changes
    )
    return ReadReport(notebook, version, tuple(changes))


def reads_lenient_json(
    text: str | bytes, *, upgrade: bool = True, filename: str | None = None
) -> tuple[Json, tuple[str, ...]]:
    """:func:`reads_lenient` without building the model: the notebook as the JSON the
    model's :func:`~jovi.nbformat.convert.to_json` would give (for a server that sends
    it on as JSON), and what was repaired.  A file that is not JSON is refused.

    Raises:
        NotebookReadError: not JSON, or not a notebook.
        UnsupportedNbformat: a format version other than 3 and 4.
    """
    changes: list[str] = []
    obj = _parse(text, filename, lenient=False, changes=changes)
    try:
        prepared, _ = _prepare_object(
            obj, upgrade=upgrade, lenient=True, filename=filename, changes=changes
        )
    except RecursionError:
        raise NotebookReadError(_TOO_DEEP, filename=filename) from None
    return prepared, tuple(changes)


def read_lenient(path: str | os.PathLike[str], *, upgrade: bool = True) -> ReadReport:
    """Read what can be read of the notebook file ``path`` (see :func:`reads_lenient`)."""
    return reads_lenient(read_notebook_bytes(path), upgrade=upgrade, filename=str(path))


def from_json(
    obj: Mapping[str, object], *, upgrade: bool = True, filename: str | None = None
) -> Notebook:
    """Read a notebook given as plain JSON, e.g. received from the browser.

    The same as :func:`reads` after parsing: any supported version, strings joined or
    split into lines.  ``obj`` itself is not changed.
    """
    try:
        copied = _copy_json(obj)
    except RecursionError:
        raise NotebookReadError(_TOO_DEEP, filename=filename) from None
    return _load(copied, upgrade=upgrade, lenient=False, filename=filename, changes=[])[0]


def parse_json(text: str | bytes, *, filename: str | None = None) -> object:
    """The JSON value of a notebook file's text (bytes are UTF-8, a BOM is allowed).

    Raises:
        NotebookReadError: it is not JSON (the message says where it breaks and in
            which cell), is truncated, or is nested too deeply to read.
    """
    return _parse(text, filename, lenient=False, changes=[])


# ------------------------------------------------------------------ parsing
def _copy_json(value: object) -> Any:
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_copy_json(item) for item in value]
    return value


def _decode(text: str | bytes, filename: str | None) -> str:
    if isinstance(text, str):
        return text.removeprefix("\ufeff")
    try:
        return text.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = f"byte {error.start} is {text[error.start]:#04x}"
        raise NotebookReadError(
            f"is not a notebook: it is not UTF-8 text ({byte})", filename=filename
        ) from None


def _where(point: BreakPoint) -> str:
    path = point.path
    if point.cell_index is not None:
        depth = 2 if path[0] == "cells" else 4
        where = f"cell {point.cell_index}"
        if point.cell_index in point.cell_ids:
            where += f" (id {point.cell_ids[point.cell_index]!r})"
        field = format_path(path[depth:])
        return f"{where}, at {field}" if field else where
    return format_path(path) or "the notebook"


@functools.cache
def _fast_decoder() -> Callable[[str | bytes], object]:
    import msgspec  # noqa: PLC0415 - with the first notebook read

    return msgspec.json.Decoder().decode


def _parse(text: str | bytes, filename: str | None, *, lenient: bool, changes: list[str]) -> object:
    # msgspec parses valid UTF-8 JSON twice as fast as json; anything it refuses
    # (broken JSON, NaN, lone surrogates...) takes the json path, which says why.
    data = text[3:] if isinstance(text, bytes) and text.startswith(codecs.BOM_UTF8) else text
    try:
        return _fast_decoder()(data)
    except (ValueError, RecursionError):
        pass  # msgspec.DecodeError is a ValueError
    decoded = _decode(text, filename)
    try:
        return json.loads(decoded)
    except json.JSONDecodeError as error:
        failure = error
    except RecursionError:
        raise NotebookReadError(_TOO_DEEP, filename=filename) from None
    stripped = decoded.strip()
    if not stripped:
        raise NotebookReadError("is empty, not a notebook", filename=filename)
    if not stripped.startswith("{"):
        raise NotebookReadError(
            f"is not a notebook: it is not JSON (it starts with {describe_value(stripped[:30])})",
            filename=filename,
        )
    point = scan(decoded, failure.pos)
    position = f"line {failure.lineno}, column {failure.colno}"
    if failure.pos >= len(decoded.rstrip()) or failure.msg.startswith("Unterminated string"):
        problem = f"is truncated: the file ends inside {_where(point)} ({position})"
    else:
        problem = f"is not valid JSON at {position}, inside {_where(point)}: {failure.msg}"
    salvaged = point.salvage() if lenient else None
    if salvaged is not None:
        try:
            obj = json.loads(salvaged)
        except json.JSONDecodeError:
            obj = None
        if isinstance(obj, dict):
            cells = obj.get("cells")
            kept = len(cells) if isinstance(cells, list) else 0
            changes.append(f"the notebook {problem}; kept the {kept} cells before it")
            return obj
    raise NotebookReadError(problem, filename=filename)


# ------------------------------------------------------------------ versions
def _version_field(obj: Json, key: str, default: int, *, lenient: bool, changes: list[str]) -> int:
    value = obj.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    what = "is missing" if value is None else f"{describe_value(value)} is not a version number"
    if not lenient:
        raise NotebookValidationError([f"notebook: {key} {what}"])
    changes.append(f"notebook: {key} {what}; read as {default}")
    obj[key] = default
    return default


def _cell_list(indices: list[int]) -> str:
    shown = ", ".join(str(index) for index in indices[:5])
    more = len(indices) - 5
    return f"cells {shown} and {more} more" if more > 0 else f"cells {shown}"


def _fix_ids(obj: Json, changes: list[str]) -> None:
    # nbformat 4.5+: cells need unique ids; a missing or repeated id is replaced (as nbformat
    # does).  One line for one cell; one line for all the cells of a kind when there are more.
    mended = mend_cell_ids(obj)
    missing = [(index, new) for index, old, new in mended if old is None]
    repeated = [(index, old, new) for index, old, new in mended if old is not None]
    if len(missing) == 1:
        changes.append(f"cell {missing[0][0]}: had no id; gave it the id {missing[0][1]!r}")
    elif missing:
        changes.append(f"{_cell_list([i for i, _ in missing])} had no id; gave them new ids")
    if len(repeated) == 1:
        index, old, new = repeated[0]
        changes.append(
            f"cell {index}: repeated the id {old!r} of an earlier cell; gave it the id {new!r}"
        )
    elif repeated:
        changes.append(
            f"{_cell_list([i for i, _, _ in repeated])} repeated the ids of earlier cells; "
            "gave them new ids"
        )


def _load(
    obj: object, *, upgrade: bool, lenient: bool, filename: str | None, changes: list[str]
) -> tuple[Notebook, tuple[int, int]]:
    try:
        return _load_object(
            obj, upgrade=upgrade, lenient=lenient, filename=filename, changes=changes
        )
    except RecursionError:
        raise NotebookReadError(_TOO_DEEP, filename=filename) from None


def _cells_have_ids(obj: Json) -> bool:
    cells = obj.get("cells")
    return isinstance(cells, list) and any(isinstance(c, dict) and "id" in c for c in cells)


def _load_object(
    obj: object, *, upgrade: bool, lenient: bool, filename: str | None, changes: list[str]
) -> tuple[Notebook, tuple[int, int]]:
    prepared, version = _prepare_object(
        obj, upgrade=upgrade, lenient=lenient, filename=filename, changes=changes
    )
    return notebook_from_json(prepared), version


def _prepare_object(
    obj: object, *, upgrade: bool, lenient: bool, filename: str | None, changes: list[str]
) -> tuple[Json, tuple[int, int]]:
    """``obj`` made a valid nbformat 4 notebook's JSON in place (lines joined, transient
    values dropped, repaired if ``lenient``), and the file's version."""
    if not isinstance(obj, dict):
        raise NotebookReadError(
            f"is not a notebook: the JSON is {describe_value(obj)}, not an object",
            filename=filename,
        )
    try:
        default = 3 if "worksheets" in obj and "cells" not in obj else 4
        major = _version_field(obj, "nbformat", default, lenient=lenient, changes=changes)
        if major not in (3, 4):
            raise UnsupportedNbformat(
                f"is an nbformat {major} notebook; jovi reads nbformat 3 and 4 (versions 1 "
                "and 2 are from IPython 0.12 and older: open and save it there to upgrade)",
                filename=filename,
            )
        default = 0 if major == 3 else 5 if _cells_have_ids(obj) else 4
        minor = _version_field(obj, "nbformat_minor", default, lenient=lenient, changes=changes)
    except NotebookValidationError as error:
        raise NotebookValidationError(error.problems, filename=filename) from None
    if major == 3:
        join_lines_v3(obj)
        strip_transient_v3(obj)
        if not lenient:
            # The lenient reader repairs what the upgraded notebook still has wrong.
            _raise_problems(obj, (3, minor), filename)
        upgrade_v3(obj)
        version = (4, 5)
    else:
        join_lines_v4(obj)
        strip_transient_v4(obj)
        version = (4, minor)
        if version < (4, 5) and _cells_have_ids(obj):
            # Written by a tool that adds cell ids but kept the old version number (and
            # read by every Jupyter tool): the notebook is a 4.5 one.
            changes.append(
                f"says nbformat 4.{minor}, but its cells have ids (which nbformat 4.5 "
                "added): read it as nbformat 4.5"
            )
            obj["nbformat_minor"] = 5
            version = (4, 5)
        if version >= (4, 5):
            _fix_ids(obj, changes)
    if lenient:
        changes += repair(obj, version, filename=filename)
    else:
        _raise_problems(obj, version, filename)
    if upgrade and version < (4, 5):
        upgrade_minor(obj)
    return obj, (major, minor)


def _raise_problems(obj: Json, version: tuple[int, int], filename: str | None) -> None:
    problems = find_problems(obj, version)
    if problems:
        raise NotebookValidationError([str(p) for p in problems], filename=filename)


# ------------------------------------------------------------------ writing
def _escape_surrogate(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps_json(obj: Any, *, ensure_ascii: bool = False) -> str:
    """JSON text in the notebook layout (indent 1, sorted keys), without the final newline.

    A lone surrogate (``"\\ud800"`` in a JSON file reads as one, and UTF-8 cannot
    store it) is written as its ``\\u`` escape, so the text can be saved as UTF-8 and
    reads back to the same string.

    Raises:
        NotebookValidationError: ``obj`` is nested too deeply to write.
    """
    try:
        text = json.dumps(
            obj, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=ensure_ascii
        )
    except RecursionError:
        raise NotebookValidationError([_TOO_DEEP_TO_WRITE]) from None
    if not ensure_ascii and LONE_SURROGATE.search(text):
        text = LONE_SURROGATE.sub(_escape_surrogate, text)
    return text


def writes(nb: Notebook, *, version: int = 4, filename: str | None = None) -> str:
    """The text of the notebook file, ending with a newline.

    Args:
        nb: The notebook.
        version: 4 (the notebook's own minor version) or 3 (downgraded, as nbformat does:
            see :func:`~jovi.nbformat.versions.downgrade_to_v3` for what is lost).
        filename: Named in error messages.

    Raises:
        NotebookValidationError: the notebook breaks its version's schema (e.g. two
            cells with one id); nothing is written.
        ValueError: ``version`` is neither 3 nor 4.
    """
    if version not in (3, 4):
        raise ValueError(f"jovi writes nbformat 4 (or 3), not {version!r}")
    try:
        obj = strip_transient_v4(to_json(nb))
        validate(obj, filename=filename)
    except RecursionError:
        raise NotebookValidationError([_TOO_DEEP_TO_WRITE], filename=filename) from None
    if version == 3:
        obj = split_lines_v3(strip_transient_v3(downgrade_to_v3(obj)))
        return dumps_json(obj, ensure_ascii=True) + "\n"
    return dumps_json(split_lines_v4(obj)) + "\n"


def write(nb: Notebook, path: str | os.PathLike[str], *, version: int = 4) -> None:
    """Write the notebook to ``path`` atomically (see :func:`writes`).

    The file is only replaced once the whole new text is on disk; if anything fails
    (an invalid notebook, a full disk) the old file stays as it was.
    """
    write_notebook_text(path, writes(nb, version=version, filename=str(path)))
