"""%pylab: %matplotlib plus the numpy and matplotlib names (SHELL.md 2.1, 8.20).

numpy and matplotlib are not dependencies of jovi: small stand-ins on sys.path play
their part, so what %pylab imports and reports is checked without them.
"""

from __future__ import annotations

import sys
import textwrap

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.terminal.shell import TerminalInteractiveShell

STAND_INS = {
    "numpy/__init__.py": """
        __all__ = ["array", "sum", "pi"]
        pi = 3.14
        def array(values):
            return list(values)
        def sum(values):
            return "numpy's sum"
    """,
    "matplotlib/__init__.py": """
        rcParams = {}
        backend = None
        def use(name, force=False):
            global backend
            backend = name
    """,
    "matplotlib/pyplot.py": """
        interactive = False
        _figures = {1: "figure one", 2: "figure two"}
        def ion():
            global interactive
            interactive = True
        def get_fignums():
            return sorted(_figures)
        def fignum_exists(number):
            return number in _figures
        def figure(number):
            return _figures[number]
    """,
    "matplotlib/pylab.py": """
        from numpy import pi
        __all__ = ["plot", "pi"]
        def plot(*args):
            return "plotted"
    """,
    "matplotlib/mlab.py": "",
}


@pytest.fixture
def shell(tmp_path):
    sh = TerminalInteractiveShell(output=RecordingOutput(), profile_dir=tmp_path / "profile_t")
    try:
        yield sh
    finally:
        sh.close()


@pytest.fixture
def stand_ins(tmp_path, monkeypatch):
    root = tmp_path / "site"
    for name, source in STAND_INS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(root))
    yield
    for name in [n for n in sys.modules if n.split(".")[0] in ("numpy", "matplotlib")]:
        del sys.modules[name]


def test_pylab_sets_up_matplotlib_and_imports_everything(shell, stand_ins):
    shell.run_cell("plot = 'mine'")
    shell.run_cell("%pylab agg")
    ns = shell.user_ns
    assert ns["plot"]() == "plotted"
    assert ns["sum"]([1]) == "numpy's sum"
    assert ns["np"] is ns["numpy"] is sys.modules["numpy"]
    assert ns["plt"] is ns["pyplot"] is sys.modules["matplotlib.pyplot"]
    assert {"matplotlib", "pylab", "mlab", "display", "figsize", "getfigs"} <= set(ns)
    assert sys.modules["matplotlib"].backend == "agg"
    assert sys.modules["matplotlib.pyplot"].interactive
    out = shell.output
    assert out.stdout == (
        "Using matplotlib backend: agg\n"
        "Populating the interactive namespace from numpy and matplotlib\n"
    )
    assert out.stderr == (
        "pylab import has clobbered these variables: ['plot']\n"
        "`%matplotlib` prevents importing * from pylab and numpy\n"
    )
    assert "np" in shell.user_ns_hidden  # not listed by %who


def test_no_import_all_keeps_the_builtins(shell, stand_ins):
    shell.run_cell("%pylab --no-import-all agg")
    assert "sum" not in shell.user_ns
    assert "plot" not in shell.user_ns
    assert shell.user_ns["np"].pi == 3.14


def test_figsize_and_getfigs(shell, stand_ins):
    shell.run_cell("%pylab agg")
    shell.run_cell("figsize(8, 3)\nfigures = getfigs()\nfirst = getfigs(1, 5)")
    assert sys.modules["matplotlib"].rcParams["figure.figsize"] == [8, 3]
    assert shell.user_ns["figures"] == ["figure one", "figure two"]
    assert shell.user_ns["first"] == ["figure one"]


def test_without_matplotlib_pylab_says_what_to_install(shell):
    shell.run_cell("%pylab")
    assert shell.output.errors[0].evalue == "matplotlib is not installed (pip install matplotlib)"


def test_an_unknown_backend_is_one_line(shell, stand_ins):
    shell.run_cell("%pylab nosuch")
    assert shell.output.errors[0].evalue.startswith("unknown backend 'nosuch'")


def test_terminal_only_aliases(shell):
    for name in ("clear", "more", "less", "man"):
        assert shell.alias_manager.is_alias(name)
