"""Writing notebooks: :class:`Notebook` -> the exact text nbformat writes.

The layout (FRONTENDS.md §4.4, checked byte for byte against nbformat in the tests):
JSON with an indent of one space, keys sorted, ``", "``/``": "`` separators,
non-ASCII characters written as themselves (nbformat 4; nbformat 3 escaped them),
multi-line strings split into lists of lines as :mod:`jovi.nbformat.layout` says,
transient values removed, and a newline at the end of the file.

A notebook is validated before it is written (LESSONS.md §2, row 15: never store a
notebook that nothing can read back), and files are replaced atomically: a failed
write leaves the old file as it was.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jovi.nbformat.convert import to_json
from jovi.nbformat.layout import (
    split_lines_v3,
    split_lines_v4,
    strip_transient_v3,
    strip_transient_v4,
)
from jovi.nbformat.validate import validate
from jovi.nbformat.versions import downgrade_to_v3
from jovi.utils.atomic import atomic_write

if TYPE_CHECKING:
    import os

    from jovi.nbformat.notebook import Notebook

__all__ = ["dumps_json", "write", "writes"]


def dumps_json(obj: Any, *, ensure_ascii: bool = False) -> str:
    """JSON text in the notebook layout (indent 1, sorted keys), without the final newline."""
    return json.dumps(
        obj, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=ensure_ascii
    )


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
    obj = strip_transient_v4(to_json(nb))
    validate(obj, filename=filename)
    if version == 3:
        obj = split_lines_v3(strip_transient_v3(downgrade_to_v3(obj)))
        return dumps_json(obj, ensure_ascii=True) + "\n"
    return dumps_json(split_lines_v4(obj)) + "\n"


def write(nb: Notebook, path: str | os.PathLike[str], *, version: int = 4) -> None:
    """Write the notebook to ``path`` atomically (see :func:`writes`).

    The file is only replaced once the whole new text is on disk; if anything fails
    (an invalid notebook, a full disk) the old file stays as it was.
    """
    atomic_write(path, writes(nb, version=version, filename=str(path)))
