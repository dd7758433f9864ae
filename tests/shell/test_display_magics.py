"""The rich-display cell magics: %%html, %%svg, %%javascript, %%latex, %%markdown."""

from __future__ import annotations

import pytest

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'


def text_form(name):
    return f"<jovi.display.{name} object>"


@pytest.mark.parametrize(
    ("cell", "published"),
    [
        (
            "%%html\n<b>bold</b>\n",
            ({"text/plain": text_form("HTML"), "text/html": "<b>bold</b>\n"}, {}),
        ),
        (
            "%%HTML\n<i>it</i>\n",
            ({"text/plain": text_form("HTML"), "text/html": "<i>it</i>\n"}, {}),
        ),
        (
            "%%html --isolated\n<style>p {color: red}</style><p>x</p>\n",
            (
                {
                    "text/plain": text_form("HTML"),
                    "text/html": "<style>p {color: red}</style><p>x</p>\n",
                },
                {"text/html": {"isolated": True}},
            ),
        ),
        (
            f'%%svg\n<?xml version="1.0"?>\n{SVG}\n',
            ({"text/plain": text_form("SVG"), "image/svg+xml": SVG}, {}),
        ),
        (f"%%SVG\n{SVG}\n", ({"text/plain": text_form("SVG"), "image/svg+xml": SVG}, {})),
        (
            "%%javascript\nconsole.log(1);\n",
            (
                {
                    "text/plain": text_form("Javascript"),
                    "application/javascript": "console.log(1);\n",
                },
                {},
            ),
        ),
        (
            "%%js\nalert(2);\n",
            ({"text/plain": text_form("Javascript"), "application/javascript": "alert(2);\n"}, {}),
        ),
        (
            "%%latex\n\\begin{align} a &= b \\end{align}\n",
            (
                {
                    "text/plain": text_form("Latex"),
                    "text/latex": "\\begin{align} a &= b \\end{align}\n",
                },
                {},
            ),
        ),
        (
            "%%markdown\n# Title\n\n*text*\n",
            ({"text/plain": text_form("Markdown"), "text/markdown": "# Title\n\n*text*\n"}, {}),
        ),
    ],
    ids=["html", "HTML", "isolated", "svg", "SVG", "javascript", "js", "latex", "markdown"],
)
def test_each_magic_displays_its_body(run, output, cell, published):
    result = run(cell)
    assert result.success
    assert output.results == []
    assert output.displays == [(*published, None, False)]


def test_a_body_that_looks_like_a_url_is_shown_not_fetched(run, output):
    run("%%markdown\nhttp://127.0.0.1:9/never-fetched\n")
    assert output.errors == []
    assert output.displays == [
        (
            {
                "text/plain": text_form("Markdown"),
                "text/markdown": "http://127.0.0.1:9/never-fetched\n",
            },
            {},
            None,
            False,
        )
    ]


def test_magics_called_directly_publish_through_the_shell(shell, output):
    shell.run_cell_magic("html", "", "<hr>")
    assert output.displays == [
        ({"text/plain": text_form("HTML"), "text/html": "<hr>"}, {}, None, False)
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("%%svg\n<p>not an image</p>\n", "the SVG data has no <svg> element"),
        ("%%latex extra\n$x$\n", "%%latex takes no arguments, only the cell's body (got 'extra')"),
        ("%%html --frame\n<b>\n", "%%html: unrecognized arguments: --frame"),
    ],
)
def test_misuse_is_a_usage_error_and_shows_nothing(run, output, cell, message):
    run(cell)
    assert [(report.ename, report.evalue) for report in output.errors] == [("UsageError", message)]
    assert output.displays == []


def test_the_magics_are_built_in(shell):
    names = set(shell.magics_manager.names("cell"))
    assert {"html", "HTML", "svg", "SVG", "javascript", "js", "latex", "markdown"} <= names
    assert [shell.find_line_magic(name) for name in ("html", "svg", "latex")] == [None] * 3
