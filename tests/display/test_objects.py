"""The text-like display objects: their bundles, their sources (data, file, URL) and errors."""

from __future__ import annotations

import json

import pytest
from tests.display.samples import SVG_ELEMENT, SVG_FILE

import jovi.display
from jovi.display import (
    HTML,
    JSON,
    SVG,
    Code,
    DisplayObject,
    GeoJSON,
    Javascript,
    Latex,
    Markdown,
    Math,
    Pretty,
    display,
)
from jovi.display.formatters import DisplayFormatter
from jovi.errors import DisplayError


def bundle(obj, include=None, exclude=None):
    return DisplayFormatter().format(obj, include, exclude)


def text_form(name):
    return f"<jovi.display.{name} object>"


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (Pretty("plain words"), ({"text/plain": "plain words"}, {})),
        (
            HTML("<b>bold</b>"),
            ({"text/plain": text_form("HTML"), "text/html": "<b>bold</b>"}, {}),
        ),
        (
            HTML("<p>x</p>", metadata={"isolated": True}),
            (
                {"text/plain": text_form("HTML"), "text/html": "<p>x</p>"},
                {"text/html": {"isolated": True}},
            ),
        ),
        (
            Markdown("# Title"),
            ({"text/plain": text_form("Markdown"), "text/markdown": "# Title"}, {}),
        ),
        (Latex(r"$\alpha$"), ({"text/plain": text_form("Latex"), "text/latex": r"$\alpha$"}, {})),
        (Math(r"\int x"), ({"text/plain": text_form("Math"), "text/latex": r"$$\int x$$"}, {})),
        (Math(r" $\int x$ "), ({"text/plain": text_form("Math"), "text/latex": r"$$\int x$$"}, {})),
        (Math(r"$$\int x$$"), ({"text/plain": text_form("Math"), "text/latex": r"$$\int x$$"}, {})),
        (SVG(SVG_FILE), ({"text/plain": text_form("SVG"), "image/svg+xml": SVG_ELEMENT}, {})),
        (SVG("<svg/>"), ({"text/plain": text_form("SVG"), "image/svg+xml": "<svg/>"}, {})),
        (
            JSON({"a": [1, 2]}),
            (
                {"text/plain": text_form("JSON"), "application/json": {"a": [1, 2]}},
                {"application/json": {"expanded": False, "root": "root"}},
            ),
        ),
        (
            JSON("[1, 2]", expanded=True, root="data", sort="yes"),
            (
                {"text/plain": text_form("JSON"), "application/json": [1, 2]},
                {"application/json": {"expanded": True, "root": "data", "sort": "yes"}},
            ),
        ),
        (
            GeoJSON({"type": "Point", "coordinates": [1, 2]}),
            (
                {
                    "application/geo+json": {"type": "Point", "coordinates": [1, 2]},
                    "text/plain": text_form("GeoJSON"),
                },
                {},
            ),
        ),
        (
            GeoJSON({"type": "Point"}, url_template="https://tiles/{z}/{x}/{y}.png"),
            (
                {"application/geo+json": {"type": "Point"}, "text/plain": text_form("GeoJSON")},
                {"application/geo+json": {"url_template": "https://tiles/{z}/{x}/{y}.png"}},
            ),
        ),
        (
            Javascript("alert(1)"),
            ({"text/plain": text_form("Javascript"), "application/javascript": "alert(1)"}, {}),
        ),
    ],
    ids=lambda value: type(value).__name__ if not isinstance(value, tuple) else "",
)
def test_each_class_gives_its_bundle(obj, expected):
    assert bundle(obj) == expected


def test_bytes_are_decoded_as_utf8():
    assert HTML("<i>café</i>".encode()).data == "<i>café</i>"


def test_html_shows_objects_with_dunder_html_and_is_one():
    class Markup:
        def __html__(self):
            return "<em>safe</em>"

    shown = HTML(Markup())
    assert bundle(shown)[0]["text/html"] == "<em>safe</em>"
    assert shown.__html__() == "<em>safe</em>"


def test_text_classes_refuse_other_objects():
    with pytest.raises(DisplayError, match=r"^HTML shows text, not a int object$"):
        HTML(42)


def test_svg_without_an_svg_element_is_an_error():
    with pytest.raises(DisplayError, match=r"^the SVG data has no <svg> element$"):
        SVG("<html></html>")


def test_json_errors():
    with pytest.raises(DisplayError, match=r"^the text given to JSON is not JSON: "):
        JSON("{not json")
    with pytest.raises(DisplayError, match=r"^JSON data must be JSON"):
        JSON({"a": object()})


def test_javascript_loads_css_then_libraries_in_order_then_runs():
    code = Javascript("run()", lib=["https://a/1.js", "https://a/2.js"], css="https://a/s.css")
    script = bundle(code)[0]["application/javascript"]
    assert script.index('"https://a/s.css"') < script.index('["https://a/1.js", "https://a/2.js"]')
    assert script.rstrip().endswith("run()\n});")
    assert code.lib == ["https://a/1.js", "https://a/2.js"]
    assert code.css == ["https://a/s.css"]


def test_include_and_exclude_apply_to_mimebundle_objects():
    geo = GeoJSON({"type": "Point"}, layer_options={"maxZoom": 3})
    assert bundle(geo, exclude=["application/geo+json"]) == (
        {"text/plain": text_form("GeoJSON")},
        {},
    )


# ---------------------------------------------------------------- Code


def test_code_is_highlighted_html_and_plain_text():
    data, metadata = bundle(Code("x = 1\n", language="python"))
    assert metadata == {}
    assert data["text/plain"] == "x = 1\n"
    html = data["text/html"]
    assert html.startswith("<style>")
    assert '<div class="jovi-code">' in html
    assert '<span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>' in html


def test_code_language_from_the_file_suffix(tmp_path):
    source = tmp_path / "query.sql"
    source.write_text("SELECT name FROM users;\n")
    html = bundle(Code(filename=source))[0]["text/html"]
    assert '<span class="k">SELECT</span>' in html


def test_code_with_an_unknown_language_reports_it():
    failures = []
    formatter = DisplayFormatter(on_error=failures.append)
    data, _ = formatter.format(Code("x", language="no-such-language"))
    assert data == {"text/plain": "x"}
    assert [f.describe() for f in failures] == [
        (
            "the text/html representation of Code failed: "
            "DisplayError: pygments knows no language named 'no-such-language'"
        )
    ]


def test_code_without_pygments_is_escaped_preformatted_text(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pygments(name, *args, **kwargs):
        if name.startswith("pygments"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pygments)
    assert bundle(Code("a < b"))[0] == {
        "text/plain": "a < b",
        "text/html": '<pre class="jovi-code">a &lt; b</pre>',
    }


# ---------------------------------------------------------------- sources: files


def test_data_from_a_file_is_read_at_once(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<h1>from a file</h1>")
    from_path = HTML(filename=page)
    page.write_text("<h1>changed</h1>")
    assert from_path.data == "<h1>from a file</h1>"
    from_path.reload()
    assert from_path.data == "<h1>changed</h1>"
    assert from_path.filename == str(page)


def test_a_string_naming_an_existing_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("*notes*")
    assert Markdown("notes.md").data == "*notes*"
    assert Markdown("missing.md").data == "missing.md"
    assert Markdown(tmp_path / "notes.md").data == "*notes*"


def test_json_from_a_file(tmp_path):
    (tmp_path / "data.json").write_text(json.dumps({"k": [1]}))
    assert JSON(filename=tmp_path / "data.json").data == {"k": [1]}


def test_a_missing_file_is_one_sentence(tmp_path):
    missing = tmp_path / "nope.svg"
    with pytest.raises(DisplayError) as caught:
        SVG(filename=missing)
    assert str(caught.value) == f"cannot read {str(missing)!r}: No such file or directory"


# ---------------------------------------------------------------- sources: URLs


@pytest.mark.integration
def test_a_url_is_not_fetched_until_the_data_is_needed(server):
    server.pages["/page.html"] = (b"<p>remote</p>", "text/html; charset=utf-8")
    page = HTML(url=server.url("/page.html"))
    also = HTML(server.url("/page.html"))
    assert (page.url, also.url) == (server.url("/page.html"),) * 2
    assert server.requests == []
    assert bundle(page)[0] == {"text/plain": text_form("HTML"), "text/html": "<p>remote</p>"}
    assert server.requests == ["/page.html"]
    bundle(page)
    assert server.requests == ["/page.html"]


@pytest.mark.integration
def test_reload_fetches_again(server):
    server.pages["/eq.tex"] = (b"$a$", "text/plain")
    formula = Latex(url=server.url("/eq.tex"))
    formula.reload()
    assert formula.data == "$a$"
    server.pages["/eq.tex"] = (b"$b$", "text/plain")
    assert formula.data == "$a$"
    formula.reload()
    assert formula.data == "$b$"
    assert server.requests == ["/eq.tex", "/eq.tex"]


@pytest.mark.integration
def test_the_declared_charset_decodes_the_text(server):
    server.pages["/latin.md"] = ("déjà".encode("latin-1"), "text/markdown; charset=latin-1")
    server.pages["/json"] = (b'{"x": [1, 2]}', "application/json")
    assert Markdown(url=server.url("/latin.md")).data == "déjà"
    assert JSON(url=server.url("/json")).data == {"x": [1, 2]}


@pytest.mark.integration
def test_a_url_that_cannot_be_fetched_is_one_sentence(server):
    page = HTML(url=server.url("/missing.html"))
    with pytest.raises(DisplayError) as caught:
        page.reload()
    assert str(caught.value) == f"cannot fetch {server.url('/missing.html')!r}: Not Found"


def test_only_http_urls_are_fetched():
    page = HTML(url="file:///etc/passwd")
    with pytest.raises(DisplayError, match=r"jovi fetches only http and https URLs$"):
        page.reload()


# ---------------------------------------------------------------- the package


def test_the_package_exports_the_display_classes_and_functions():
    assert {"Image", "Audio", "Video", "FileLinks", "ProgressBar", "display"} <= set(
        jovi.display.__all__
    )
    assert jovi.display.display is display


def test_display_objects_show_through_display(recording_host):
    display(Markdown("*hi*"), HTML("<b>x</b>", metadata={"isolated": True}))
    assert [(data, metadata) for data, metadata, _, _ in recording_host.published] == [
        ({"text/plain": text_form("Markdown"), "text/markdown": "*hi*"}, {}),
        (
            {"text/plain": text_form("HTML"), "text/html": "<b>x</b>"},
            {"text/html": {"isolated": True}},
        ),
    ]


def test_subclasses_keep_their_own_name_in_the_text_form():
    class Banner(HTML):
        pass

    assert repr(Banner("<b/>")) == "<jovi.display.Banner object>"
    assert repr(DisplayObject("anything")) == "<jovi.display.DisplayObject object>"
