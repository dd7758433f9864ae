"""Introspection: obj?, obj??, %pinfo and friends, the structured record, the bundle."""

from __future__ import annotations

import pytest


@pytest.fixture
def sample(run):
    run(
        "class Widget:\n"
        "    '''A widget.'''\n"
        "    def __init__(self, size=1):\n"
        "        '''Make a widget of a size.'''\n"
        "        self.size = size\n"
        "    @property\n"
        "    def area(self):\n"
        "        '''The area.'''\n"
        "        ran.append('area')\n"
        "        return self.size ** 2\n"
        "    def __call__(self, x):\n"
        "        '''Scale x.'''\n"
        "        return x * self.size\n"
        "ran = []\n"
        "w = Widget(3)\n"
        "def scale(value, factor=2):\n"
        "    '''Scale a value.'''\n"
        "    return value * factor\n"
        "items = [1, 2, 3]\n"
    )


def test_help_on_a_function(sample, run, output):
    run("scale?")
    text = output.page_text()
    assert "Signature: scale(value, factor=2)" in text
    assert "Docstring: Scale a value." in text
    assert "File:      Cell In[1]" in text
    assert "Type:      function" in text


def test_more_help_shows_the_source(sample, run, output):
    run("scale??")
    text = output.page_text()
    assert "def scale(value, factor=2):" in text
    assert "Docstring:" not in text


def test_help_on_a_class(sample, run, output):
    run("Widget?")
    text = output.page_text()
    assert "Init signature: Widget(size=1)" in text
    assert "Docstring:      A widget." in text
    assert "Init docstring: Make a widget of a size." in text


def test_help_on_an_instance(sample, run, output):
    run("items?")
    text = output.page_text()
    assert "Type:        list" in text
    assert "String form: [1, 2, 3]" in text
    assert "Length:      3" in text


def test_help_on_a_callable_instance(sample, shell):
    info = shell.object_inspect("w")
    assert info["type_name"] == "Widget"
    assert info["call_def"] == "w(x)"
    assert info["call_docstring"] == "Scale x."


def test_help_on_a_property_never_runs_it(sample, run, shell, output):
    run("w.area?")
    assert shell.user_ns["ran"] == []
    assert "The area." in output.page_text()
    info = shell.object_inspect("w.area")
    assert info["type_name"] == "property"


def test_help_before_the_name(sample, run, output):
    run("?scale")
    assert "Signature: scale(value, factor=2)" in output.page_text()


def test_dotted_names(run, output):
    run("import os")
    run("os.path.join?")
    assert "Signature: join(" in output.page_text()


def test_an_unknown_name(run, output):
    run("nosuch?")
    assert output.stdout == "Object `nosuch` not found.\n"
    assert output.pages == []


def test_help_on_magics(run, output):
    run("%lsmagic?")
    assert "List every line and cell magic" in output.page_text()
    output.pages.clear()
    run("lsmagic?")
    assert "List every line and cell magic" in output.page_text()


def test_mid_line_help_offers_the_line_again(run, output):
    run("a = zip?")
    assert output.next_inputs == ["a = zip"]
    assert "zip" in output.page_text()


def test_wildcard_search(run, output):
    run("alpha_one = 1\nalpha_two = 'x'\n_alpha_hidden = 2")
    run("alpha_*?")
    assert output.page_text() == "alpha_one\nalpha_two"
    output.pages.clear()
    run("%psearch -a *alpha* int")
    assert output.page_text() == "_alpha_hidden\nalpha_one"
    output.pages.clear()
    run("%psearch -i ALPHA_O*")
    assert output.page_text() == "alpha_one"


def test_pdef_and_pdoc(sample, run, output):
    run("%pdef scale")
    run("%pdoc scale")
    assert output.stdout == "scale(value, factor=2)\n"
    assert output.page_text() == "Scale a value."
    output.pages.clear()
    run("%pdoc Widget")
    assert output.page_text() == "A widget.\n\nInit docstring:\nMake a widget of a size."


def test_psource_and_pfile(sample, run, output, tmp_path):
    run("%psource scale")
    assert output.page_text().startswith("def scale(value, factor=2):")
    output.pages.clear()
    module = tmp_path / "helper_module.py"
    module.write_text("def helper():\n    return 42\n")
    run(f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\nimport helper_module")
    run("%pfile helper_module")
    assert output.page_text() == "def helper():\n    return 42\n"


def test_psource_of_a_builtin_is_a_clear_error(run, output):
    run("%psource len")
    assert output.errors[0].traceback == ["UsageError: No source found for len."]


def test_hostile_objects_give_fewer_fields_not_errors(run, shell, output):
    run(
        "class Hostile:\n"
        "    def __str__(self):\n        raise RuntimeError('no str')\n"
        "    def __len__(self):\n        raise RuntimeError('no len')\n"
        "    def __getattr__(self, name):\n        raise RuntimeError(name)\n"
        "h = Hostile()"
    )
    run("h?")
    assert output.errors == []
    text = output.page_text()
    assert "Type:" in text
    assert "String form" not in text
    assert "Length" not in text


def test_the_record_and_the_bundle(sample, shell):
    info = shell.object_inspect("scale", detail_level=1)
    assert info["found"] is True
    assert info["definition"] == "scale(value, factor=2)"
    assert info["source"].startswith("def scale")
    bundle = shell.object_inspect_mime("scale")
    assert set(bundle) == {"text/plain", "text/html"}
    assert "<b>Signature:</b>" in bundle["text/html"]
    assert shell.object_inspect("nosuch")["found"] is False
    assert shell.object_inspect_mime("nosuch") == {"text/plain": "Object `nosuch` not found."}
