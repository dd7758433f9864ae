"""The 50-cell notebook that nbclient and ``jovi nbconvert --execute`` run on jovi's
kernel and on ipykernel, and the rules by which their outputs are compared.

The cells are kernel-agnostic: prints on both streams, results, errors, rich displays
(HTML, Markdown, LaTeX, JSON, SVG and a PNG built byte by byte), display updates,
clear_output, ``input()`` with stdin disabled, shell commands and a matplotlib
figure.  (Output written to file descriptor 1 by C code or child processes is left
out: ipykernel does not send it with the cell that wrote it, jovi does;
tests/kernel/test_output.py checks jovi's.)

What is compared (:func:`cell_outputs`): each output's type, its MIME types and
plain text, an error's name and value, and each stream's whole text.  Deliberate
differences are not compared: tracebacks (jovi's kernel formats its own), the text
of the stdin error (worded differently), and the order of stdout and stderr text
relative to rich outputs, which the protocol does not guarantee (so each cell's
stream text is compared per stream, which also makes one stream output or several
the same).
"""

from __future__ import annotations

from typing import Any

__all__ = ["CELLS", "cell_outputs", "notebook_json", "output_summary"]

# The same code on both kernels: IPython's display functions reach jovi's frontends too.
DISPLAY_MODULE = "import IPython.display as _display"
TINY_PNG = (
    "import struct, zlib\n"
    "def _chunk(kind, data):\n"
    "    body = kind + data\n"
    "    return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body))\n"
    "PNG = (b'\\x89PNG\\r\\n\\x1a\\n' + _chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))\n"
    "       + _chunk(b'IDAT', zlib.compress(b'\\x00\\xff\\x00\\x00')) + _chunk(b'IEND', b''))\n"
    "class Pixel:\n"
    "    def _repr_png_(self):\n"
    "        return PNG\n"
    "    def __repr__(self):\n"
    "        return 'Pixel()'\n"
    "Pixel()"
)

CELLS = [
    "print('hello')",
    "1 + 1",
    "x = 10",
    "x * 2",
    "print(x)\nx + 1",
    "import sys\nprint('to stderr', file=sys.stderr)",
    "for i in range(3):\n    print(i)",
    "1/0",
    "undefined_name",
    "def square(n):\n    return n * n\nsquare(4)",
    "'a string'",
    "[1, 2, 3]",
    "{'a': 1, 'b': [2, 3]}",
    "None",
    "y = 5;",
    "print('a')\nprint('b')",
    "display(42)",
    "display('text', 3)",
    "display({'text/html': '<b>bold</b>', 'text/plain': 'bold'}, raw=True)",
    "class Html:\n    def _repr_html_(self):\n        return '<i>h</i>'\n    def __repr__(self):\n        return 'Html()'\nHtml()",
    TINY_PNG,
    'class Svg:\n    def _repr_svg_(self):\n        return \'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>\'\n    def __repr__(self):\n        return \'Svg()\'\ndisplay(Svg())',
    "class Md:\n    def _repr_markdown_(self):\n        return '# Title'\n    def __repr__(self):\n        return 'Md()'\nMd()",
    "class Tex:\n    def _repr_latex_(self):\n        return '$x^2$'\n    def __repr__(self):\n        return 'Tex()'\nTex()",
    "class Js:\n    def _repr_json_(self):\n        return {'k': [1, 2]}\n    def __repr__(self):\n        return 'Js()'\nJs()",
    "input('name? ')",
    "import getpass\ngetpass.getpass()",
    "raise ValueError('bad value')",
    "assert False, 'nope'",
    "print('\\u00e9t\\u00e9 \\u2603 unicode')",
    "'\\u00e9' * 3",
    "import math\nround(math.pi, 5)",
    "sorted([3, 1, 2])",
    "print('line1\\nline2\\nline3')",
    "print('x' * 1000)",
    "display('first', display_id='shown')",
    DISPLAY_MODULE + "\n_display.update_display('second', display_id='shown')",
    DISPLAY_MODULE + "\nprint('gone')\n_display.clear_output()\nprint('kept')",
    "import os\nos.getpid() > 0",
    "import subprocess\nsubprocess.run(['true']).returncode",
    "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3]);",
    "!echo shell command",
    "print(end='')",
    "try:\n    1/0\nexcept ZeroDivisionError:\n    print('handled')",
    "del x\nx",
    "(lambda: 5)()",
    "import json\nprint(json.dumps({'k': [1, 2]}))",
    "print(*range(5), sep=', ')",
    "b'bytes'",
    "'done'",
]


def notebook_json(kernel_name: str = "python3") -> dict[str, Any]:
    """The notebook (nbformat 4.5 JSON) whose kernelspec is ``kernel_name``."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "id": f"cell-{index}",
                "metadata": {},
                "source": source,
                "outputs": [],
                "execution_count": None,
            }
            for index, source in enumerate(CELLS)
        ],
        "metadata": {
            "kernelspec": {"name": kernel_name, "display_name": kernel_name, "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def output_summary(output: Any) -> tuple[Any, ...]:
    """What is compared of one output (a JSON object)."""
    kind = output["output_type"]
    if kind == "stream":
        return (kind, output["name"], output["text"])
    if kind == "error":
        if output["ename"] == "StdinNotImplementedError":
            return (kind, output["ename"])
        return (kind, output["ename"], output["evalue"])
    data = output.get("data", {})
    return (kind, tuple(sorted(data)), data.get("text/plain"))


def cell_outputs(outputs: Any) -> list[tuple[Any, ...]]:
    """What is compared of one cell's outputs (JSON objects): the others' summaries,
    sorted, then each stream's whole text."""
    streams: dict[str, str] = {}
    others = []
    for output in outputs:
        if output["output_type"] == "stream":
            # ipykernel runs !commands in a pseudo-terminal, which ends lines with \r\n.
            text = output["text"].replace("\r\n", "\n")
            streams[output["name"]] = streams.get(output["name"], "") + text
        else:
            others.append(output_summary(output))
    return sorted(others) + [("stream", name, text) for name, text in sorted(streams.items())]
