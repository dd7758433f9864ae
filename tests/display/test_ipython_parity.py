"""jovi's display classes give the same MIME types (and metadata keys) as IPython's for
the same input, so frontends render them alike.  IPython is a test peer only."""

from __future__ import annotations

import pytest
from tests.display.samples import SVG_FILE, gif, jpeg, png

import jovi.display as jovi_display
from jovi.display.formatters import DisplayFormatter

pytestmark = pytest.mark.interop

CASES = [
    ("HTML", ("<b>x</b>",), {}),
    ("HTML", ("<b>x</b>",), {"metadata": {"isolated": True}}),
    ("Markdown", ("# x",), {}),
    ("Latex", ("$x$",), {}),
    ("Math", ("x^2",), {}),
    ("SVG", (SVG_FILE,), {}),
    ("JSON", ({"a": [1]},), {"expanded": True}),
    ("Javascript", ("alert(1)",), {"lib": ["https://a/b.js"]}),
    ("Pretty", ("text",), {}),
    ("Image", (png(4, 2),), {}),
    ("Image", (png(4, 2),), {"retina": True}),
    ("Image", (jpeg(16, 8),), {"width": 10, "unconfined": True, "alt": "a"}),
    ("Image", (gif(2, 2),), {}),
    ("Image", (), {"url": "https://example.org/x.png"}),
    ("Image", (), {"url": "https://example.org/x.png", "width": 5}),
    ("Audio", (b"RIFF\x00\x00\x00\x00WAVE",), {}),
    ("Video", ("https://example.org/v.mp4",), {}),
    ("Video", (b"\x00\x01",), {"embed": True, "mimetype": "video/mp4"}),
    ("IFrame", ("https://example.org", 10, 20), {}),
    ("YouTubeVideo", ("abc",), {}),
    ("VimeoVideo", ("123",), {}),
    ("Code", ("x = 1",), {"language": "python"}),
    ("ProgressBar", (10,), {}),
]


def shape(data, metadata):
    return sorted(data), {mime: sorted(value) for mime, value in metadata.items()}


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_same_mime_types_as_ipython(name, args, kwargs):
    ipython_display = pytest.importorskip("IPython.display")
    from IPython.core.formatters import DisplayFormatter as IPythonFormatter

    ours = DisplayFormatter().format(getattr(jovi_display, name)(*args, **kwargs))
    theirs = IPythonFormatter().format(getattr(ipython_display, name)(*args, **kwargs))
    expected = shape(*theirs)
    if name == "Code":
        # IPython also renders LaTeX; jovi gives the HTML and the plain text.
        expected[0].remove("text/latex")
    assert shape(*ours) == expected


def test_file_links_same_mime_types_as_ipython(tmp_path, monkeypatch):
    ipython_display = pytest.importorskip("IPython.display")
    from IPython.core.formatters import DisplayFormatter as IPythonFormatter

    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("x")
    for name, path in (("FileLink", "d/f.txt"), ("FileLinks", "d")):
        ours = DisplayFormatter().format(getattr(jovi_display, name)(path))
        theirs = IPythonFormatter().format(getattr(ipython_display, name)(path))
        assert shape(*ours) == shape(*theirs)
        assert ours[0]["text/plain"] == theirs[0]["text/plain"]
