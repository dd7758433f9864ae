"""``jovi nbconvert`` from the command line: every option, with its visible effect."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import urllib.request

import pytest

import jovi.nbformat as nbf
from jovi.cli.main import main
from tests.nbconvert.notebooks import (
    plain_python_notebook,
    rich_notebook,
    write_notebook,
    write_seed_simple,
)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_notebook(tmp_path / "rich.ipynb", rich_notebook())
    write_notebook(tmp_path / "plain.ipynb", plain_python_notebook())
    return tmp_path


def jovi(*argv):
    return main(["nbconvert", *argv])


def test_default_is_html_next_to_the_notebook(workdir, capsys):
    (workdir / "sub").mkdir()
    write_notebook(workdir / "sub" / "inner.ipynb", plain_python_notebook())
    assert jovi("rich.ipynb", "sub/inner") == 0  # .ipynb is optional
    assert (workdir / "rich.html").read_text().startswith("<!DOCTYPE html>")
    assert (workdir / "sub" / "inner.html").is_file()
    err = capsys.readouterr().err
    assert "Converted rich.ipynb to rich.html (" in err


def test_markdown_with_extracted_images(workdir, capsys):
    assert jovi("--to", "markdown", "rich.ipynb") == 0
    body = (workdir / "rich.md").read_text()
    assert "![png](rich_files/output_2_0.png)" in body
    assert (workdir / "rich_files" / "output_2_0.png").read_bytes().startswith(b"\x89PNG")
    assert "and 3 files in rich_files/" in capsys.readouterr().err  # PNG, SVG, attachment


def test_the_directory_of_extracted_files_is_nbconverts_setting(workdir, capsys):
    assert (
        jovi("--to", "markdown", "--NbConvertApp.output_files_dir=img/{notebook_name}", "rich") == 0
    )
    assert "![png](img/rich/output_2_0.png)" in (workdir / "rich.md").read_text()
    assert (workdir / "img" / "rich" / "output_2_0.png").is_file()
    assert "and 3 files in img/rich/" in capsys.readouterr().err


def test_a_jupyter_setting_jovi_does_not_use_is_a_warning_and_a_typo_an_error(workdir, capsys):
    # Makefiles pass nbconvert's MathJax URL; jovi typesets with KaTeX.
    assert jovi("--HTMLExporter.mathjax_url=https://example.org/mj.js", "plain") == 0
    err = capsys.readouterr().err
    assert "HTMLExporter.mathjax_url is a Jupyter setting jovi does not use" in err
    assert (workdir / "plain.html").is_file()
    assert jovi("--HTMLExporter.mathjax_ur=x", "plain") == 2
    assert "unknown option HTMLExporter.mathjax_ur" in capsys.readouterr().err


def test_output_name_and_output_dir(workdir):
    assert jovi("--to", "markdown", "--output", "report", "--output-dir", "build", "rich") == 0
    assert (workdir / "build" / "report.md").is_file()
    assert (workdir / "build" / "report_files" / "output_2_0.png").is_file()
    assert jovi("--to", "python", "--output", "out/script.py", "plain") == 0
    assert (workdir / "out" / "script.py").read_text().startswith("#!/usr/bin/env python")


def test_output_with_several_notebooks_is_a_usage_error(workdir, capsys):
    assert jovi("--output", "x", "rich", "plain") == 2
    assert "--output names one output" in capsys.readouterr().err


def test_stdout_and_stdin(workdir, capsys, monkeypatch):
    assert jovi("--to", "python", "--stdout", "plain.ipynb") == 0
    out = capsys.readouterr().out
    assert out.startswith("#!/usr/bin/env python")
    assert "print('total is', total)" in out
    assert not (workdir / "plain.py").exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO(nbf.writes(plain_python_notebook())))
    assert jovi("--stdin", "--to", "markdown", "--stdout") == 0
    assert "# A script" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO(nbf.writes(plain_python_notebook())))
    assert jovi("--stdin", "--to", "rst") == 0
    assert (workdir / "notebook.rst").is_file()


def test_globs_and_several_notebooks(workdir, capsys):
    assert jovi("--to", "python", "*.ipynb") == 0
    assert (workdir / "rich.py").is_file()
    assert (workdir / "plain.py").is_file()
    assert jovi("--to", "python", "nothing*.ipynb") == 1
    assert "nothing*.ipynb: no such notebook" in capsys.readouterr().err


def test_notebooks_listed_in_a_config_file(workdir):
    (workdir / "mycfg.py").write_text(
        'c = get_config()\nc.NbConvertApp.notebooks = ["plain.ipynb"]\n'
    )
    assert jovi("--config", "mycfg.py", "--to", "rst") == 0
    assert (workdir / "plain.rst").is_file()
    assert not (workdir / "rich.rst").exists()


def test_to_notebook_writes_a_copy_and_inplace_overwrites(workdir):
    assert jovi("--to", "notebook", "rich") == 0
    assert nbf.read(workdir / "rich.nbconvert.ipynb") == nbf.read(workdir / "rich.ipynb")
    assert jovi("--clear-output", "rich.ipynb") == 0
    cleared = nbf.read(workdir / "rich.ipynb")
    assert all(not cell.outputs for cell in cleared.cells if isinstance(cell, nbf.CodeCell))
    assert not (workdir / "rich.nbconvert.nbconvert.ipynb").exists()


def test_clear_output_with_another_format_converts_without_outputs(workdir):
    assert jovi("--clear-output", "--to", "markdown", "rich") == 0
    body = (workdir / "rich.md").read_text()
    assert "hello stdout\n" not in body.replace("print('hello stdout')", "")
    assert nbf.read(workdir / "rich.ipynb").cells[1].outputs  # the notebook is untouched


def test_no_input_no_prompt_and_template(workdir):
    assert jovi("--no-input", "--output", "a", "plain") == 0
    body = (workdir / "a.html").read_text()
    assert "total = 0" not in body
    assert "total is 6" in body
    assert jovi("--no-prompt", "--output", "b", "plain") == 0
    assert "In&nbsp;[" not in (workdir / "b.html").read_text()
    assert jovi("--template", "basic", "--theme", "dark", "--output", "c", "plain") == 0
    body = (workdir / "c.html").read_text()
    assert "<head>" not in body
    assert "jovi-theme-dark" in body


def test_embed_images_puts_linked_pictures_into_the_html(workdir):
    (workdir / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    write_notebook(
        workdir / "pics.ipynb", nbf.Notebook(cells=(nbf.MarkdownCell(source="![p](pic.png)"),))
    )
    assert jovi("pics") == 0
    assert 'src="pic.png"' in (workdir / "pics.html").read_text()
    assert jovi("--embed-images", "pics") == 0
    assert 'src="data:image/png;base64,' in (workdir / "pics.html").read_text()


def test_sanitize_html_flag(workdir):
    nb = nbf.Notebook(
        cells=(
            nbf.CodeCell(
                outputs=(nbf.DisplayData(data={"text/html": "<b onmouseover='x()'>hi</b>"}),)
            ),
        )
    )
    write_notebook(workdir / "html.ipynb", nb)
    assert jovi("--sanitize-html", "html") == 0
    body = (workdir / "html.html").read_text()
    assert "onmouseover" not in body
    assert "<b>hi</b>" in body


def test_the_seed_notebook_converts_to_every_text_format(workdir):
    write_seed_simple(workdir / "simple.ipynb")
    for fmt, suffix in (
        ("markdown", ".md"),
        ("rst", ".rst"),
        ("python", ".py"),
        ("latex", ".tex"),
        ("asciidoc", ".asciidoc"),
        ("slides", ".slides.html"),
    ):
        assert jovi("--to", fmt, "simple") == 0, fmt
        assert "Hello, IPython" in (workdir / f"simple{suffix}").read_text(), fmt


def test_unknown_format_writer_and_post_are_usage_errors(workdir, capsys):
    assert jovi("--to", "htlm", "rich") == 2
    assert "there is no format 'htlm' (did you mean 'html'?)" in capsys.readouterr().err
    assert jovi("--writer", "printer", "rich") == 2
    assert "there is no writer 'printer'" in capsys.readouterr().err
    assert jovi("--post", "pdf", "rich") == 2
    assert "the only one is: serve" in capsys.readouterr().err
    assert jovi() == 2
    assert "no notebook given" in capsys.readouterr().err


# ------------------------------------------------------------------ bad notebooks
def test_a_truncated_notebook_is_one_line_naming_file_and_cell_and_the_rest_converts(
    workdir, capsys
):
    text = nbf.writes(rich_notebook())
    (workdir / "cut.ipynb").write_text(text[: len(text) // 2])
    assert jovi("--to", "markdown", "cut", "plain") == 1
    err = capsys.readouterr().err.strip().splitlines()
    problem = [line for line in err if "cut.ipynb" in line]
    assert len(problem) == 1
    assert problem[0].startswith(
        "jovi nbconvert: cut.ipynb: is truncated: the file ends inside cell "
    )
    assert problem[0].endswith("; --allow-invalid converts the 2 cells before the break")
    assert (workdir / "plain.md").is_file()


def test_an_invalid_notebook_is_repaired_with_a_warning_naming_the_cell_and_field(workdir, capsys):
    # What Jupyter reads, jovi converts: the broken output is left out, and one line says so.
    data = json.loads(nbf.writes(plain_python_notebook()))
    data["cells"][2]["outputs"][0]["output_type"] = "pyout"
    (workdir / "bad.ipynb").write_text(json.dumps(data))
    assert jovi("bad") == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == (
        "jovi: warning: bad.ipynb: cell 2 (id 'b'): dropped outputs[0], because "
        "outputs[0].output_type 'pyout' is not one of 'execute_result', 'display_data', "
        "'stream', 'error'"
    )
    assert err[1].startswith("Converted bad.ipynb to bad.html")
    assert len(err) == 2


def test_allow_invalid_converts_what_it_can(workdir, capsys):
    text = nbf.writes(plain_python_notebook())
    cut = text[: text.index('"id": "c"')]
    (workdir / "cut.ipynb").write_text(cut)
    assert jovi("--allow-invalid", "--to", "python", "cut") == 0
    body = (workdir / "cut.py").read_text()
    assert "print('total is', total)" in body
    assert "cut.ipynb: the notebook is truncated" in capsys.readouterr().err


def test_not_a_notebook_and_a_missing_file(workdir, capsys):
    (workdir / "notes.ipynb").write_text("just some text")
    assert jovi("notes", "missing.ipynb") == 1
    err = capsys.readouterr().err
    assert "notes.ipynb: is not a notebook: it is not JSON" in err
    assert "missing.ipynb: no such notebook" in err


def test_a_missing_tool_is_named_with_how_to_install_it(workdir, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(workdir))
    assert jovi("--to", "pdf", "plain") == 1
    err = capsys.readouterr().err
    assert "xelatex was not found" in err
    assert "apt install texlive-xetex" in err


# ------------------------------------------------------------------ serve
@pytest.mark.integration
def test_post_serve_serves_the_output(workdir, jovi_command):
    argv = [
        *jovi_command,
        "nbconvert",
        "--to",
        "slides",
        "--post",
        "serve",
        "--ServePostProcessor.port=0",
        "--ServePostProcessor.open_in_browser=False",
        "plain.ipynb",
    ]
    with subprocess.Popen(
        argv, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as process:
        try:
            line = process.stdout.readline()
            assert line.startswith("Serving plain.slides.html at http://127.0.0.1:"), line
            url = line.split(" at ", 1)[1].strip()
            with urllib.request.urlopen(url, timeout=10) as response:
                page = response.read().decode()
            assert "reveal.js" in page
            assert "total is 6" in page
        finally:
            process.terminate()
            process.wait(timeout=10)
