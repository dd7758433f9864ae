"""Real notebooks (tests/notebooks) converted to HTML, Markdown, reST, LaTeX and Python:
no traceback, no heading, Markdown text or code line lost, and Python that parses
(except the cells listed in ``NOT_PYTHON``, which are not Python 3 on purpose)."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
import warnings

import pytest

import jovi.nbformat as jnb
from jovi.nbconvert.exporters import get_exporter
from jovi.nbconvert.filters.strings import ipython2python
from tests.nbconvert.plain_text import WORD, headings, markdown_words, visible_text
from tests.nbformat.real_notebooks import NOT_PYTHON, NOTEBOOKS, name_of

FORMATS = ["html", "markdown", "rst", "latex", "python"]
IDS = [name_of(path) for path in NOTEBOOKS]


@pytest.fixture(scope="module")
def notebooks():
    logging.getLogger("jovi.nbformat").disabled = True  # the 4.2-with-ids notebook warns
    try:
        return {path: jnb.read(path) for path in NOTEBOOKS}
    finally:
        logging.getLogger("jovi.nbformat").disabled = False


def parse(python):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # "invalid escape sequence": valid
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(python)


def code_lines_shown(fmt, cell, text):
    """The lines of a code cell missing from the export's text."""
    if fmt != "python":
        return [
            line for line in cell.source.splitlines() if line.strip() and line.strip() not in text
        ]
    translated = ipython2python(cell.source).rstrip()
    missing = [
        line for line in translated.splitlines() if line.strip() and line.rstrip() not in text
    ]
    # Every line the user wrote is in the Python: as itself, inside a string the
    # translation passes to a magic (a cell magic's body), or, for a magic's own
    # line, as the magic's name and arguments.
    try:
        strings = [
            n.value
            for n in ast.walk(parse(translated))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
    except SyntaxError:
        strings = []
    words = set(WORD.findall(translated + " ".join(strings)))
    for line in cell.source.splitlines():
        stripped = line.strip().removesuffix("\\").strip()  # a continued line is joined
        if not stripped or stripped in translated or any(stripped in s for s in strings):
            continue
        one_line = len(cell.source.strip().splitlines()) == 1  # automagic: `ls data`
        magic = stripped.startswith(("%", "!")) or stripped.endswith("?") or one_line
        if not (magic and set(WORD.findall(stripped)) <= words):
            missing.append(line)
    return missing


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_nothing_is_lost(notebooks, path, fmt):
    nb = notebooks[path]
    body, _ = get_exporter(fmt)().from_notebook_node(
        nb, {"metadata": {"name": path.stem, "path": str(path.parent)}}
    )
    assert isinstance(body, str)
    text = visible_text(fmt, body)
    shown = set(WORD.findall(text))
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for heading in headings(cell.source):
                assert set(markdown_words(heading)) <= shown, f"cell {index}: heading {heading!r}"
            lost = sorted({word for word in markdown_words(cell.source) if word not in shown})
            assert not lost, f"cell {index}: Markdown words lost: {lost[:20]}"
        elif cell.cell_type == "code":
            missing = code_lines_shown(fmt, cell, text)
            assert not missing, f"cell {index}: code lines lost: {missing[:5]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_python_export_parses_but_for_cells_that_are_not_python_on_purpose(notebooks, path):
    nb = notebooks[path]
    body, _ = get_exporter("python")().from_notebook_node(nb)
    name = name_of(path)
    not_python = {index for (notebook, index) in NOT_PYTHON if notebook == name}
    failing = set()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            parse(ipython2python(cell.source))
        except SyntaxError:
            failing.add(index)
    assert failing == not_python
    if not not_python:
        parse(body)


@pytest.mark.integration
def test_the_whole_corpus_converts_in_one_command(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jovi",
            "nbconvert",
            "--to",
            "html",
            "--output-dir",
            str(tmp_path),
            *map(str, NOTEBOOKS),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if not line.startswith("Converted ")]
    # The one repair the corpus needs: the 4.2 notebook whose cells have ids.
    assert warnings == [
        "jovi: warning: "
        + str(next(p for p in NOTEBOOKS if p.name == "slump_prediction_demo.ipynb"))
        + ": says nbformat 4.2, but its cells have ids (which nbformat 4.5 added): read it as nbformat 4.5"
    ]
    assert len(list(tmp_path.glob("*.html"))) == len({p.stem for p in NOTEBOOKS})


def test_an_unclosed_style_in_a_markdown_cell_does_not_swallow_the_page():
    # As in the pandas cookbook: a <style> without its end tag, then more cells and math.
    nb = jnb.Notebook(
        cells=(
            jnb.MarkdownCell(source="# Title with $x^2$"),
            jnb.MarkdownCell(source="<style>\n  h1 { color: red; }\n"),
            jnb.MarkdownCell(source="<!-- a comment never closed\n\nText"),
            jnb.MarkdownCell(source="## After"),
        )
    )
    body, _ = get_exporter("html")().from_notebook_node(nb)
    text = visible_text("html", body)
    assert "After" in text
    assert body.count("<style") <= body.count("</style>")
    assert body.index("</style>") < body.index("After")
