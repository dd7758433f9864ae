"""The corpus of real notebooks (``tests/notebooks``, see its NOTICE.md) and what the
tests know about them."""

from __future__ import annotations

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[1] / "notebooks"

NOTEBOOKS: list[Path] = sorted(CORPUS_DIR.rglob("*.ipynb"))
"""Every real notebook, by path."""


def name_of(path: Path) -> str:
    """The notebook's name in test ids: its path below ``tests/notebooks``."""
    return path.relative_to(CORPUS_DIR).as_posix()


_LECTURES = "jrjohansson--scientific-python-lectures/"
NOT_PYTHON: dict[tuple[str, int], str] = {
    (_LECTURES + "Lecture-1-Introduction-to-Python-Programming.ipynb", 162): (
        "shows an IndentationError on purpose ('# Bad indentation!')"
    ),
    **{
        (_LECTURES + "Lecture-3-Scipy.ipynb", index): "Python 2 (print statement)"
        for index in (11, 20, 22, 24, 26, 147)
    },
}
"""Code cells that are not Python 3 on purpose, by (notebook, cell index): their
Python export cannot parse, and why.  Every other code cell of the corpus exports
to Python that parses (magics, ``!`` commands and automagic included)."""
