"""Markdown, reST, Python, AsciiDoc and notebook exports, each checked by a real
reader of its format: CommonMark, docutils (warnings are errors), ``ast`` and
running the script, nbformat."""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys

import docutils.core
import docutils.utils
import pytest
from markdown_it import MarkdownIt

import jovi.nbformat as nbf
import nbformat
from jovi.nbconvert import (
    AsciiDocExporter,
    MarkdownExporter,
    NotebookExporter,
    PythonExporter,
    RSTExporter,
    ScriptExporter,
    get_exporter,
)
from tests.nbconvert.notebooks import plain_python_notebook, rich_notebook, write_seed_simple


def _resources(tmp_path, name="rich"):
    return {"metadata": {"name": name, "path": str(tmp_path)}}


# ------------------------------------------------------------------ Markdown
def test_markdown_reparses_as_commonmark_with_headings_and_code_blocks(tmp_path):
    body, resources = MarkdownExporter().from_notebook_node(rich_notebook(), _resources(tmp_path))
    tokens = MarkdownIt("commonmark").parse(body)
    headings = [
        tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"
    ]
    assert headings[:2] == ["Analysis of *data*", "Results"]
    assert headings[-1].startswith("Ünïcödé")
    fences = [(token.info, token.content) for token in tokens if token.type == "fence"]
    assert ("python", "def f(x):\n    return x * 2\n") in fences
    assert (
        "python",
        "%matplotlib inline\nimport sys\nprint('hello stdout')\n!echo shell\n",
    ) in fences
    assert ("", "hello stdout\nprogress 100%\n") in fences
    assert any("ZeroDivisionError: division by zero" in content for _, content in fences)
    # Images go to files next to the output, referenced by relative links.
    assert "![png](rich_files/output_2_0.png)" in body
    assert "rich_files/output_2_0.png" in resources["outputs"]
    assert resources["outputs"]["rich_files/output_2_0.png"].startswith(b"\x89PNG")
    assert "![pasted](rich_files/attachment_0_pasted.png)" in body
    assert "$$\\frac{a}{b}$$" in body


def test_markdown_fences_outlast_backticks_in_the_code(tmp_path):
    nb = nbf.Notebook(cells=(nbf.CodeCell(source='s = """\n```\nnot the end\n```\n"""'),))
    body, _ = MarkdownExporter().from_notebook_node(nb)
    tokens = MarkdownIt("commonmark").parse(body)
    fences = [token for token in tokens if token.type == "fence"]
    assert len(fences) == 1
    assert "not the end" in fences[0].content


def test_markdown_embed_images_keeps_output_images_inline(tmp_path):
    nb = rich_notebook()
    body, resources = MarkdownExporter(
        config=_config({"ExtractOutputPreprocessor": {"enabled": False}})
    ).from_notebook_node(nb)
    assert "![png](data:image/png;base64," in body
    assert not any(name.endswith(".png") and "output" in name for name in resources["outputs"])


def _config(data):
    from jovi.config import Config

    return Config(data)


# ------------------------------------------------------------------ reST
def _docutils_strict(text: str) -> None:
    messages = io.StringIO()
    docutils.core.publish_doctree(
        text,
        settings_overrides={
            "halt_level": 2,
            "report_level": 2,
            "warning_stream": messages,
            "input_encoding": "unicode",
        },
    )
    assert messages.getvalue() == ""


def test_rst_passes_docutils_with_warnings_as_errors(tmp_path):
    body, resources = RSTExporter().from_notebook_node(rich_notebook(), _resources(tmp_path))
    _docutils_strict(body)
    assert "Analysis of *data*\n==================" in body
    assert ".. code:: python" in body
    assert ".. math::" in body
    assert ".. image:: rich_files/output_2_0.png" in body
    assert "rich_files/output_2_0.png" in resources["outputs"]


def test_rst_of_awkward_markdown_still_passes_docutils():
    awkward = [
        "### starts deep\n\n# then shallow\n\n#### and deep again",
        "**bold**text and *em*phasis and `code`x and x`code`",
        "a_b_ and |pipes| and \\backslash and *stars\n\n- \n",
        "+++\n\n---\n\n2024. a year\n\nA. Smith wrote::",
        "[same](http://a.example) [same](http://b.example)",
        "text[^1] and [^2]\n\n[^1]: one\n[^2]: two *em*",
        "| only | header |\n|---|---|",
        "> quote\n\n    indented code\n\n1. one\n   - nested\n\n       deep code",
        "![alone](pic.png)\n\ninline ![img](pic.png) here",
        "```nosuchlanguage\nx\n```\n\n```\n\n```",
        "<div>\n<b>html</b>\n</div>\n\ntext <span>inline</span>",
        "$$x^2$$ inline display and $`tick`$",
        "..  not a comment\n\n:field: not a field\n\n>>> not a doctest",
    ]
    nb = nbf.Notebook(cells=tuple(nbf.MarkdownCell(source=text) for text in awkward))
    body, _ = RSTExporter().from_notebook_node(nb)
    _docutils_strict(body)


def test_rst_seed_notebook(tmp_path):
    body, _ = RSTExporter().from_filename(write_seed_simple(tmp_path / "simple.ipynb"))
    _docutils_strict(body)
    assert "The simplest notebook." in body
    assert 'print "Hello, IPython"' in body
    assert "    Hello, IPython" in body


# ------------------------------------------------------------------ Python
def test_python_export_parses_and_magics_become_calls():
    body, resources = PythonExporter().from_notebook_node(rich_notebook())
    ast.parse(body)
    assert resources["output_extension"] == ".py"
    assert body.startswith("#!/usr/bin/env python\n# coding: utf-8\n")
    assert "get_ipython().run_line_magic('matplotlib', 'inline')" in body
    assert "get_ipython().system('echo shell')" in body
    assert "# # Analysis of *data*" in body
    assert "# In[1]:" in body


@pytest.mark.integration
def test_python_export_of_plain_code_prints_the_recorded_outputs(tmp_path):
    nb = plain_python_notebook()
    body, _ = PythonExporter().from_notebook_node(nb)
    script = tmp_path / "script.py"
    script.write_text(body, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    recorded = "".join(
        output.text
        for cell in nb.cells
        if isinstance(cell, nbf.CodeCell)
        for output in cell.outputs
        if isinstance(output, nbf.Stream)
    )
    assert run.stdout == recorded


def test_python_export_without_prompts():
    body, _ = PythonExporter(exclude_input_prompt=True).from_notebook_node(plain_python_notebook())
    assert "# In[" not in body
    ast.parse(body)


def test_script_exporter_hands_python_to_the_python_exporter_and_keeps_other_languages():
    python_body, resources = ScriptExporter().from_notebook_node(rich_notebook())
    assert "get_ipython().run_line_magic" in python_body
    assert resources["output_extension"] == ".py"
    julia = nbf.Notebook(
        cells=(nbf.CodeCell(source="println(1)"), nbf.MarkdownCell(source="note")),
        metadata={"language_info": {"name": "julia", "file_extension": ".jl"}},
    )
    body, resources = ScriptExporter().from_notebook_node(julia)
    assert body.strip() == "println(1)"
    assert resources["output_extension"] == ".jl"


# ------------------------------------------------------------------ notebook
def test_notebook_export_matches_nbformat_byte_for_byte(tmp_path):
    path = write_seed_simple(tmp_path / "simple.ipynb")
    body, _ = NotebookExporter().from_filename(path)
    peer = nbformat.read(str(path), as_version=4)
    nbformat.validate(json.loads(body))
    reread = nbformat.reads(body, as_version=4)
    assert [cell.source for cell in reread.cells] == [cell.source for cell in peer.cells]
    # jovi's own output is what nbformat writes for it.
    assert nbformat.writes(nbformat.reads(body, as_version=4)) + "\n" == body


def test_notebook_export_to_nbformat_3(tmp_path):
    body, _ = NotebookExporter(nbformat_version="3").from_notebook_node(plain_python_notebook())
    data = json.loads(body)
    assert data["nbformat"] == 3
    assert "worksheets" in data


# ------------------------------------------------------------------ AsciiDoc
def test_asciidoc_export(tmp_path):
    body, resources = AsciiDocExporter().from_notebook_node(rich_notebook(), _resources(tmp_path))
    assert "== Analysis of __data__" in body
    assert "[source,python]\n----\n%matplotlib inline" in body
    assert "latexmath:[a_1 < b^2]" in body
    assert "image::rich_files/output_2_0.png[png]" in body
    assert "rich_files/output_2_0.png" in resources["outputs"]


# ------------------------------------------------------------------ registry
def test_every_format_converts_the_seed_notebook(tmp_path):
    path = write_seed_simple(tmp_path / "simple.ipynb")
    for name in (
        "html",
        "slides",
        "markdown",
        "rst",
        "python",
        "script",
        "notebook",
        "latex",
        "asciidoc",
    ):
        body, resources = get_exporter(name)().from_filename(path)
        text = body if isinstance(body, str) else body.decode()
        assert "Hello, IPython" in text, name
        assert resources["metadata"]["name"] == "simple"


def test_raw_cells_are_copied_into_their_own_format_only():
    nb = nbf.Notebook(
        cells=(
            nbf.RawCell(source="<b>for html</b>", metadata={"format": "text/html"}),
            nbf.RawCell(source="\\textbf{for latex}", metadata={"format": "text/latex"}),
            nbf.RawCell(source="free raw text"),
        )
    )
    html, _ = get_exporter("html")().from_notebook_node(nb)
    assert "<b>for html</b>" in html
    assert "for latex" not in html
    assert "free raw text" in html
    latex, _ = get_exporter("latex")().from_notebook_node(nb)
    assert "\\textbf{for latex}" in latex
    assert "for html" not in latex
    python, _ = PythonExporter().from_notebook_node(nb)
    assert "# free raw text" in python
    ast.parse(python)
