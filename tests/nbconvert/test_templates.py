"""Templates: lookup by name and path, user directories, inheritance, blocks, errors;
the exporter registry with entry points; slides."""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser

import pytest

import jovi.nbformat as nbf
from jovi.errors import ConversionError, TemplateNotFound, UnknownFormat
from jovi.nbconvert import (
    HTMLExporter,
    MarkdownExporter,
    SlidesExporter,
    exporter_names,
    get_exporter,
)
from jovi.nbconvert.exporters import export
from jovi.nbconvert.exporters.slides import mark_slides, slide_type
from jovi.nbconvert.templating import available_templates, resolve_template, user_template_dir
from tests.nbconvert.notebooks import plain_python_notebook, rich_notebook


def test_builtin_templates_are_listed_per_format():
    assert available_templates("html") == ["basic", "classic", "full", "lab"]
    assert available_templates("latex") == ["article", "book", "report"]


def test_nbconverts_html_template_names_give_the_full_page():
    # `jupyter nbconvert --template lab|classic` is in many scripts and Makefiles.
    full, _ = HTMLExporter().from_notebook_node(plain_python_notebook())
    for name in ("lab", "classic"):
        named, _ = HTMLExporter(template_name=name).from_notebook_node(plain_python_notebook())
        assert named == full, name


def test_basic_html_has_no_page_around_it():
    full, _ = HTMLExporter().from_notebook_node(plain_python_notebook())
    basic, _ = HTMLExporter(template_name="basic").from_notebook_node(plain_python_notebook())
    assert full.startswith("<!DOCTYPE html>")
    assert "<head>" in full
    assert "<html" not in basic
    assert "<head>" not in basic
    assert '<div class="jovi-notebook jovi-theme-light">' in basic


def _user_template(directory, body):
    directory.mkdir(parents=True)
    (directory / "index.md.j2").write_text(body, encoding="utf-8")
    return directory


def test_a_user_template_overrides_blocks_of_a_builtin_one(tmp_path):
    _user_template(
        tmp_path / "shouty",
        "{% extends 'markdown/default/index.md.j2' %}\n"
        "{% block markdowncell %}>> {{ cell.source | upper }}\n\n{% endblock markdowncell %}\n",
    )
    exporter = MarkdownExporter(template_name="shouty", extra_template_paths=[str(tmp_path)])
    body, _ = exporter.from_notebook_node(plain_python_notebook())
    assert ">> # A SCRIPT" in body
    assert "```python\ntotal = 0" in body  # the blocks it does not override are the base's


def test_templates_in_the_user_template_dir_and_by_path(tmp_path, monkeypatch):
    _user_template(
        user_template_dir() / "minimal",
        "{% for cell in nb.cells %}[{{ cell.cell_type }}]{% endfor %}",
    )
    body, _ = MarkdownExporter(template_name="minimal").from_notebook_node(plain_python_notebook())
    assert body == "[markdown][code][code][code]"
    file = tmp_path / "one.md.j2"
    file.write_text("cells: {{ nb.cells | length }}", encoding="utf-8")
    body, _ = MarkdownExporter(template_file=str(file)).from_notebook_node(plain_python_notebook())
    assert body == "cells: 4"
    monkeypatch.chdir(tmp_path)
    _user_template(tmp_path / "here", "from the current directory")
    assert (
        MarkdownExporter(template_name="here").from_notebook_node(nbf.Notebook())[0]
        == "from the current directory"
    )


def test_conf_json_base_template_puts_the_base_on_the_search_path(tmp_path):
    child = _user_template(tmp_path / "child", "{% include 'helper.j2' %} and child")
    (child / "conf.json").write_text(json.dumps({"base_template": "parent"}), encoding="utf-8")
    parent = tmp_path / "parent"
    parent.mkdir()
    (parent / "helper.j2").write_text("helper of the parent", encoding="utf-8")
    (parent / "conf.json").write_text("{}", encoding="utf-8")
    body, _ = MarkdownExporter(
        template_name="child", extra_template_paths=[str(tmp_path)]
    ).from_notebook_node(nbf.Notebook())
    assert body == "helper of the parent and child"
    resolved = resolve_template(
        "child", family="markdown", entry="index.md.j2", extra_paths=[str(tmp_path)]
    )
    assert resolved.search_path[:2] == (str(child), str(parent))


def test_template_errors_are_one_message(tmp_path):
    with pytest.raises(
        TemplateNotFound,
        match=r"no html template named 'fancy' \(the html templates are: basic, classic, full, lab\)",
    ):
        HTMLExporter(template_name="fancy").from_notebook_node(nbf.Notebook())
    with pytest.raises(
        TemplateNotFound, match=r"there is no template directory or file \./nowhere"
    ):
        HTMLExporter(template_name="./nowhere").from_notebook_node(nbf.Notebook())
    broken = _user_template(tmp_path / "broken", "{% if %}")
    with pytest.raises(ConversionError, match=r"index.md.j2, line 1 is not valid Jinja"):
        MarkdownExporter(template_name=str(broken)).from_notebook_node(nbf.Notebook())
    loop = _user_template(tmp_path / "loop", "x")
    (loop / "conf.json").write_text('{"base_template": "loop"}', encoding="utf-8")
    with pytest.raises(TemplateNotFound, match="each other's base"):
        MarkdownExporter(
            template_name="loop", extra_template_paths=[str(tmp_path)]
        ).from_notebook_node(nbf.Notebook())


def test_display_priority_is_per_exporter_and_configurable():
    nb = nbf.Notebook(
        cells=(
            nbf.CodeCell(
                outputs=(nbf.DisplayData(data={"text/html": "<i>html</i>", "text/plain": "plain"}),)
            ),
        )
    )
    assert "<i>html</i>" in HTMLExporter().from_notebook_node(nb)[0]
    plain_first = HTMLExporter(display_priority=["text/plain", "text/html"]).from_notebook_node(nb)[
        0
    ]
    assert "<i>html</i>" not in plain_first
    assert "plain" in plain_first
    assert "plain" in get_exporter("latex")().from_notebook_node(nb)[0]


def test_no_input_and_no_prompt_options():
    nb = plain_python_notebook()
    body, _ = HTMLExporter(exclude_input=True, exclude_input_prompt=True).from_notebook_node(nb)
    assert "total = 0" not in body
    assert "total is 6" in body
    body, _ = HTMLExporter(
        exclude_input_prompt=True, exclude_output_prompt=True
    ).from_notebook_node(nb)
    assert "In&nbsp;[" not in body
    assert "nb-no-prompt" in body


# ------------------------------------------------------------------ registry
def test_formats_by_name_any_case_and_module_path():
    assert get_exporter("HTML") is HTMLExporter
    assert get_exporter("jovi.nbconvert.exporters.markdown:MarkdownExporter") is MarkdownExporter
    with pytest.raises(
        UnknownFormat, match="there is no format 'htm' \\(did you mean 'html'\\?\\)"
    ):
        get_exporter("htm")
    body, _ = export("markdown", plain_python_notebook())
    assert "# A script" in body


def test_third_party_exporters_come_from_entry_points(tmp_path, monkeypatch):
    package = tmp_path / "thirdparty_exporter.py"
    package.write_text(
        "from jovi.nbconvert.exporters.base import Exporter\n"
        "class Shout(Exporter):\n"
        "    file_extension = '.shout'\n"
        "    def render(self, nb, resources):\n"
        "        return ' '.join(c.source.upper() for c in nb.cells)\n",
        encoding="utf-8",
    )
    info = tmp_path / "thirdparty_exporter-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: thirdparty-exporter\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text("[jovi.exporters]\nshout = thirdparty_exporter:Shout\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "shout" in exporter_names()
    body, resources = get_exporter("shout")().from_notebook_node(plain_python_notebook())
    assert body.startswith("# A SCRIPT")
    assert resources["output_extension"] == ".shout"
    sys.modules.pop("thirdparty_exporter", None)


# ------------------------------------------------------------------ slides
class _Sections(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.top = 0
        self.vertical = 0
        self.fragments = 0
        self.notes = 0

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.depth += 1
            self.top += self.depth == 1
            self.vertical += self.depth == 2
        elif tag == "div" and ("class", "fragment") in attrs:
            self.fragments += 1
        elif tag == "aside":
            self.notes += 1

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1


def _slide(source, kind):
    return nbf.MarkdownCell(source=source, metadata={"slideshow": {"slide_type": kind}})


def test_slides_follow_the_slideshow_metadata():
    nb = nbf.Notebook(
        cells=(
            _slide("# One", "slide"),
            _slide("step", "fragment"),
            _slide("with the step", "-"),
            _slide("below", "subslide"),
            _slide("left out", "skip"),
            _slide("say this", "notes"),
            _slide("# Two", "slide"),
            nbf.CodeCell(source="print(2)"),
        )
    )
    body, _ = SlidesExporter(reveal_prefix="reveal/").from_notebook_node(nb)
    parsed = _Sections()
    parsed.feed(body)
    assert (parsed.top, parsed.vertical, parsed.fragments, parsed.notes, parsed.depth) == (
        2,
        3,
        1,
        1,
        0,
    )
    assert "left out" not in body
    assert '<script src="reveal/dist/reveal.js"></script>' in body
    # The "-" cell after the fragment belongs to it: both are inside the fragment's div.
    fragment = body[body.index('<div class="fragment">') : body.index("</section><section>")]
    assert "step" in fragment
    assert "with the step" in fragment
    assert fragment.rstrip().endswith("</div>")
    assert [slide_type(cell) for cell in mark_slides(nb).cells][:2] == ["slide", "fragment"]


def test_slides_use_the_html_cells_and_reveal_options():
    body, resources = SlidesExporter(
        reveal_transition="fade", reveal_number="c/t"
    ).from_notebook_node(rich_notebook())
    assert resources["output_extension"] == ".slides.html"
    assert '"transition": "fade"' in body
    assert '"slideNumber": "c/t"' in body
    assert "nb-input-area" in body
    assert "hello stdout" in body
