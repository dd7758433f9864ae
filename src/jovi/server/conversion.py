"""Notebooks converted for ``/nbconvert``: jovi's exporters, run by the server.

Only the formats :func:`jovi.nbconvert.exporters.exporter_names` lists can be asked
for (never a ``module:Class`` name from a URL).  Notebooks are read leniently, as
``jovi nbconvert`` reads them, and are never executed.  A conversion that writes
files beside its output (the images of a Markdown export) is answered as a zip
archive of the output and those files, in the folders the output links to.

Every function here blocks; the routes run them on worker threads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import posixpath
import zipfile
from typing import TYPE_CHECKING, Any, Final

from jovi.config import Config
from jovi.errors import ConversionError, NotebookError, ServerError
from jovi.nbconvert.exporters import exporter_names, get_exporter
from jovi.nbformat import reads_lenient
from jovi.nbformat.files import read_notebook_bytes
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.nbconvert.exporters.base import Exporter
    from jovi.nbformat import Notebook

__all__ = ["Converted", "convert_file", "convert_json", "exporter_class", "output_mimetypes"]

log = get_logger("jovi.server")

_NEVER_EXECUTE: Final = {"ExecutePreprocessor": {"enabled": False}}


@dataclasses.dataclass(frozen=True, slots=True)
class Converted:
    """The result of one conversion, as the server sends it.

    Attributes:
        body: The output (or the zip archive holding it and its files).
        media_type: Its ``Content-Type``.
        filename: The name to save it as (``analysis.html``, ``analysis.zip``).
        archive: Whether it is a zip archive.
    """

    body: bytes
    media_type: str
    filename: str
    archive: bool = False


def output_mimetypes() -> dict[str, dict[str, str]]:
    """``{format: {"output_mimetype": ...}}`` for every exporter that can be loaded."""
    formats: dict[str, dict[str, str]] = {}
    for name in exporter_names():
        try:
            exporter = get_exporter(name)
        except Exception:  # one broken plug-in must not hide the others
            log.warning("the exporter %r cannot be loaded; it is left out", name, exc_info=True)
            continue
        formats[name] = {"output_mimetype": exporter.output_mimetype}
    return formats


def exporter_class(format_name: str) -> type[Exporter]:
    """The exporter of the format ``format_name`` (matched without regard to case).

    Raises:
        ServerError: 404 when there is no such format; 500 when its exporter cannot
            be loaded.
    """
    names = exporter_names()
    key = format_name.strip().lower()
    if key not in names:
        raise ServerError(
            404, f"There is no format {format_name!r}; the formats are {', '.join(names)}."
        )
    try:
        return get_exporter(key)
    except Exception as error:
        log.warning("the exporter %r cannot be loaded", key, exc_info=True)
        raise ServerError(500, f"The exporter of {key!r} cannot be loaded.") from error


def convert_file(format_name: str, target: Path, name: str) -> Converted:
    """Convert the notebook file ``target`` (called ``name`` by clients).

    Raises:
        ServerError: 404 for an unknown format, 400 when the file is not a
            notebook, 500 when the conversion fails.
    """
    exporter = exporter_class(format_name)
    try:
        data = read_notebook_bytes(target)
    except NotebookError as error:
        raise ServerError(400, f"{name!r} is not a notebook: {_detail(error)}") from None
    except OSError as error:
        raise ServerError(400, f"{name!r} cannot be read: {error.strerror or error}.") from None
    modified = dt.datetime.fromtimestamp(target.stat().st_mtime, tz=dt.UTC)
    metadata = {
        "name": _stem(name),
        "path": str(target.parent),  # where images the Markdown links to are found
        "modified_date": modified.strftime("%B %d, %Y"),
    }
    return _convert(exporter, _read(data, name), metadata)


def convert_json(format_name: str, body: object) -> Converted:
    """Convert a notebook a client sent: the notebook's JSON, or a contents model
    ``{"name", "content"}`` holding it (what Jupyter Server's clients send).

    Raises:
        ServerError: as :func:`convert_file`.
    """
    exporter = exporter_class(format_name)
    name = "notebook.ipynb"
    notebook = body
    if isinstance(body, dict) and "cells" not in body and isinstance(body.get("content"), dict):
        notebook = body["content"]
        if isinstance(body.get("name"), str) and body["name"].strip("/"):
            name = posixpath.basename(body["name"].strip("/"))
    if not isinstance(notebook, dict) or not ({"cells", "nbformat"} & notebook.keys()):
        raise ServerError(400, "The request's body is not a notebook (no 'cells', no 'nbformat').")
    data = json.dumps(notebook, ensure_ascii=False)
    return _convert(exporter, _read(data, name), {"name": _stem(name), "path": ""})


def _read(data: str | bytes, name: str) -> Notebook:
    try:
        report = reads_lenient(data, filename=None, salvage=False)
    except NotebookError as error:
        raise ServerError(400, f"{name!r} is not a notebook: {_detail(error)}") from None
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as error:
        # What the client sent is so far from a notebook that the reader tripped on it.
        log.info("%s cannot be read as a notebook: %r", name, error)
        raise ServerError(400, f"{name!r} cannot be read as a notebook.") from None
    for change in report.changes:
        log.info("%s: %s", name, change)
    return report.notebook


def _convert(exporter_type: type[Exporter], nb: Notebook, metadata: dict[str, str]) -> Converted:
    exporter = exporter_type(config=Config(_NEVER_EXECUTE))
    format_name = exporter_type.export_name or exporter_type.__name__
    try:
        output, resources = exporter.from_notebook_node(nb, {"metadata": metadata})
    except ConversionError as error:
        log.warning("a conversion to %s failed", format_name, exc_info=True)
        raise ServerError(
            500, f"The conversion to {format_name} failed: {_detail(error)}"
        ) from None
    body = output if isinstance(output, bytes) else output.encode("utf-8", "replace")
    filename = metadata["name"] + str(resources.get("output_extension") or exporter.file_extension)
    files: dict[str, Any] = resources.get("outputs") or {}
    if files:
        archive = _zip(filename, body, files)
        return Converted(archive, "application/zip", metadata["name"] + ".zip", archive=True)
    media_type = exporter.output_mimetype
    if not exporter.binary_output:
        media_type += "; charset=utf-8"
    return Converted(body, media_type, filename)


def _zip(filename: str, body: bytes, files: dict[str, Any]) -> bytes:
    """The output and the files it links to, at the relative paths it links them by."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename, body)
        for path, data in files.items():
            inside = posixpath.normpath("/" + str(path).replace("\\", "/")).lstrip("/")
            content = data if isinstance(data, bytes) else str(data).encode("utf-8")
            archive.writestr(inside or posixpath.basename(str(path)), content)
    return buffer.getvalue()


def _stem(name: str) -> str:
    """``analysis.ipynb`` -> ``analysis`` (a name without a dot stays as it is)."""
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def _detail(error: Exception) -> str:
    """The error's message as the end of a sentence, without the file name it starts with."""
    text = str(error)
    filename = getattr(error, "filename", None)
    if filename:
        text = text.removeprefix(f"{filename}: ")
    text = text.strip() or type(error).__name__
    return text if text.endswith((".", "!", "?")) else text + "."
