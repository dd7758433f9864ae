"""Extracting output images and cell attachments into files (``<name>_files/``).

Formats that cannot hold images themselves (Markdown, reST, LaTeX) reference them as
files.  The extracted bytes go into ``resources["outputs"]`` under their path
relative to the output file (``analysis_files/output_3_0.png``), which the writer
puts next to the output; the output's metadata records the path
(``metadata["filenames"]["image/png"]``) for the templates.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from jovi.config import List, Str
from jovi.nbconvert.preprocessors.base import Preprocessor, map_outputs
from jovi.nbformat.cells import CodeCell, RichOutput, TextCell
from jovi.nbformat.frozen import FrozenDict
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.cells import Cell, Output

__all__ = [
    "ExtractAttachmentsPreprocessor",
    "ExtractOutputPreprocessor",
    "decode_data",
    "extension_for",
]

log = get_logger("jovi.nbconvert")

_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "application/pdf": ".pdf",
}


def extension_for(mime: str) -> str:
    """The file extension for a MIME type (``.png`` for ``image/png``)."""
    return _EXTENSIONS.get(mime) or mimetypes.guess_extension(mime) or ".bin"


def decode_data(mime: str, data: object) -> bytes | None:
    """The bytes of a MIME bundle value: base64 decoded for binary types, UTF-8
    encoded for text types (SVG); ``None`` when it is not valid."""
    if not isinstance(data, str):
        return None
    if mime.startswith("text/") or mime == "image/svg+xml" or mime.endswith("+xml"):
        return data.encode("utf-8")
    try:
        return base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def _files_dir(resources: Resources) -> str:
    return str(resources.get("output_files_dir") or "output_files")


class ExtractOutputPreprocessor(Preprocessor):
    """Writes output images (and PDFs) to files and records their paths."""

    output_filename_template = Str(
        "{unique_key}_{cell_index}_{index}{extension}",
        help="File name of an extracted output: {unique_key}, {cell_index}, {index} (of "
        "the output in its cell) and {extension} are filled in.",
    )
    extract_output_types = List(
        str,
        ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml", "application/pdf"),
        help="The MIME types that are written to files.",
    )

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        if not isinstance(cell, CodeCell) or not cell.outputs:
            return cell
        wanted = set(self.extract_output_types)

        def extract(position: int, output: Output) -> Output:
            if not isinstance(output, RichOutput):
                return output
            names: dict[str, str] = {}
            for mime, data in output.data.items():
                if mime not in wanted:
                    continue
                payload = decode_data(mime, data)
                if payload is None:
                    log.warning(
                        "cell %d: the %s output is not valid base64; not extracted", index, mime
                    )
                    continue
                filename = self.output_filename_template.format(
                    unique_key=resources.get("unique_key", "output"),
                    cell_index=index,
                    index=position,
                    extension=extension_for(mime),
                )
                # Several types of one output get one name each (a PNG and a PDF).
                path = f"{_files_dir(resources)}/{filename}"
                while path in resources.setdefault("outputs", {}) and path not in names.values():
                    stem, dot, suffix = path.rpartition(".")
                    path = f"{stem}_{mime.split('/')[-1].split('+')[0]}{dot}{suffix}"
                resources["outputs"][path] = payload
                names[mime] = path
            if not names:
                return output
            return replace(output, metadata=output.metadata.set("filenames", names))

        return map_outputs(cell, extract)


_UNSAFE_NAME = re.compile(r"[^\w.\-]+")


class ExtractAttachmentsPreprocessor(Preprocessor):
    """Writes the attachments of Markdown and raw cells (pasted images) to files.

    ``resources["attachment_files"][cell id][name]`` is the path of each file.
    """

    def preprocess_cell(self, cell: Cell, resources: Resources, index: int) -> Cell | None:
        if not isinstance(cell, TextCell) or not cell.attachments:
            return cell
        files: dict[str, str] = resources.setdefault("attachment_files", {}).setdefault(
            cell.id or str(index), {}
        )
        for name, bundle in cell.attachments.items():
            if not isinstance(bundle, FrozenDict):
                continue
            chosen = _image_in(bundle)
            if chosen is None:
                continue
            mime, payload = chosen
            safe = _UNSAFE_NAME.sub("_", name) or "attachment"
            if "." not in safe:
                safe += extension_for(mime)
            path = f"{_files_dir(resources)}/attachment_{index}_{safe}"
            resources.setdefault("outputs", {})[path] = payload
            files[name] = path
        return cell


def _image_in(bundle: Mapping[str, object]) -> tuple[str, bytes] | None:
    for mime in ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"):
        payload = decode_data(mime, bundle.get(mime))
        if payload is not None:
            return mime, payload
    for mime, data in bundle.items():
        payload = decode_data(mime, data)
        if payload is not None:
            return mime, payload
    return None
