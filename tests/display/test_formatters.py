"""Formatters: MIME bundles from _repr_*_ methods, registries, errors, and display()."""

from __future__ import annotations

import base64

import pytest

from jovi.display import host
from jovi.display.formatters import DisplayFormatter
from jovi.display.functions import (
    DisplayHandle,
    clear_output,
    display,
    display_html,
    display_json,
    display_png,
    publish_display_data,
    update_display,
)

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


class AllFormats:
    def __repr__(self):
        return "AllFormats()"

    def _repr_html_(self):
        return "<b>html</b>"

    def _repr_markdown_(self):
        return "**md**"

    def _repr_svg_(self):
        return "<svg/>"

    def _repr_png_(self):
        return PNG_BYTES

    def _repr_jpeg_(self):
        return b"\xff\xd8jpeg"

    def _repr_latex_(self):
        return "$x^2$"

    def _repr_json_(self):
        return {"a": 1}

    def _repr_javascript_(self):
        return "console.log(1)"

    def _repr_pdf_(self):
        return b"%PDF-1.4"


def test_every_repr_method_gives_its_mime_type():
    data, metadata = DisplayFormatter().format(AllFormats())
    assert data == {
        "text/plain": "AllFormats()",
        "text/html": "<b>html</b>",
        "text/markdown": "**md**",
        "image/svg+xml": "<svg/>",
        "image/png": base64.b64encode(PNG_BYTES).decode(),
        "image/jpeg": base64.b64encode(b"\xff\xd8jpeg").decode(),
        "text/latex": "$x^2$",
        "application/json": {"a": 1},
        "application/javascript": "console.log(1)",
        "application/pdf": base64.b64encode(b"%PDF-1.4").decode(),
    }
    assert metadata == {}


def test_include_and_exclude():
    formatter = DisplayFormatter()
    data, _ = formatter.format(AllFormats(), include=["text/html"])
    assert set(data) == {"text/html", "text/plain"}
    data, _ = formatter.format(AllFormats(), exclude=["image/png", "image/jpeg"])
    assert "image/png" not in data
    assert "text/html" in data


def test_data_and_metadata_tuples():
    class Sized:
        def _repr_png_(self):
            return PNG_BYTES, {"width": 10, "height": 20}

    data, metadata = DisplayFormatter().format(Sized())
    assert metadata == {"image/png": {"width": 10, "height": 20}}
    assert data["image/png"] == base64.b64encode(PNG_BYTES).decode()


def test_mimebundle_takes_precedence_and_receives_include():
    class Bundle:
        seen = None

        def _repr_mimebundle_(self, include=None, exclude=None):
            Bundle.seen = (include, exclude)
            return {"text/html": "<i>b</i>", "text/plain": "bundle"}, {
                "text/html": {"isolated": True}
            }

        def _repr_html_(self):
            return "not used"

    data, metadata = DisplayFormatter().format(Bundle(), include=["text/html", "text/plain"])
    assert data == {"text/html": "<i>b</i>", "text/plain": "bundle"}
    assert metadata == {"text/html": {"isolated": True}}
    assert Bundle.seen == (["text/html", "text/plain"], None)


def test_a_repr_returning_none_or_the_wrong_type_is_skipped():
    class Unhelpful:
        def _repr_html_(self):
            return None

        def _repr_json_(self):
            return 42

        def _repr_png_(self):
            return 3.14

    data, _ = DisplayFormatter().format(Unhelpful())
    assert set(data) == {"text/plain"}


def test_json_text_is_parsed():
    class JsonText:
        def _repr_json_(self):
            return '{"k": [1, 2]}'

    assert DisplayFormatter().format(JsonText())[0]["application/json"] == {"k": [1, 2]}


def test_failing_formatters_are_reported_and_skipped():
    failures = []

    class Broken:
        def _repr_html_(self):
            raise ValueError("html broken")

        def __repr__(self):
            raise RuntimeError("repr broken")

    data, _ = DisplayFormatter(on_error=failures.append).format(Broken())
    assert data["text/plain"].startswith("<")
    assert "Broken object at 0x" in data["text/plain"]
    assert {f.format_type for f in failures} == {"text/html", "text/plain"}
    assert failures[0].describe().endswith("ValueError: html broken") or failures[
        1
    ].describe().endswith("ValueError: html broken")


def test_printers_registered_by_type_and_by_name():
    class Temperature:
        def __init__(self, degrees):
            self.degrees = degrees

    formatter = DisplayFormatter()
    html = formatter.formatters["text/html"]
    assert html.for_type(Temperature, lambda t: f"<b>{t.degrees}°</b>") is None
    formatter.formatters["text/plain"].for_type(
        Temperature, lambda t, p, cycle: p.text(f"{t.degrees} degrees")
    )
    data, _ = formatter.format(Temperature(21))
    assert data == {"text/plain": "21 degrees", "text/html": "<b>21°</b>"}
    late = DisplayFormatter()
    late.formatters["text/latex"].for_type_by_name(
        __name__, "Temperature", lambda t: f"${t.degrees}^\\circ$"
    )
    assert late.format(Temperature(5))[0]["text/latex"] == "$5^\\circ$"
    assert html.pop(Temperature) is not None


def test_a_subclass_uses_its_base_printer():
    formatter = DisplayFormatter()
    formatter.formatters["text/html"].for_type(dict, lambda d: f"<table>{len(d)}</table>")

    class MyDict(dict):
        pass

    assert formatter.format(MyDict(a=1))[0]["text/html"] == "<table>1</table>"


def test_disabled_formats_and_active_types():
    formatter = DisplayFormatter()
    formatter.formatters["text/html"].enabled = False
    assert "text/html" not in formatter.format(AllFormats())[0]
    formatter.active_types = ["text/latex"]
    assert set(formatter.format(AllFormats())[0]) == {"text/plain", "text/latex"}


class ForeignFormatter:
    """A formatter of the kind libraries add (IPython's: no ``check``, ``enabled``)."""

    enabled = True

    def __call__(self, obj):
        return {"rows": 1}


def test_a_formatter_added_after_the_active_types_is_computed_while_enabled():
    # As in IPython, where the active types switch formatters on and off when set:
    # pandas adds its table schema formatter to a shell whose active types were set.
    formatter = DisplayFormatter()
    formatter.active_types = ["text/plain", "text/latex"]
    added = ForeignFormatter()
    formatter.formatters["application/vnd.dataresource+json"] = added
    data = formatter.format(AllFormats())[0]
    assert set(data) == {"text/plain", "text/latex", "application/vnd.dataresource+json"}
    assert data["application/vnd.dataresource+json"] == {"rows": 1}
    added.enabled = False
    assert "application/vnd.dataresource+json" not in formatter.format(AllFormats())[0]


def test_plain_text_options():
    formatter = DisplayFormatter()
    plain = formatter.plain_text
    plain.pprint = False
    assert formatter.format(list(range(40)))[0]["text/plain"] == repr(list(range(40)))
    plain.pprint = True
    plain.set_float_precision(2)
    assert formatter.format([1.23456])[0]["text/plain"] == "[1.23]"
    plain.set_float_precision("%e")
    assert formatter.format(1.5)[0]["text/plain"] == "1.500000e+00"
    plain.set_float_precision(None)
    assert formatter.format(1.5)[0]["text/plain"] == "1.5"
    with pytest.raises((ValueError, TypeError)):
        plain.set_float_precision("%q")


def test_display_publishes_each_object(recording_host):
    assert display(1, AllFormats()) is None
    assert [item[0]["text/plain"] for item in recording_host.published] == ["1", "AllFormats()"]
    assert "text/html" in recording_host.published[1][0]


def test_display_ids_and_updates(recording_host):
    handle = display("first", display_id=True)
    assert isinstance(handle, DisplayHandle)
    handle.update("second")
    update_display("third", display_id=handle.display_id)
    published = recording_host.published
    assert [p[2] for p in published] == [{"display_id": handle.display_id}] * 3
    assert [p[3] for p in published] == [False, True, True]
    assert [p[0]["text/plain"] for p in published] == ["'first'", "'second'", "'third'"]
    named = display("x", display_id="mine")
    assert named.display_id == "mine"


def test_raw_bundles_and_metadata(recording_host):
    display({"text/html": "<p>raw</p>", "text/plain": "raw"}, raw=True, metadata={"k": 1})
    publish_display_data({"text/plain": "direct"}, {"m": 2})
    assert recording_host.published[0][:2] == (
        {"text/html": "<p>raw</p>", "text/plain": "raw"},
        {"k": 1},
    )
    assert recording_host.published[1][:2] == ({"text/plain": "direct"}, {"m": 2})


def test_typed_display_functions(recording_host):
    display_html("<b>x</b>", raw=True)
    display_json({"a": 1}, raw=True)
    display_png(base64.b64encode(PNG_BYTES).decode(), raw=True, metadata={"width": 5})
    display_html(AllFormats())
    assert recording_host.published[0][0] == {"text/html": "<b>x</b>"}
    assert recording_host.published[1][0] == {"application/json": {"a": 1}}
    assert recording_host.published[2][1] == {"image/png": {"width": 5}}
    assert set(recording_host.published[3][0]) == {"text/html", "text/plain"}


def test_clear_output(recording_host):
    clear_output()
    clear_output(wait=True)
    display("after", clear=True)
    assert recording_host.cleared == [False, True, True]


def test_without_a_host_display_prints_text(capsys):
    previous = host.set_host(None)
    try:
        display([1, 2])
    finally:
        host.set_host(previous)
    assert capsys.readouterr().out == "[1, 2]\n"
