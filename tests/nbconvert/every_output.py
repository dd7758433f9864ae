"""A notebook with every output shape of the nbformat 4 schema and the MIME types real
notebooks carry, each output marked so a test can find it in any format.

Every rich output has a ``text/plain`` fallback saying ``fallback-<n>``, and its own
content carries ``rich-<n>`` where the content is text; a format shows one or the
other for every output, never neither.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image

from tests.nbconvert.notebooks import PYTHON_METADATA, SVG, png_b64


def _image(kind: str) -> str:
    """A real 6x4 image in a Pillow format, base64."""
    buffer = io.BytesIO()
    Image.new("RGB", (6, 4), (200, 40, 90)).save(buffer, format=kind)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _pdf() -> str:
    """A real one-page PDF (a filled rectangle), base64."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 20 10] /Contents 4 0 R /Resources << >> >>",
    ]
    drawing = b"0 0 1 rg 0 0 20 10 re f"
    objects.append(b"<< /Length %d >>\nstream\n" % len(drawing) + drawing + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return base64.b64encode(bytes(out)).decode("ascii")


GIF = _image("GIF")
JPEG = _image("JPEG")
WEBP = _image("WEBP")
BMP = _image("BMP")
PDF = _pdf()

# (MIME type, value); "{n}" in a string value is the output's number.
RICH: list[tuple[str, Any]] = [
    ("text/plain", "plain rich-{n} <not html> & $not math$"),
    ("text/html", "<b>rich-{n}</b><table><tr><td>1 &amp; 2</td></tr></table>"),
    ("text/markdown", "**rich-{n}** with $x^2$ and a [link](https://example.org)"),
    ("text/latex", "$\\alpha_{{1}} + \\beta$ rich-{n}"),
    ("text/latex", "$$\\frac{{a}}{{b}} \\text{{rich-{n}}}$$"),
    ("image/png", png_b64()),
    ("image/jpeg", JPEG),
    ("image/gif", GIF),
    ("image/webp", WEBP),
    ("image/bmp", BMP),
    ("image/svg+xml", SVG),
    (
        "image/svg+xml",
        ["<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'>\n", "</svg>\n"],
    ),
    ("application/javascript", "console.log('rich-{n}');"),
    (
        "application/json",
        {"rich": "rich-{n}", "list": [1, 2.5, None, True], "nested": {"a": {"b": []}}},
    ),
    ("application/json", ["rich-{n}", {"x": 1}]),
    ("application/json", 42),
    ("application/json", "rich-{n}"),
    ("application/json", None),
    (
        "application/vnd.vegalite.v4+json",
        {"mark": "bar", "title": "rich-{n}", "data": {"values": [{"a": 1}]}},
    ),
    ("application/vnd.plotly.v1+json", {"data": [{"y": [1, 2]}], "layout": {"title": "rich-{n}"}}),
    ("application/geo+json", {"type": "Point", "coordinates": [1.5, 2]}),
    ("application/vnd.dataresource+json", {"schema": {"fields": []}, "data": []}),
    (
        "application/vnd.jupyter.widget-view+json",
        {"model_id": "abc123", "version_major": 2, "version_minor": 0},
    ),
    ("application/pdf", PDF),
    ("text/vnd.mermaid", "graph TD; A-->B; %% rich-{n}"),
    ("text/csv", "a,b\nrich-{n},2\n"),
    ("text/x-rst", "**rich-{n}**"),
    ("application/x-custom", "rich-{n} custom"),
]


def _fill(value: Any, n: int) -> Any:
    if isinstance(value, str):
        return value.replace("{n}", str(n)).replace("{{", "{").replace("}}", "}")
    if isinstance(value, list):
        return [_fill(item, n) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, n) for key, item in value.items()}
    return value


def rich_outputs() -> list[dict[str, Any]]:
    """One display_data and one execute_result per MIME type, each with a fallback,
    and the same MIME types alone (no fallback)."""
    outputs: list[dict[str, Any]] = []
    n = 0
    for mime, value in RICH:
        for output_type in ("display_data", "execute_result"):
            n += 1
            data = {mime: _fill(value, n)}
            if mime != "text/plain":
                data["text/plain"] = f"fallback-{n}"
            output: dict[str, Any] = {"output_type": output_type, "data": data, "metadata": {}}
            if output_type == "execute_result":
                output["execution_count"] = n if n % 3 else None
            outputs.append(output)
        n += 1
        outputs.append(
            {"output_type": "display_data", "data": {mime: _fill(value, n)}, "metadata": {}}
        )
    return outputs


def other_outputs() -> list[dict[str, Any]]:
    """Streams, errors, metadata on images, empty bundles."""
    return [
        {"output_type": "stream", "name": "stdout", "text": "stream-out \x1b[31mred\x1b[0m\n"},
        {"output_type": "stream", "name": "stdout", "text": "progress 10%\rprogress 100%\n"},
        {
            "output_type": "stream",
            "name": "stderr",
            "text": "stream-err <tag> & {brace} $x$ _u_ #h\n",
        },
        {"output_type": "stream", "name": "stdout", "text": ""},
        {
            "output_type": "error",
            "ename": "ZeroDivisionError",
            "evalue": "error-value",
            "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m: error-value <&> \\ {}", "line 2"],
        },
        {"output_type": "error", "ename": "E", "evalue": "", "traceback": []},
        {
            "output_type": "display_data",
            "data": {"image/png": png_b64(seed=3), "text/plain": "fallback-meta"},
            "metadata": {
                "image/png": {"width": 50, "height": 30, "unconfined": True},
                "isolated": True,
            },
        },
        {"output_type": "display_data", "data": {}, "metadata": {}},
        {"output_type": "execute_result", "data": {}, "metadata": {}, "execution_count": None},
    ]


def every_output_notebook() -> dict[str, Any]:
    """nbformat 4.5 JSON: one code cell per output, Markdown and raw cells around them."""
    cells: list[dict[str, Any]] = [
        {
            "cell_type": "markdown",
            "id": "intro",
            "metadata": {},
            "source": "# Every output\n\nAn attachment: ![pic](attachment:pic.png)\n",
            "attachments": {"pic.png": {"image/png": png_b64(seed=9)}},
        }
    ]
    for index, output in enumerate([*rich_outputs(), *other_outputs()]):
        cells.append(
            {
                "cell_type": "code",
                "id": f"c{index}",
                "metadata": {},
                "execution_count": index + 1,
                "source": f"show_{index}()",
                "outputs": [output],
            }
        )
    raw_sources = {
        "text/html": "<b>raw html</b>",
        "text/latex": "\\textbf{raw latex}",
        "text/restructuredtext": "**raw rst**",
        "text/markdown": "**raw markdown**",
        "text/x-python": "raw_python = 1",
        "": "raw plain text",
    }
    for fmt, source in raw_sources.items():
        meta = {"format": fmt} if fmt else {}
        cells.append(
            {"cell_type": "raw", "id": f"raw-{len(cells)}", "metadata": meta, "source": source}
        )
    return {"cells": cells, "metadata": PYTHON_METADATA, "nbformat": 4, "nbformat_minor": 5}
