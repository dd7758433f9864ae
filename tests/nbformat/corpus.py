"""Notebook files generated for the tests: every version, output type and layout quirk.

Each entry of :data:`CORPUS` is ``(name, text)``: the text of a notebook file as some
tool could have written it.  Layouts vary on purpose (split or whole strings, sorted
or not, indent 1 or 2, ASCII-escaped or not), since reading must give the same
result as nbformat whatever the layout.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

DATA = Path(__file__).parent / "data"

PYTHON_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": "3.12.4",
    },
}
ANSI_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mZeroDivisionError\x1b[0m                         Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m \x1b[38;5;241m1\x1b[39m\x1b[38;5;241m/\x1b[39m\x1b[38;5;241m0\x1b[39m\n",
    "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero",
]
PNG_BYTES = bytes(range(256)) * 3
PNG = base64.b64encode(PNG_BYTES).decode()
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n  <circle r="4"/>\n</svg>\n'


def split(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def lines76(text: str) -> list[str]:
    """Base64 the way old IPython stored it: 76 characters a line, with line ends."""
    return [text[i : i + 76] + "\n" for i in range(0, len(text), 76)]


# ------------------------------------------------------------------ builders
def code(cell_id, source, outputs=(), count=None, **metadata):
    return {
        "cell_type": "code",
        "execution_count": count,
        "id": cell_id,
        "metadata": metadata,
        "outputs": list(outputs),
        "source": source,
    }


def markdown(cell_id, source, attachments=None, **metadata):
    cell = {"cell_type": "markdown", "id": cell_id, "metadata": metadata, "source": source}
    if attachments is not None:
        cell["attachments"] = attachments
    return cell


def raw(cell_id, source, **metadata):
    return {"cell_type": "raw", "id": cell_id, "metadata": metadata, "source": source}


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def display(data, **metadata):
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def result(data, count, **metadata):
    return {
        "output_type": "execute_result",
        "data": data,
        "metadata": metadata,
        "execution_count": count,
    }


def error(ename="ZeroDivisionError", evalue="division by zero", traceback=ANSI_TRACEBACK):
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": list(traceback)}


def notebook(cells, metadata=None, minor=5):
    return {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": minor}


def without_ids(nb):
    for cell in nb["cells"]:
        cell.pop("id", None)
    return nb


def canonical(obj):
    """Indent 1, sorted keys, non-ASCII as is: nbformat's own layout (strings as given)."""
    return json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def compact(obj):
    return json.dumps(obj)


def indent2_ascii(obj):
    return json.dumps(obj, indent=2)


# ------------------------------------------------------------------ nbformat 4.5
def _v45():
    yield "empty", canonical(notebook([]))
    yield "empty-with-kernel", canonical(notebook([], PYTHON_METADATA))
    yield "markdown-no-trailing-newline", canonical(notebook([markdown("m1", "# Title\nText")]))
    yield (
        "markdown-trailing-newline",
        canonical(notebook([markdown("m1", split("# Title\nText\n"))])),
    )
    yield "code-never-run", canonical(notebook([code("c1", "x = 1")], PYTHON_METADATA))
    yield (
        "streams",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        split("import sys\nprint('a')\nprint('b', file=sys.stderr)"),
                        [
                            stream(split("a\nb\n")),
                            stream("warning: no newline", "stderr"),
                            stream(["x\n", "y"]),
                        ],
                        1,
                    )
                ]
            )
        ),
    )
    yield (
        "execute-result-text-types",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "df",
                        [
                            result(
                                {
                                    "text/plain": split("   a  b\n0  1  2\n"),
                                    "text/html": split("<table>\n<tr><td>1</td></tr>\n</table>"),
                                    "text/latex": "$x^2$",
                                    "text/markdown": "**bold**\n",
                                },
                                7,
                            )
                        ],
                        7,
                    )
                ],
                PYTHON_METADATA,
            )
        ),
    )
    yield (
        "png-one-line",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "plot()",
                        [display({"image/png": PNG + "\n", "text/plain": "<Figure>"})],
                        2,
                    )
                ]
            )
        ),
    )
    yield (
        "png-in-76-char-lines",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "plot()",
                        [display({"image/png": lines76(PNG), "text/plain": ["<Figure>"]})],
                        2,
                    )
                ]
            )
        ),
    )
    yield (
        "svg-and-javascript",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "draw()",
                        [
                            display({"image/svg+xml": SVG, "text/plain": "<svg>"}),
                            display(
                                {"application/javascript": "console.log(1);\nconsole.log(2);\n"}
                            ),
                            display(
                                {"image/jpeg": PNG}, **{"image/jpeg": {"width": 320, "height": 200}}
                            ),
                        ],
                        3,
                    )
                ]
            )
        ),
    )
    yield (
        "json-mimes",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "show()",
                        [
                            display(
                                {
                                    "application/json": {
                                        "a": [1, 2.5, None, True],
                                        "b": {"c": "d\ne"},
                                    },
                                    "application/vnd.plotly.v1+json": {
                                        "data": [{"x": [1, 2]}],
                                        "layout": {},
                                    },
                                    "application/geo+json": ["line one\n", "line two"],
                                    "application/vnd.jupyter.widget-view+json": {
                                        "model_id": "abc",
                                        "version_major": 2,
                                    },
                                    "text/plain": "Widget",
                                }
                            )
                        ],
                        4,
                    )
                ]
            )
        ),
    )
    yield "error-traceback", canonical(notebook([code("c1", "1/0", [error()], 3)]))
    yield (
        "every-output-type",
        canonical(
            notebook(
                [
                    code(
                        "every",
                        split("print(1)\ndisplay(x)\n1/0\n"),
                        [
                            stream("1\n"),
                            display({"text/plain": "x", "text/html": "<b>x</b>"}, isolated=True),
                            result({"text/plain": "2"}, 5),
                            error(),
                        ],
                        5,
                        collapsed=False,
                        scrolled="auto",
                    )
                ],
                PYTHON_METADATA,
            )
        ),
    )
    yield (
        "attachments",
        canonical(
            notebook(
                [
                    markdown(
                        "m1",
                        "![a picture](attachment:my%20picture.png)\n![b](attachment:ünï çödé.png)",
                        {
                            "my picture.png": {
                                "image/png": PNG,
                                "text/plain": split("alt\ntext\n"),
                            },
                            "ünï çödé.png": {"image/png": lines76(PNG)},
                            "diagram.svg": {"image/svg+xml": SVG},
                        },
                    ),
                    {
                        **raw("r1", "raw with attachment", format="text/html"),
                        "attachments": {"x.txt": {"text/plain": "hi\nthere"}},
                    },
                ]
            )
        ),
    )
    yield (
        "raw-cells",
        canonical(
            notebook(
                [
                    raw("r1", "\\section{LaTeX}\n", format="text/latex"),
                    raw("r2", split("<b>html</b>\n<i>x</i>"), format="text/html"),
                    raw("r3", "", jupyter={"source_hidden": True}),
                ]
            )
        ),
    )
    yield (
        "unicode-everywhere",
        canonical(
            notebook(
                [
                    markdown(
                        "u-1",
                        "# Ünïcödé ✓\n中文 한국어 עברית العربية\n\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522 🐍🎉 e\u0301",
                    ),
                    code(
                        "u-2",
                        "print('héllo wörld 🌍')",
                        [
                            stream("héllo wörld 🌍\n"),
                            result({"text/plain": "'日本語'"}, 1, ключ="значение"),
                        ],
                        1,
                        métadonnée={"clé": ["välue", "✓"]},
                    ),
                ],
                {
                    **PYTHON_METADATA,
                    "title": "Ünïcödé notebook ✓",
                    "authors": [{"name": "Zoë Ålund"}],
                },
            )
        ),
    )
    yield (
        "line-separators",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "a = 1\r\nb = 2\rc = 3\u2028d\x0ce\x1cf\x85g\n",
                        [stream("one\r\ntwo\rthree\u2029four\x0bfive")],
                        1,
                    ),
                    markdown("m1", ["line\r\n", "another\r", "last"]),
                ]
            )
        ),
    )
    yield (
        "metadata-nested-unknown",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "pass",
                        [],
                        None,
                        custom={
                            "deep": {"deeper": {"deepest": [1, [2, [3, {}]]]}},
                            "empty": [],
                            "n": None,
                        },
                    )
                ],
                {
                    **PYTHON_METADATA,
                    "toc": {
                        "number_sections": True,
                        "sideBar": False,
                        "nested": {"a": {"b": {"c": [1.0, 1e-7, 12345678901234567890]}}},
                    },
                    "widgets": {
                        "application/vnd.jupyter.widget-state+json": {
                            "state": {},
                            "version_major": 2,
                        }
                    },
                    "varInspector": {
                        "cols": {"lenName": 16},
                        "types_to_exclude": ["module", "function"],
                    },
                    "": "empty key",
                    "with space": {"and/slash": True},
                },
            )
        ),
    )
    yield (
        "cell-metadata-known-keys",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "x",
                        [],
                        None,
                        tags=["parameters", "slow"],
                        collapsed=True,
                        scrolled=False,
                        name="first",
                        jupyter={"source_hidden": False, "outputs_hidden": True},
                        execution={
                            "iopub.execute_input": "2024-05-01T10:00:00.000001Z",
                            "iopub.status.busy": "2024-05-01T10:00:00.000000Z",
                            "iopub.status.idle": "2024-05-01T10:00:01.000000Z",
                            "shell.execute_reply": "2024-05-01T10:00:01.000000Z",
                        },
                    ),
                    markdown("m1", "x", tags=["note"], name="intro"),
                ]
            )
        ),
    )
    rng = random.Random(5)
    big = base64.b64encode(rng.randbytes(3_750_000)).decode()
    yield (
        "five-megabyte-image",
        canonical(
            notebook(
                [
                    code(
                        "big",
                        "plt.show()",
                        [
                            display(
                                {"image/png": big + "\n", "text/plain": "<Figure size 6400x4800>"}
                            )
                        ],
                        1,
                    )
                ]
            )
        ),
    )
    yield (
        "three-hundred-cells",
        canonical(
            notebook(
                [
                    code(
                        f"cell-{i}",
                        f"x{i} = {i}\nx{i}",
                        [result({"text/plain": str(i)}, i + 1)],
                        i + 1,
                    )
                    if i % 3
                    else markdown(f"cell-{i}", f"## Section {i}\n")
                    for i in range(300)
                ]
            )
        ),
    )
    yield (
        "empty-strings",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "",
                        [stream(""), result({"text/plain": ""}, 1), display({"text/html": []})],
                        1,
                    ),
                    markdown("m1", []),
                    raw("r1", ""),
                ]
            )
        ),
    )
    yield (
        "transient-values",
        canonical(
            notebook(
                [{**code("c1", "x", [], 1), "metadata": {"trusted": True, "keep": 1}}],
                {
                    "signature": "sha256:abc",
                    "orig_nbformat": 3,
                    "orig_nbformat_minor": 0,
                    "keep": True,
                },
            )
        ),
    )
    yield (
        "compact-unsorted",
        compact(
            {
                "nbformat_minor": 5,
                "nbformat": 4,
                "metadata": {"z": 1, "a": 2},
                "cells": [
                    {
                        "source": "print('x')\nprint('y')\n",
                        "outputs": [stream("x\ny\n")],
                        "metadata": {},
                        "id": "b",
                        "execution_count": 1,
                        "cell_type": "code",
                    },
                    {
                        "source": "Text *é*\n\nmore",
                        "metadata": {},
                        "id": "a",
                        "cell_type": "markdown",
                    },
                ],
            }
        ),
    )
    yield (
        "indent2-ascii-escaped",
        indent2_ascii(
            notebook(
                [
                    markdown("m1", "Ünïcödé 🐍\n"),
                    code("c1", "'é'", [result({"text/plain": "'é'"}, 1)], 1),
                ],
                PYTHON_METADATA,
            )
        ),
    )
    yield (
        "null-counts-and-output-metadata",
        canonical(
            notebook(
                [
                    code(
                        "c1",
                        "x",
                        [
                            result({"text/plain": "x"}, None),
                            display(
                                {"text/html": "<i>x</i>"},
                                **{
                                    "text/html": {"isolated": True},
                                    "unconfined": True,
                                    "width": 10.5,
                                },
                            ),
                        ],
                    )
                ]
            )
        ),
    )
    yield (
        "id-forms",
        canonical(
            notebook(
                [
                    markdown("a", "one-char id"),
                    markdown("A-b_C-9", "dashes and underscores"),
                    markdown("x" * 64, "sixty-four characters"),
                    code("0123abcd", "hex like nbformat's", [], None),
                ]
            )
        ),
    )
    yield (
        "future-minor-with-unknown-kinds",
        canonical(
            {
                "cells": [
                    {
                        "cell_type": "sql",
                        "id": "q1",
                        "metadata": {},
                        "source": ["SELECT 1\n", "FROM t"],
                        "connection": {"dsn": "x"},
                    },
                    {
                        **code(
                            "c1",
                            "x",
                            [{"output_type": "table", "rows": [[1, 2]], "text": ["a\n", "b"]}],
                            1,
                        ),
                        "new_field": [1, 2],
                    },
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 6,
                "new_top_level": {"x": 1},
            }
        ),
    )


# ------------------------------------------------------------------ nbformat 4.0-4.4
def _v40_to_v44():
    yield (
        "v4.0",
        canonical(
            without_ids(
                notebook(
                    [
                        markdown(None, "Old *notebook*"),
                        code(None, "1+1", [result({"text/plain": "2"}, 1)], 1),
                    ],
                    {
                        "kernelspec": {
                            "display_name": "Python 2",
                            "language": "python",
                            "name": "python2",
                        }
                    },
                    minor=0,
                )
            )
        ),
    )
    yield (
        "v4.1-attachments",
        canonical(
            without_ids(
                notebook(
                    [markdown(None, "![x](attachment:x.png)", {"x.png": {"image/png": PNG}})],
                    minor=1,
                )
            )
        ),
    )
    yield (
        "v4.2-title-authors",
        canonical(
            without_ids(
                notebook(
                    [raw(None, "raw", format="text/restructuredtext")],
                    {"title": "T", "authors": [{"name": "A"}]},
                    minor=2,
                )
            )
        ),
    )
    yield (
        "v4.3-jupyter-metadata",
        canonical(
            without_ids(
                notebook(
                    [
                        code(None, "x", [stream("x\n")], 1, jupyter={"outputs_hidden": True}),
                        markdown(None, "m", jupyter={"source_hidden": True}),
                    ],
                    PYTHON_METADATA,
                    minor=3,
                )
            )
        ),
    )
    yield (
        "v4.4-execution-timing",
        compact(
            without_ids(
                notebook(
                    [
                        code(
                            None,
                            "sleep(1)",
                            [],
                            2,
                            execution={
                                "iopub.execute_input": "2020-01-01T00:00:00Z",
                                "shell.execute_reply": "2020-01-01T00:00:01Z",
                            },
                        )
                    ],
                    PYTHON_METADATA,
                    minor=4,
                )
            )
        ),
    )


# ------------------------------------------------------------------ nbformat 3
def v3_notebook(cells, metadata=None, worksheets=None):
    return {
        "metadata": metadata if metadata is not None else {"name": "nb"},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": worksheets or [{"cells": cells, "metadata": {}}],
    }


def _v3():
    yield "v3-seed-simple", (DATA / "simple_v3.json").read_text(encoding="utf-8")
    yield (
        "v3-everything",
        json.dumps(
            v3_notebook(
                [
                    {"cell_type": "heading", "level": 1, "metadata": {}, "source": "Title ✓"},
                    {
                        "cell_type": "heading",
                        "level": 3,
                        "metadata": {},
                        "source": ["Two\n", "lines"],
                    },
                    {
                        "cell_type": "markdown",
                        "metadata": {"slideshow": {"slide_type": "slide"}},
                        "source": ["Some *markdown*\n", "text"],
                    },
                    {"cell_type": "html", "source": "<b>html cell</b>"},
                    {"cell_type": "raw", "metadata": {"format": "text/plain"}, "source": "raw"},
                    {
                        "cell_type": "code",
                        "collapsed": True,
                        "input": ["%matplotlib inline\n", "plot()"],
                        "language": "python",
                        "metadata": {"trusted": True, "keep": "me"},
                        "outputs": [
                            {"output_type": "stream", "stream": "stderr", "text": ["warn\n"]},
                            {
                                "output_type": "stream",
                                "stream": "stdout",
                                "text": "second stream\n",
                            },
                            {
                                "output_type": "pyout",
                                "prompt_number": 2,
                                "metadata": {"png": {"width": 100}},
                                "text": ["<matplotlib>\n"],
                                "html": ["<b>\n", "x</b>"],
                                "latex": "$x$",
                                "svg": SVG,
                                "png": PNG + "\n",
                                "jpeg": "".join(lines76(PNG)),
                                "json": ['{"a": ', "[1, 2]}"],
                                "javascript": "alert(1)",
                            },
                            {
                                "output_type": "display_data",
                                "png": lines76(PNG)[0],
                                "text": "<Figure>",
                            },
                            {
                                "output_type": "pyerr",
                                "ename": "E",
                                "evalue": "v",
                                "traceback": ANSI_TRACEBACK,
                            },
                        ],
                        "prompt_number": 2,
                    },
                    {
                        "cell_type": "code",
                        "collapsed": False,
                        "input": "not run",
                        "language": "python",
                        "metadata": {},
                        "outputs": [],
                    },
                ],
                {"name": "everything", "signature": "sha256:0123"},
            ),
            indent=1,
            sort_keys=True,
        ),
    )
    yield (
        "v3-old-splitlines-and-worksheets",
        json.dumps(
            v3_notebook(
                None,
                {"name": "two worksheets"},
                worksheets=[
                    {
                        "cells": [
                            {
                                "cell_type": "code",
                                "input": ["a = 1", "b = 2"],
                                "language": "python",
                                "outputs": [
                                    {
                                        "output_type": "stream",
                                        "stream": "stdout",
                                        "text": ["x", "y"],
                                    }
                                ],
                            }
                        ],
                        "metadata": {},
                    },
                    {"cells": [{"cell_type": "markdown", "source": ["no", "line ends"]}]},
                ],
            ),
            indent=1,
        ),
    )
    yield (
        "v3-mime-keys",
        json.dumps(
            v3_notebook(
                [
                    {
                        "cell_type": "code",
                        "input": "show()",
                        "language": "python",
                        "metadata": {},
                        "outputs": [
                            {
                                "output_type": "display_data",
                                "pdf": "JVBERi0=",
                                "application/x-custom": "custom",
                                "text": "t",
                                "metadata": {},
                            },
                            {
                                "output_type": "pyout",
                                "prompt_number": 0,
                                "text": "ünï",
                                "metadata": {},
                            },
                        ],
                        "prompt_number": 1,
                    }
                ]
            ),
            ensure_ascii=False,
        ),
    )


CORPUS: list[tuple[str, str]] = [*_v45(), *_v40_to_v44(), *_v3()]
