"""``--to python`` translates IPython syntax by whole logical lines: a line magic whose
arguments go on inside brackets over several lines becomes one valid call."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

import jovi.nbformat as nbf
from jovi.nbconvert.exporters import get_exporter
from jovi.nbconvert.filters.strings import ipython2python

CASES = {
    "generator over two lines": (
        "%timeit np.fromiter((x for x in y),\n   dtype=float)\nprint(1)\n",
        "get_ipython().run_line_magic('timeit', 'np.fromiter((x for x in y),\\n   dtype=float)')\nprint(1)\n",
    ),
    "indented in a loop": (
        "for i in range(3):\n    %time foo(1,\n              2)\n    x = 1\n",
        "for i in range(3):\n    get_ipython().run_line_magic('time', 'foo(1,\\n              2)')\n    x = 1\n",
    ),
    "assigned, with a comment": (
        "t = %timeit -o f(a,\n b)  # note\n",
        "t = get_ipython().run_line_magic('timeit', '-o f(a,\\n b)  # note')\n",
    ),
    "a string over lines": (
        '%time f("""a\nb""")\n',
        'get_ipython().run_line_magic(\'time\', \'f("""a\\nb""")\')\n',
    ),
    "backslash continuation (the shell's rule)": (
        "%time f(1, \\\n  2)\n",
        "get_ipython().run_line_magic('time', 'f(1, 2)')\n",
    ),
    "modulo over lines is Python": ("x = 1 % (2,\n 3)\n", "x = 1 % (2,\n 3)\n"),
    "one-line magics": (
        "%matplotlib inline\n%time x\n",
        "get_ipython().run_line_magic('matplotlib', 'inline')\nget_ipython().run_line_magic('time', 'x')\n",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_line_magics_are_translated_by_logical_line(case):
    source, expected = CASES[case]
    translated = ipython2python(source)
    assert translated == expected
    ast.parse(translated)


@pytest.mark.integration
def test_the_script_runs_under_jovi_with_the_whole_argument(tmp_path):
    nb = nbf.Notebook(
        cells=(
            nbf.CodeCell(source="def add(a, b):\n    return a + b"),
            nbf.CodeCell(source="%time total = add(1,\n                 2)\nprint('total', total)"),
        ),
        metadata={"language_info": {"name": "python"}},
    )
    script, _ = get_exporter("python")().from_notebook_node(nb)
    ast.parse(script)
    path = tmp_path / "script.py"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "jovi", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Wall time" in done.stdout
    assert "total 3" in done.stdout
