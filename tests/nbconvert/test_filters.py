"""The filters templates use, each with the text it makes."""

from __future__ import annotations

import pytest

from jovi.nbconvert.filters.ansi import ansi2html, ansi2latex, parse_ansi, strip_ansi
from jovi.nbconvert.filters.context import choose_mime, latex_math, markdown_fence
from jovi.nbconvert.filters.highlight import highlight2html, highlight2latex, lexer_for
from jovi.nbconvert.filters.latex import citation2latex, escape_latex
from jovi.nbconvert.filters.markdown import markdown2html
from jovi.nbconvert.filters.markdown_asciidoc import markdown2asciidoc
from jovi.nbconvert.filters.markdown_latex import markdown2latex
from jovi.nbconvert.filters.markdown_rst import markdown2rst
from jovi.nbconvert.filters.sanitize import clean_html
from jovi.nbconvert.filters.strings import (
    add_anchor,
    add_prompts,
    ascii_only,
    close_raw_html,
    comment_lines,
    get_lines,
    get_metadata,
    html2text,
    indent,
    ipython2python,
    path2url,
    posix_path,
    prevent_list_blocks,
    strip_dollars,
    strip_files_prefix,
    strip_trailing_newline,
    text_base64,
    wrap_text,
)
from jovi.nbformat import DisplayData

# ------------------------------------------------------------------ ANSI
TRACEBACK = "\x1b[0;31mValueError\x1b[0m: \x1b[1;32mbad\x1b[0m <x> \x1b[38;5;196mred256\x1b[0m \x1b[48;2;1;2;3mrgb\x1b[0m"


def test_ansi_to_html_uses_classes_and_inline_rgb():
    html = ansi2html(TRACEBACK)
    assert '<span class="ansi-red-fg">ValueError</span>' in html
    assert '<span class="ansi-green-fg ansi-bold">bad</span>' in html
    assert "&lt;x&gt;" in html
    assert '<span style="color: rgb(255, 0, 0)">red256</span>' in html
    assert '<span style="background-color: rgb(1, 2, 3)">rgb</span>' in html
    assert "\x1b" not in html


def test_ansi_intense_inverse_and_resets():
    runs = parse_ansi("\x1b[91mA\x1b[7mB\x1b[27;39mC")
    assert [(text, style.fg, style.inverse) for text, style in runs] == [
        ("A", 9, False),
        ("B", 9, True),
        ("C", None, False),
    ]
    assert 'class="ansi-red-intense-fg"' in ansi2html("\x1b[91mA")
    assert "ansi-default-inverse-fg" in ansi2html("\x1b[7mX")


def test_ansi_to_latex_escapes_and_closes_styles_at_line_ends():
    latex = ansi2latex("\x1b[31m50% of {x}\nnext_line\x1b[0m")
    assert latex == "\\textcolor{ansi-red}{50\\% of \\{x\\}}\n\\textcolor{ansi-red}{next\\_line}"
    assert ansi2latex("\x1b[38;2;98;98;98mg") == "\\textcolor[HTML]{626262}{g}"


def test_strip_ansi_removes_every_sequence():
    assert strip_ansi(TRACEBACK) == "ValueError: bad <x> red256 rgb"
    assert strip_ansi("\x1b]0;title\x07text\x1b[2K\x1b[1A") == "text"


# ------------------------------------------------------------------ LaTeX text
def test_escape_latex():
    assert escape_latex(r"50% & $5 #1 a_b {x} ~ ^ \ ") == (
        r"50\% \& \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{} "
    )


def test_citation2latex():
    assert (
        citation2latex('see <cite data-cite="einstein1905">Einstein</cite>.')
        == "see \\cite{einstein1905}."
    )
    assert citation2latex("<b>no</b> citation") == "<b>no</b> citation"


# ------------------------------------------------------------------ highlighting
def test_ipython_lines_are_not_errors():
    html = highlight2html("%timeit f(x)\n!ls -l\nx = 1\n", "ipython3")
    assert 'class="err"' not in html
    assert '<span class="k">timeit</span>' in html
    assert '<span class="n">x</span>' in html


def test_lexers_are_cached_and_unknown_languages_are_text():
    assert lexer_for("python3") is lexer_for("ipython3") is not None
    assert type(lexer_for("no-such-language")).__name__ == "TextLexer"
    assert lexer_for("bash") is lexer_for("BASH")


def test_highlight2latex_is_a_verbatim_environment():
    latex = highlight2latex("def f(): pass", "python")
    assert latex.startswith("\\begin{Verbatim}[commandchars=\\\\\\{\\}]")
    assert "\\PY{k}{def}" in latex


# ------------------------------------------------------------------ Markdown to HTML
def test_markdown2html_math_anchors_tables_footnotes():
    html = markdown2html(
        "# My Title\n\n$a<b$ and $$c$$\n\n| a |\n|---|\n| 1 |\n\nnote[^1]\n\n[^1]: foot\n\n~~gone~~"
    )
    assert '<h1 id="My-Title">My Title <a class="header-anchor" href="#My-Title">¶</a></h1>' in html
    assert '<span class="math inline">a&lt;b</span>' in html
    assert '<span class="math display">c</span>' in html
    assert "<table>" in html
    assert "<td>1</td>" in html
    assert 'class="footnote-ref"' in html
    assert "foot" in html
    assert "<s>gone</s>" in html


def test_markdown2html_attachments_and_embedded_local_images(tmp_path):
    (tmp_path / "pic.png").write_bytes(b"\x89PNG fake")
    source = "![a](attachment:a.png) ![b](pic.png) <img src='attachment:a.png'>"
    html = markdown2html(source, {"a.png": {"image/png": "QUJD"}})
    assert html.count("data:image/png;base64,QUJD") == 2
    assert 'src="pic.png"' in html
    embedded = markdown2html(
        source, {"a.png": {"image/png": "QUJD"}}, base_dir=str(tmp_path), embed_images=True
    )
    assert "data:image/png;base64,iVBORyBmYWtl" in embedded


# ------------------------------------------------------------------ Markdown to other formats
def test_markdown2latex():
    latex = markdown2latex(
        "## Sub *title*\n\n**b** `c_d` [l](http://x.org/a%20b#f) $x$\n\n$$y$$\n\n- i\n\n> q",
        {},
    )
    assert "\\subsection{Sub \\emph{title}}\\label{Sub-title}" in latex
    assert "\\textbf{b} \\texttt{c\\_d} \\href{http://x.org/a\\%20b\\#f}{l} $x$" in latex
    assert "\\[\ny\n\\]" in latex
    assert "\\begin{itemize}\n\\item i\n\\end{itemize}" in latex
    assert "\\begin{quote}\nq\n\\end{quote}" in latex
    assert "\\chapter{Top}" in markdown2latex("# Top", {"top_section": "chapter"})
    # Images LaTeX cannot include become text; local PNGs are included.
    assert markdown2latex("![web](https://x.org/p.png)", {}) == "\\href{https://x.org/p.png}{web}"
    assert markdown2latex("![gone](missing.png)", {}) == "[gone]"


def test_markdown2rst_levels_escapes_and_links():
    state: dict[str, int] = {}
    rst = markdown2rst("### Deep\n\n*a*b x_y [t](http://x.org)", {"state": state})
    assert rst.startswith("Deep\n====")
    assert "*a*\\ b x\\_y `t <http://x.org>`__" in rst
    assert markdown2rst("#### deeper still", {"state": state}).startswith("deeper still\n----")


def test_markdown2asciidoc():
    adoc = markdown2asciidoc("# T\n\n*e* `c` $m$\n\n```py\nx\n```")
    assert adoc.startswith("== T")
    assert "__e__ `+c+` latexmath:[m]" in adoc
    assert "[source,py]\n----\nx\n----" in adoc


# ------------------------------------------------------------------ strings
def test_string_helpers():
    assert wrap_text("one two three four", 9) == "one two\nthree\nfour"
    assert comment_lines("a\n\nb") == "# a\n#\n# b"
    assert indent("a\n\nb", 2) == "  a\n\n  b"
    assert indent("a\nb", 2, first=False) == "a\n  b"
    assert get_lines("1\n2\n3\n", 1, 2) == "2\n"
    assert strip_trailing_newline("x\n") == "x"
    assert strip_dollars("$$x^2$$") == "x^2"
    assert (
        strip_files_prefix('<img src="files/a.png"> ![b](files/b.png)')
        == '<img src="a.png"> ![b](b.png)'
    )
    assert ascii_only("naïve") == "na?ve"
    assert prevent_list_blocks("- not a list") == "\\- not a list"
    assert text_base64("hi") == "aGk="
    assert add_prompts("a\nb") == ">>> a\n... b"
    assert posix_path("a/b") == "a/b"
    assert path2url("my dir/fig 1.png") == "my%20dir/fig%201.png"
    assert html2text("<p>a <b>b</b><script>x</script> &amp; c</p>") == "a b & c"
    # Table cells and blocks do not run into each other (raw HTML tables in LaTeX).
    table = "<table><tr><td><b>Type</b> A</td><td>Widget</td></tr><tr><td>x</td></tr></table>"
    assert html2text(table) == "Type A Widget\nx"
    assert add_anchor("<h2>Two words</h2>") == (
        '<h2 id="Two-words">Two words<a class="anchor-link" href="#Two-words">¶</a></h2>'
    )
    output = DisplayData(
        data={"image/png": "x"}, metadata={"image/png": {"width": 50}, "width": 10}
    )
    assert get_metadata(output, "width", "image/png") == 50
    assert get_metadata(output, "width") == 10


def test_ipython2python():
    assert ipython2python("%time f()\n!ls\nx = 1\n") == (
        "get_ipython().run_line_magic('time', 'f()')\nget_ipython().system('ls')\nx = 1\n"
    )
    assert (
        ipython2python("%%bash\necho hi\n")
        == "get_ipython().run_cell_magic('bash', '', 'echo hi\\n')\n"
    )
    plain = "s = '%not a magic'\n"
    assert ipython2python(plain) == plain


# ------------------------------------------------------------------ output helpers
@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        ("$$x^2$$", ("x^2", True)),
        ("$x$", ("x", False)),
        ("\\[a\\]", ("a", True)),
        ("\\(a\\)", ("a", False)),
        ("\\begin{align}a&=b\\end{align}", ("\\begin{align}a&=b\\end{align}", True)),
        ("text with $x$ inside", None),
        ("$a$ and $b$", None),
    ],
)
def test_latex_math_recognises_one_expression(latex, expected):
    assert latex_math(latex) == expected


def test_markdown_fence_and_mime_choice():
    assert markdown_fence("a ``` b", "py") == "````py\na ``` b\n````"
    output = DisplayData(data={"text/plain": "t", "image/png": "p"})
    assert choose_mime(output, ["text/html", "image/png", "text/plain"]) == "image/png"
    assert choose_mime(output, ["text/html"]) == ""


def test_clean_html_closes_what_it_opens_and_keeps_safe_svg():
    assert clean_html("<div><b>open") == "<div><b>open</b></div>"
    svg = '<svg viewBox="0 0 1 1" onload="x()"><circle r="1" fill="red"/><foreignObject>bad</foreignObject></svg>'
    assert clean_html(svg) == '<svg viewbox="0 0 1 1"><circle r="1" fill="red" /></svg>'
    assert (
        clean_html('<a href="https://ok.org" target="_blank">ok</a>')
        == '<a href="https://ok.org" target="_blank">ok</a>'
    )
    assert clean_html('<p style="background: url(x)">s</p>') == "<p>s</p>"


def test_close_raw_html_ends_what_would_swallow_the_page():
    assert close_raw_html("<b>fine</b>") == "<b>fine</b>"
    assert close_raw_html("<style>\nh1 {}\n") == "<style>\nh1 {}\n</style>"
    assert (
        close_raw_html("<STYLE>a</style><script src=x>")
        == "<STYLE>a</style><script src=x></script>"
    )
    assert close_raw_html("<!-- open") == "<!-- open-->"
    assert close_raw_html("<p>a<titlex>b") == "<p>a<titlex>b"
