"""Every output shape and MIME type in every exporter: converted without a traceback,
and each output shown (its own content, or its ``text/plain`` fallback)."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys

import pytest

import jovi.nbformat as nbf
from jovi.nbconvert.exporters import get_exporter
from tests.nbconvert.every_output import every_output_notebook

FORMATS = ["html", "slides", "markdown", "rst", "latex", "asciidoc", "python", "script", "notebook"]
# Formats that show outputs, and how they show images they do not inline.
SHOWS_OUTPUTS = {"html", "slides", "markdown", "rst", "latex", "asciidoc"}


@pytest.fixture(scope="module")
def notebook():
    return nbf.from_json(every_output_notebook())


def convert(name, nb, **options):
    body, resources = get_exporter(name)(**options).from_notebook_node(nb)
    assert isinstance(body, str)
    return body, resources


def shown(body: str, n: int) -> bool:
    return bool(re.search(rf"(rich|fallback)-{n}(?!\d)", body))


@pytest.mark.parametrize("name", FORMATS)
def test_every_output_converts(notebook, name):
    body, _ = convert(name, notebook)
    assert body.strip()
    assert "Traceback (most recent call last)" not in body
    assert "FrozenDict" not in body
    data = every_output_notebook()
    if name in SHOWS_OUTPUTS:
        for cell in data["cells"]:
            if cell["cell_type"] != "code":
                continue
            [output] = cell["outputs"]
            bundle = output.get("data") or {}
            if any(mime.startswith("image/") or mime == "application/pdf" for mime in bundle):
                continue  # images: test_images_are_shown_in_every_format
            marked = "rich-" in json.dumps(bundle)
            if marked and bundle.get("text/plain", "").startswith(("fallback-", "plain rich-")):
                n = int(re.search(r"-(\d+)", json.dumps(bundle)).group(1))
                assert shown(body, n), f"{name}: output {n} ({sorted(bundle)}) is not shown"
        assert "stream-out" in body
        assert "error-value" in body
    if name == "notebook":
        assert nbf.reads(body) == notebook
    if name in ("python", "script"):
        ast.parse(body)
        assert "show_0()" in body


IMAGE_KINDS = ("png", "jpeg", "gif", "webp", "svg+xml")


@pytest.mark.parametrize("name", sorted(SHOWS_OUTPUTS))
def test_images_are_shown_in_every_format(notebook, name):
    body, resources = convert(name, notebook)
    files = [
        key for key in resources["outputs"] if not key.startswith(("katex", "notebook_files/katex"))
    ]
    for kind in IMAGE_KINDS:
        inline = f"data:image/{kind};base64," in body or (kind == "svg+xml" and "<svg" in body)
        extension = {"svg+xml": ".svg", "jpeg": ".jpg"}.get(kind, f".{kind}")
        extracted = [key for key in files if key.endswith(extension)]
        assert inline or extracted, f"{name}: no image/{kind}"


@pytest.mark.parametrize("name", ["html", "slides"])
def test_html_shows_json_as_json_and_images_inline(notebook, name):
    body, _ = convert(name, notebook)
    assert "&#34;rich&#34;: &#34;rich-" in body or '"rich": "rich-' in body
    assert "data:image/png;base64," in body
    assert "data:image/gif;base64," in body
    assert "<b>rich-" in body


def test_markdown_and_rst_write_json_readably(notebook):
    for name in ("markdown", "rst"):
        body, _ = convert(name, notebook)
        assert '"nested": {' in body, name
        assert "\\u00" not in body, f"{name}: JSON is written as text, not HTML-escaped"


def test_json_only_outputs_are_shown_as_json_where_a_format_can_show_json(notebook):
    # An output whose only MIME type is a JSON type the format does not know by name
    # (vega-lite, plotly, GeoJSON...) shows its JSON rather than nothing.
    for name in ("html", "markdown", "rst"):
        body, _ = convert(name, notebook)
        for key in ("coordinates", "layout", "mark"):
            assert f'"{key}"' in body or f"&#34;{key}&#34;" in body, (name, key)


@pytest.mark.integration
def test_latex_of_every_output_compiles(notebook, tmp_path):
    xelatex = shutil.which("xelatex")
    assert xelatex, "xelatex is missing: .ci/run installs texlive-xetex"
    body, resources = convert("latex", notebook)
    (tmp_path / "nb.tex").write_text(body, encoding="utf-8")
    for relative, payload in resources["outputs"].items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload if isinstance(payload, bytes) else payload.encode())
    done = subprocess.run(
        [xelatex, "-interaction=nonstopmode", "-halt-on-error", "nb.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.integration
@pytest.mark.parametrize("name", ["html", "markdown", "latex", "python"])
def test_the_command_line_converts_it_too(tmp_path, name):
    path = tmp_path / "every.ipynb"
    path.write_text(json.dumps(every_output_notebook()), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "jovi", "nbconvert", "--to", name, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
