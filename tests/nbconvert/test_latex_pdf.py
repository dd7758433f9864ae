"""LaTeX that xelatex compiles, PDF through LaTeX, and the messages when a tool is missing."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import jovi.nbformat as nbf
from jovi.errors import MissingTool, ToolFailed
from jovi.nbconvert import LatexExporter, PDFExporter, WebPDFExporter
from jovi.nbconvert.exporters.pdf import first_latex_error
from tests.nbconvert.browser import pdf_pages, pdf_text
from tests.nbconvert.notebooks import rich_notebook

pytestmark = pytest.mark.integration


def _compile(tex_dir, body, resources):
    (tex_dir / "nb.tex").write_text(body, encoding="utf-8")
    for relative, payload in resources["outputs"].items():
        (tex_dir / relative).parent.mkdir(parents=True, exist_ok=True)
        (tex_dir / relative).write_bytes(payload)
    xelatex = shutil.which("xelatex")
    assert xelatex, "xelatex is missing: .ci/run installs texlive-xetex"
    run = subprocess.run(
        [xelatex, "-interaction=nonstopmode", "-halt-on-error", "nb.tex"],
        cwd=tex_dir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, first_latex_error(run.stdout)
    return (tex_dir / "nb.pdf").read_bytes()


@pytest.mark.parametrize("template", ["article", "report", "book"])
def test_latex_compiles_with_xelatex(tmp_path, template):
    body, resources = LatexExporter(template_name=template).from_notebook_node(
        rich_notebook(), {"metadata": {"name": "nb", "path": str(tmp_path)}}
    )
    assert "nb_files/output_2_0.png" in body
    if template == "article":
        assert "\\documentclass[11pt]{article}" in body
        assert "\\section{Analysis of \\emph{data}}" in body
    else:
        assert f"{{{template}}}" in body
        assert "\\chapter{Analysis of \\emph{data}}" in body
    pdf = _compile(tmp_path, body, resources)
    text = pdf_text(pdf, tmp_path)
    for expected in ("Analysis of data", "hello stdout", "ZeroDivisionError", "The footnote text."):
        assert expected in text


def test_pdf_exporter_runs_xelatex_and_keeps_no_files(tmp_path):
    pdf, resources = PDFExporter().from_notebook_node(
        rich_notebook(), {"metadata": {"name": "nb", "path": str(tmp_path)}}
    )
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf, tmp_path) >= 1
    assert resources["outputs"] == {}
    assert "print('hello stdout')" in pdf_text(pdf, tmp_path)


def test_a_latex_error_is_quoted_in_one_message():
    nb = nbf.Notebook(
        cells=(nbf.RawCell(source="\\undefinedcommand{x}", metadata={"format": "text/latex"}),)
    )
    with pytest.raises(ToolFailed) as caught:
        PDFExporter().from_notebook_node(nb)
    message = str(caught.value)
    assert "Undefined control sequence" in message
    assert "--to latex" in message
    assert "\n" not in message


def test_missing_xelatex_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingTool) as caught:
        PDFExporter().from_notebook_node(rich_notebook())
    message = str(caught.value)
    assert message.startswith("xelatex was not found")
    assert "apt install texlive-xetex" in message
    assert "--to webpdf" in message


def test_missing_chromium_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "none"))
    with pytest.raises(MissingTool) as caught:
        WebPDFExporter().from_notebook_node(rich_notebook())
    message = str(caught.value)
    assert "no Chromium or Chrome was found" in message
    assert "apt install chromium" in message
    assert "playwright install chromium" in message


def test_first_latex_error_names_the_line():
    log = "This is XeTeX\n! Undefined control sequence.\nl.42 \\foo\n                {x}\n"
    assert first_latex_error(log) == "Undefined control sequence. (line 42 of the .tex file: \\foo)"
    assert first_latex_error("no errors here") == "see the LaTeX log"


def test_a_notebook_name_with_spaces_and_hashes_compiles(tmp_path):
    name = "My Nötebook #1"
    body, resources = LatexExporter().from_notebook_node(
        rich_notebook(),
        {"metadata": {"name": name, "path": str(tmp_path)}, "output_files_dir": f"{name}_files"},
    )
    assert resources["output_files_dir"] == "My Nötebook _1_files"
    assert all(path.startswith("My Nötebook _1_files/") for path in resources["outputs"])
    assert "Analysis of data" in pdf_text(_compile(tmp_path, body, resources), tmp_path)
