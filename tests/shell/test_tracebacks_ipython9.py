"""IPython 9's traceback behaviours (issue 15, point 3), as a user sees them.

Each test runs failing cells through a shell and reads the traceback it reports.
Where IPython 9 is the model, the same cells run in IPython (a test peer, in a fresh
interpreter with a throw-away IPython directory) and the two are compared after
taking out what may differ: cell numbers, colours and object addresses.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from jovi.shell.tracebacks import MODES

DEFINE = (
    "class H:\n"
    "    def __repr__(self):\n"
    "        return 'H()'\n"
    "    def method(self, *args, **kw):\n"
    "        scale = self.factor\n"
    "        return args[0] / (scale - kw['k'])\n"
)
CALL = "h = H()\nh.factor = 2\nh.method(1, 5, k=2)\n"

_PROBE = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.colors = "nocolor"
    cells = json.loads(sys.argv[1])
    texts = {}
    for mode in ("Context", "Verbose", "Docs", "Doctest"):
        shell.run_line_magic("xmode", mode)
        captured = io.StringIO()
        for cell in cells:
            with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
                shell.run_cell(cell, store_history=True)
        texts[mode] = captured.getvalue()
    print(json.dumps(texts))
    """
)


@pytest.fixture(scope="module")
def ipython_texts(tmp_path_factory) -> dict[str, str]:
    """IPython 9's traceback of DEFINE then CALL, by mode (no colours)."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps([DEFINE, CALL])],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "IPYTHONDIR": str(tmp_path_factory.mktemp("ipython"))},
    )
    texts: dict[str, str] = json.loads(result.stdout.strip().splitlines()[-1])
    return texts


def jovi_text(shell, output, mode: str, cells=(DEFINE, CALL)) -> str:
    shell.colors = "NoColor"
    shell.xmode = mode
    for cell in cells:
        shell.run_cell(cell, store_history=True)
    return output.errors[-1].text()


def normalised(text: str) -> str:
    text = re.sub(r"In\[\d+\]", "In[N]", text)
    return re.sub(r" at 0x[0-9a-f]+", "", text)


def method_header(text: str) -> str:
    return next(line for line in normalised(text).splitlines() if ", in H.method(" in line)


def values_under_failing_line(text: str) -> set[str]:
    lines = text.splitlines()
    last_arrow = max(index for index, line in enumerate(lines) if line.startswith("---->"))
    shown = []
    for line in lines[last_arrow + 1 :]:
        if not line.startswith(" " * 8) or " = " not in line:
            break
        shown.append(line.strip())
    return set(shown)


# ---------------------------------------------------------------- frame headers


def test_a_method_frame_names_its_class_and_keeps_the_stars(shell, output, ipython_texts):
    text = jovi_text(shell, output, "Context")
    assert method_header(text) == "Cell In[N], line 6, in H.method(self, *args, **kw)"
    assert method_header(text) == method_header(ipython_texts["Context"])


def test_verbose_headers_show_the_argument_values_as_ipython_does(shell, output, ipython_texts):
    text = jovi_text(shell, output, "Verbose")
    assert method_header(text) == (
        "Cell In[N], line 6, in H.method(self=H(), *args=(1, 5), **kw={'k': 2})"
    )
    assert method_header(text) == method_header(ipython_texts["Verbose"])


def test_keyword_only_parameters_follow_a_bare_star(shell, output):
    text = jovi_text(
        shell, output, "Context", ("def f(a, *, key):\n    return a / key\n", "f(1, key=0)")
    )
    assert "in f(a, *, key)" in text


def test_nested_functions_show_their_qualified_name(shell, output):
    cells = (
        "def outer():\n    def inner(x):\n        return 1 / x\n    return inner(0)\n",
        "outer()",
    )
    assert "in outer.<locals>.inner(x)" in jovi_text(shell, output, "Context", cells)


# ---------------------------------------------------------------- Docs and Doctest


def test_the_modes_cycle_in_ipython_9s_order():
    assert MODES == ("Plain", "Context", "Verbose", "Minimal", "Docs", "Doctest")


def test_xmode_docs_shows_the_outermost_line_and_counts_the_rest(run, shell, output, ipython_texts):
    text = jovi_text(shell, output, "Docs")
    assert text == (
        "Traceback (most recent call last): Cell In[2], line 3\n"
        "\n"
        "->  h.method(1, 5, k=2)\n"
        "\n"
        "    [... 1 skipped frame]\n"
        "\n"
        "ZeroDivisionError: division by zero"
    )
    ipython = normalised(ipython_texts["Docs"]).replace("1 skipped frames", "1 skipped frame")
    assert ipython.strip() == normalised(text)


def test_xmode_doctest_shows_what_a_doctest_expects(shell, output, ipython_texts):
    text = jovi_text(shell, output, "Doctest")
    assert text == (
        "Traceback (most recent call last):\n    ...\nZeroDivisionError: division by zero"
    )
    assert ipython_texts["Doctest"].strip() == text


def test_xmode_accepts_the_new_modes_in_any_case(run, shell, output):
    run("%xmode docs")
    run("%xmode DOCTEST")
    assert output.stdout.splitlines() == [
        "Exception reporting mode: Docs",
        "Exception reporting mode: Doctest",
    ]
    run("%xmode")
    assert shell.xmode == "Plain"


# ---------------------------------------------------------------- Verbose values


def test_verbose_shows_sub_expression_values_like_ipython(shell, output, ipython_texts):
    text = jovi_text(shell, output, "Verbose")
    expected = {
        "args[0] = 1",
        "args = (1, 5)",
        "scale - kw['k'] = 0",
        "scale = 2",
        "kw['k'] = 2",
        "kw = {'k': 2}",
    }
    assert values_under_failing_line(text) == expected
    assert values_under_failing_line(ipython_texts["Verbose"]) == expected


def test_verbose_values_come_right_under_the_failing_line_outer_first(shell, output):
    text = jovi_text(shell, output, "Verbose")
    lines = text.splitlines()
    arrow = next(index for index, line in enumerate(lines) if "----> 6" in line)
    assert [line.strip() for line in lines[arrow + 1 : arrow + 7]] == [
        "args[0] = 1",
        "args = (1, 5)",
        "scale - kw['k'] = 0",
        "scale = 2",
        "kw['k'] = 2",
        "kw = {'k': 2}",
    ]


def test_verbose_values_run_no_user_code(shell, output):
    define = (
        "ran = []\n"
        "class P:\n"
        "    limit = 3\n"
        "    @property\n"
        "    def p(self):\n"
        "        ran.append('p')\n"
        "        return 5\n"
        "    def __getattr__(self, name):\n"
        "        ran.append(name)\n"
        "        return 7\n"
        "class Key(str):\n"
        "    def __eq__(self, other):\n"
        "        ran.append('eq')\n"
        "        return False\n"
        "    __hash__ = str.__hash__\n"
        "obj = P()\n"
        "obj.size = 4\n"
        "table = {Key('k'): 1}\n"
    )
    cells = (
        define,
        "ran.clear()\nvalue = obj.size + obj.limit - obj.p - obj.q + table['k']\n",
    )
    jovi_text(shell, output, "Plain", cells)  # no values shown: the cell's own reads
    by_the_cell = list(shell.user_ns["ran"])
    # How often a dict lookup calls Key.__eq__ depends on the hash seed: count it.
    assert by_the_cell[:2] == ["p", "q"]
    assert set(by_the_cell[2:]) == {"eq"}
    text = jovi_text(shell, output, "Verbose", cells[1:])
    assert output.errors[-1].ename == "KeyError"
    assert shell.user_ns["ran"] == by_the_cell  # showing the values ran nothing more
    shown = values_under_failing_line(text)
    assert {"obj.size + obj.limit = 7", "obj.size = 4", "obj.limit = 3"} <= shown
    assert not any(item.startswith(("obj.p", "obj.q", "table['k']")) for item in shown)


def test_verbose_values_of_a_line_inside_a_longer_statement_are_its_names(shell, output):
    text = jovi_text(shell, output, "Verbose", ("x = {'a': 1}\ny = (x['a'] +\n     x['b'])\n",))
    assert values_under_failing_line(text) == {"x = {'a': 1}"}


def test_verbose_values_of_a_compound_statement_header(shell, output):
    cells = ("def f(n):\n    if n - 1 > 1 / n:\n        pass\n", "f(0)")
    assert values_under_failing_line(jovi_text(shell, output, "Verbose", cells)) == {
        "n - 1 = -1",
        "n = 0",
    }


# ---------------------------------------------------------------- colour themes

IPYTHON_9_THEMES = ("nocolor", "linux", "neutral", "lightbg", "pride", "gruvbox-dark")


def test_ipython_9_offers_these_themes():
    from IPython.utils.PyColorize import theme_table

    # IPython also lists variants of two of them (neutral:nt, neutral:posix, pride:l).
    assert set(IPYTHON_9_THEMES) <= set(theme_table)
    assert {name.split(":")[0] for name in theme_table} == set(IPYTHON_9_THEMES)


@pytest.mark.parametrize("name", IPYTHON_9_THEMES)
def test_colors_takes_each_ipython_9_theme_name(run, shell, name):
    assert run(f"%colors {name}").success
    assert shell.colors.casefold() == name


def test_colors_with_an_unknown_name_answers_in_one_sentence(run, shell, output):
    shell.colors = "Linux"
    run("%colors solarized")
    assert output.errors[-1].evalue == (
        "%colors does not know 'solarized'; the schemes are NoColor, Linux, LightBG, "
        "Neutral, Pride, Gruvbox-Dark (any case)."
    )
    assert shell.colors == "Linux"


@pytest.mark.parametrize("name", ["pride", "gruvbox-dark"])
def test_the_new_themes_colour_tracebacks_in_24_bit(run, shell, output, name):
    run(f"%colors {name}")
    shell.xmode = "Verbose"
    run("def f(x):\n    return 1 / x\n")
    run("f(0)")
    text = output.errors[-1].text()
    assert "\x1b[38;2;" in text or "\x1b[1;38;2;" in text
    assert re.sub(r"\x1b\[[0-9;]*m", "", text).endswith("ZeroDivisionError: division by zero")
