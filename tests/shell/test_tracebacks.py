"""Tracebacks in every mode and colour scheme, compared with reviewed snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.snapshot import assert_snapshot

from jovi.shell.tracebacks import MODES, SCHEMES

SNAPSHOTS = Path(__file__).parent / "snapshots" / "tracebacks"

CASES = {
    "simple": [
        "def divide(a, b):\n    ratio = a / b\n    return ratio\n",
        "numbers = [1, 0]\ndivide(*numbers)\n",
    ],
    "chained": [
        "def load(key):\n    table = {'a': 1}\n    try:\n        return table[key]\n    except KeyError as error:\n        raise ValueError(f'no {key}') from error\n",
        "try:\n    load('b')\nexcept ValueError:\n    raise RuntimeError('giving up')\n",
    ],
    "recursion": [
        "def down(n):\n    if n == 40:\n        raise OverflowError('too deep')\n    return down(n + 1)\n",
        "down(0)\n",
    ],
    "syntax": ["x = (1 +\n     2))\n"],
    "custom": [
        "class Rendered(Exception):\n    def _render_traceback_(self):\n        return ['custom line 1', 'custom line 2']\n",
        "raise Rendered()\n",
    ],
}


def traceback_text(shell, output, case):
    for cell in CASES[case]:
        shell.run_cell(cell, store_history=True)
    assert len(output.errors) == 1
    return "\n".join(output.errors[0].traceback) + "\n"


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("mode", MODES)
def test_each_mode_without_colour(shell, output, case, mode):
    shell.xmode = mode
    assert_snapshot(SNAPSHOTS, f"{case}__{mode}__NoColor", traceback_text(shell, output, case))


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("mode", MODES)
def test_each_colour_scheme(shell, output, mode, scheme):
    shell.xmode = mode
    shell.colors = scheme
    assert_snapshot(SNAPSHOTS, f"simple__{mode}__{scheme}", traceback_text(shell, output, "simple"))


def test_colour_schemes_really_differ():
    texts = {
        scheme: (SNAPSHOTS / f"simple__Context__{scheme}.txt").read_text() for scheme in SCHEMES
    }
    assert len(set(texts.values())) == len(SCHEMES)
    assert "\x1b[" not in texts["NoColor"]
    assert all("\x1b[" in text for scheme, text in texts.items() if scheme != "NoColor")


def test_the_structured_report(shell, output):
    traceback_text(shell, output, "simple")
    report = output.errors[0]
    assert (report.ename, report.evalue) == ("ZeroDivisionError", "division by zero")
    assert isinstance(report.traceback, list)
    assert all(isinstance(line, str) for line in report.traceback)


def test_formatting_never_raises_on_a_hostile_exception(shell, output):
    shell.run_cell(
        "class Hostile(Exception):\n    def __str__(self):\n        raise RuntimeError('no str')\nraise Hostile()",
        store_history=True,
    )
    assert output.errors[0].ename == "Hostile"
    assert "unprintable" in output.errors[0].text()


def test_verbose_mode_never_runs_properties_of_locals(shell, output):
    shell.xmode = "Verbose"
    shell.run_cell(
        "ran = []\nclass P:\n    @property\n    def p(self):\n        ran.append(1)\n        return 1\n"
        "def f(obj):\n    return obj.missing\nf(P())",
        store_history=True,
    )
    assert output.errors[0].ename == "AttributeError"
    assert shell.user_ns["ran"] == []


def test_jovi_frames_are_hidden_but_a_user_function_called_by_a_magic_is_shown(shell, output):
    shell.run_cell("def boom():\n    raise KeyError('k')\n", store_history=True)
    shell.run_cell(
        "%time boom()" if shell.find_line_magic("time") else "get_ipython().ev('boom()')",
        store_history=True,
    )
    text = output.errors[0].text()
    assert "boom" in text
    assert "jovi/shell" not in text
