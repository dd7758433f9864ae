"""Converting a large notebook: 500 cells with stream and PNG outputs, to HTML and Markdown.

The notebook file is written untimed: one cell in five is Markdown (a heading, a
list, a link), the others are code cells printing five lines, and one code cell in
four also shows a PNG image. Two figures per run:

* ``first``: importing the converter, building the exporter and converting the file
  once, in a fresh process, what ``jupyter nbconvert`` / ``jovi nbconvert`` pay for
  one notebook;
* ``convert``: converting the same file again (``from_filename``), ``count`` times,
  what converting many notebooks in one process costs each.

Peer: nbconvert's ``HTMLExporter`` and ``MarkdownExporter``; jovi: the same names in
``jovi.nbconvert`` (:func:`_exporter`). Each answer is checked: every image is in the
HTML, every extracted PNG is in the Markdown's resources.
"""

from __future__ import annotations

import base64
import importlib
import json
import struct
import tempfile
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, seconds, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Mapping


def _png(seed: int) -> bytes:
    width, height = 48, 32
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in ((x * seed) % 256, (y * 7) % 256, 90))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def build_notebook(cells: int) -> tuple[dict[str, Any], list[str]]:
    """The notebook as JSON, and its PNG outputs (base64)."""
    items: list[dict[str, Any]] = []
    images: list[str] = []
    for index in range(cells):
        if index % 5 == 0:
            source = f"## Section {index}\n\nSome *text*, `code` and a [link](https://example.org/{index}).\n\n- one\n- two\n"
            items.append(
                {"cell_type": "markdown", "id": f"m{index}", "metadata": {}, "source": source}
            )
            continue
        outputs: list[dict[str, Any]] = [
            {
                "output_type": "stream",
                "name": "stdout",
                "text": "".join(f"value {j} of cell {index}\n" for j in range(5)),
            }
        ]
        if index % 4 == 1:
            png = base64.b64encode(_png(index)).decode("ascii")
            images.append(png)
            outputs.append(
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"image/png": png, "text/plain": "<Figure>"},
                }
            )
        items.append(
            {
                "cell_type": "code",
                "id": f"c{index}",
                "metadata": {},
                "execution_count": index,
                "outputs": outputs,
                "source": f"import math\nvalues = [math.sqrt(k) for k in range({index})]\nfor v in values[:5]:\n    print('value', v)\n",
            }
        )
    metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python", "pygments_lexer": "ipython3", "file_extension": ".py"},
    }
    return {"cells": items, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}, images


def _exporter(side: str, kind: str) -> Any:
    name = "HTMLExporter" if kind == "html" else "MarkdownExporter"
    module = importlib.import_module("nbconvert" if side == "peer" else "jovi.nbconvert")
    return getattr(module, name)()


def _check(kind: str, result: tuple[Any, Any], images: list[str]) -> None:
    body, resources = result
    if kind == "html":
        found = sum(1 for image in images if image in body)
    else:
        written = {
            base64.b64encode(data).decode("ascii") for data in resources.get("outputs", {}).values()
        }
        found = sum(1 for image in images if image in written)
    if found != len(images):
        raise RuntimeError(f"{kind}: {found} of the {len(images)} images are in the output")


def _convert(kind: str, side: str, params: Mapping[str, Any]) -> Metrics:
    with tempfile.TemporaryDirectory(prefix="bench-nbconvert-") as directory:
        path = Path(directory) / "big.ipynb"
        notebook, images = build_notebook(params["cells"])
        path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
        start = time.perf_counter_ns()
        exporter = _exporter(side, kind)
        result = exporter.from_filename(str(path))
        first = seconds(time.perf_counter_ns() - start)
        _check(kind, result, images)
        taken = latencies(lambda: exporter.from_filename(str(path)), count=params["count"])
    return {"first": first, **summary_metrics("convert", taken)}


def html(side: str, params: Mapping[str, Any]) -> Metrics:
    return _convert("html", side, params)


def markdown(side: str, params: Mapping[str, Any]) -> Metrics:
    return _convert("markdown", side, params)


if __name__ == "__main__":
    run_driver({"html": html, "markdown": markdown})
