"""Writers: where a conversion's output goes — files, or standard output.

:class:`FilesWriter` writes the output next to the notebook (or into
``build_directory``) and the supporting files (extracted images, KaTeX) below it,
each atomically: a file is replaced only once its new content is complete.
:class:`StdoutWriter` prints the output (``--stdout``); supporting files cannot go
there, so it says how many were left out.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from jovi.config import Configurable, Str
from jovi.errors import ConversionError
from jovi.utils.atomic import atomic_write
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources

__all__ = ["FilesWriter", "StdoutWriter", "Writer", "write_supporting_files"]

log = get_logger("jovi.nbconvert")


class Writer(Configurable):
    """Puts a conversion's output somewhere."""

    def write(self, output: str | bytes, resources: Resources, notebook_name: str) -> str | None:
        """Write ``output`` (named after ``notebook_name``); return where it went."""
        raise NotImplementedError


def _inside(directory: Path, relative: str) -> Path:
    path = PurePosixPath(relative.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        raise ConversionError(
            f"the supporting file {relative!r} would be written outside {directory}"
        )
    return directory.joinpath(*path.parts)


def write_supporting_files(directory: Path, resources: Resources) -> None:
    """Write ``resources["outputs"]`` (extracted images, KaTeX...) below ``directory``.

    Raises:
        ConversionError: a path would leave ``directory``.
    """
    for relative, payload in (resources.get("outputs") or {}).items():
        target = _inside(directory, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, payload)


class FilesWriter(Writer):
    """Writes the output and its supporting files to disk (the default)."""

    build_directory = Str(
        "",
        help="The directory output files are written to (--output-dir); empty: the "
        "notebook's own directory (the current directory for --stdin).",
    )

    def write(self, output: str | bytes, resources: Resources, notebook_name: str) -> str | None:
        metadata = resources.get("metadata") or {}
        directory = Path(self.build_directory or metadata.get("path") or ".").expanduser()
        directory.mkdir(parents=True, exist_ok=True)
        write_supporting_files(directory, resources)
        destination = directory / (notebook_name + str(resources.get("output_extension", "")))
        atomic_write(destination, output)
        return str(destination)


class StdoutWriter(Writer):
    """Prints the output to standard output (``--stdout``)."""

    def write(self, output: str | bytes, resources: Resources, notebook_name: str) -> str | None:
        left_out = len(resources.get("outputs") or {})
        if left_out:
            log.warning(
                "%s: %d supporting file%s (images) not written: they are only written with "
                "the output to a file, or use --embed-images",
                notebook_name,
                left_out,
                "" if left_out == 1 else "s",
            )
        if isinstance(output, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(output)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(output)
            sys.stdout.flush()
        return None
