"""Notebooks the nbconvert tests convert: every cell and output kind, math, images,
ANSI colours, attachments, and IPython 1.x's documented ``simple.ipynb`` (nbformat 3)."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import jovi.nbformat as nbf

PYTHON_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
    },
}

ANSI_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mZeroDivisionError\x1b[0m                         Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m \x1b[38;5;241m1\x1b[39m/0\n",
    "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
]

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="teal"/></svg>'


def png(width: int = 24, height: int = 16, seed: int = 7) -> bytes:
    """A real PNG image (RGB, with a gradient), built byte by byte."""
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in ((x * seed) % 256, (y * 9) % 256, 120))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def png_b64(seed: int = 7) -> str:
    return base64.b64encode(png(seed=seed)).decode("ascii")


MARKDOWN_TEXT = r"""# Analysis of *data*

Intro with **bold**, `code`, a [link](https://example.org/a?b=1&c=2), math $a_1 < b^2$
and a footnote[^note].

## Results

- first item
- second item with $\sqrt{x}$

1. one
2. two

> A quote.

| x | y |
|---|--:|
| 1 | 2 |

$$
\int_0^1 x^2\,dx = \frac{1}{3}
$$

\begin{align}
a &= b + c
\end{align}

```python
def f(x):
    return x * 2
```

![pasted](attachment:pasted.png)

[^note]: The footnote text.
"""


def rich_notebook() -> nbf.Notebook:
    """Every kind of cell and output, with math and images."""
    cells = [
        nbf.MarkdownCell(
            id="md-intro",
            source=MARKDOWN_TEXT,
            attachments={"pasted.png": {"image/png": png_b64(3)}},
        ),
        nbf.CodeCell(
            id="code-streams",
            source="%matplotlib inline\nimport sys\nprint('hello stdout')\n!echo shell",
            execution_count=1,
            metadata={"tags": ["streams"]},
            outputs=(
                nbf.Stream(name="stdout", text="hello stdout\n"),
                nbf.Stream(name="stdout", text="progress   0%\rprogress  50%\rprogress 100%\n"),
                nbf.Stream(name="stderr", text="a warning <on stderr>\n"),
            ),
        ),
        nbf.CodeCell(
            id="code-rich",
            source="display(figure)\n6 * 7",
            execution_count=2,
            outputs=(
                nbf.DisplayData(data={"image/png": png_b64(), "text/plain": "<Figure>"}),
                nbf.DisplayData(data={"image/svg+xml": SVG, "text/plain": "<SVG>"}),
                nbf.DisplayData(
                    data={
                        "text/html": "<table><tr><td>cell</td></tr></table>",
                        "text/plain": "table",
                    }
                ),
                nbf.DisplayData(data={"text/latex": r"$$\frac{a}{b}$$", "text/plain": "a/b"}),
                nbf.DisplayData(
                    data={"text/markdown": "Some *markdown* output", "text/plain": "md"}
                ),
                nbf.ExecuteResult(execution_count=2, data={"text/plain": "42"}),
            ),
        ),
        nbf.CodeCell(
            id="code-error",
            source="1/0",
            execution_count=3,
            outputs=(
                nbf.Error(
                    ename="ZeroDivisionError", evalue="division by zero", traceback=ANSI_TRACEBACK
                ),
            ),
        ),
        nbf.RawCell(id="raw-html", source="<p>raw for html</p>", metadata={"format": "text/html"}),
        nbf.MarkdownCell(id="md-unicode", source="## Ünïcödé — “quotes” and ∑ symbols\n\nEnd."),
    ]
    return nbf.Notebook(cells=tuple(cells), metadata=PYTHON_METADATA)


def plain_python_notebook() -> nbf.Notebook:
    """Code without IPython syntax whose recorded outputs are what it prints."""
    cells = [
        nbf.MarkdownCell(id="m", source="# A script\n\nIt prints."),
        nbf.CodeCell(
            id="a",
            source="total = 0\nfor i in range(4):\n    total += i",
            execution_count=1,
        ),
        nbf.CodeCell(
            id="b",
            source="print('total is', total)\nprint('done')",
            execution_count=2,
            outputs=(nbf.Stream(name="stdout", text="total is 6\ndone\n"),),
        ),
        nbf.CodeCell(
            id="c",
            source="def greet(name):\n    return f'hi {name}'\n\nprint(greet('jovi'))",
            execution_count=3,
            outputs=(nbf.Stream(name="stdout", text="hi jovi\n"),),
        ),
    ]
    return nbf.Notebook(cells=tuple(cells), metadata=PYTHON_METADATA)


SEED_SIMPLE_V3 = {
    "metadata": {"name": "simple"},
    "nbformat": 3,
    "nbformat_minor": 0,
    "worksheets": [
        {
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "source": "The simplest notebook."},
                {
                    "cell_type": "code",
                    "collapsed": False,
                    "input": 'print "Hello, IPython"',
                    "language": "python",
                    "metadata": {},
                    "outputs": [
                        {"output_type": "stream", "stream": "stdout", "text": "Hello, IPython\n"}
                    ],
                    "prompt_number": 1,
                },
            ],
            "metadata": {},
        }
    ],
}
"""IPython 1.x's documented ``simple.ipynb`` (IPython 1.2.1 docs, §4.7.1)."""


def write_notebook(path: Path, nb: nbf.Notebook) -> Path:
    nbf.write(nb, path)
    return path


def write_seed_simple(path: Path) -> Path:
    path.write_text(json.dumps(SEED_SIMPLE_V3, indent=2), encoding="utf-8")
    return path
