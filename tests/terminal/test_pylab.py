"""%pylab: %matplotlib plus the numpy and matplotlib names.

numpy and matplotlib are test dependencies (never jovi's own): the real libraries,
with the non-interactive agg backend.
"""

from __future__ import annotations

import sys

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.terminal.shell import TerminalInteractiveShell


@pytest.fixture
def shell(tmp_path):
    sh = TerminalInteractiveShell(output=RecordingOutput(), profile_dir=tmp_path / "profile_t")
    try:
        yield sh
    finally:
        sh.close()


@pytest.fixture
def matplotlib_state():
    """Put back matplotlib's backend, settings and figures as the test found them."""
    import matplotlib
    from matplotlib import pyplot

    backend, settings = matplotlib.get_backend(), dict(matplotlib.rcParams)
    yield
    pyplot.close("all")
    matplotlib.rcParams.update(settings)
    pyplot.switch_backend(backend)


def test_pylab_sets_up_matplotlib_and_imports_everything(shell, matplotlib_state):
    import matplotlib
    import numpy
    from matplotlib import pylab, pyplot

    shell.run_cell("plot = 'mine'")
    shell.run_cell("%pylab agg")
    ns = shell.user_ns
    assert ns["plot"] is pylab.plot
    assert ns["sum"] is numpy.sum  # the builtin is replaced, as the warning says
    assert ns["np"] is ns["numpy"] is numpy
    assert ns["plt"] is ns["pyplot"] is pyplot
    assert {"matplotlib", "pylab", "mlab", "display", "figsize", "getfigs"} <= set(ns)
    assert matplotlib.get_backend().lower() == "agg"
    assert pyplot.isinteractive()
    out = shell.output
    assert out.stdout == (
        "Using matplotlib backend: agg\n"
        "Populating the interactive namespace from numpy and matplotlib\n"
    )
    assert out.stderr == (  # only the user's own names count as clobbered, not builtins
        "pylab import has clobbered these variables: ['plot']\n"
        "`%matplotlib` prevents importing * from pylab and numpy\n"
    )
    assert "np" in shell.user_ns_hidden  # not listed by %who


def test_no_import_all_keeps_the_builtins(shell, matplotlib_state):
    shell.run_cell("%pylab --no-import-all agg")
    assert "sum" not in shell.user_ns
    assert "plot" not in shell.user_ns
    assert shell.user_ns["np"].pi == pytest.approx(3.14159, abs=1e-5)


def test_figsize_and_getfigs(shell, matplotlib_state):
    import matplotlib

    shell.run_cell("%pylab agg")
    shell.run_cell("figsize(8, 3)")
    assert list(matplotlib.rcParams["figure.figsize"]) == [8, 3]
    shell.run_cell("plt.figure(1); plt.figure(2)\nfigures = getfigs()\nfirst = getfigs(1, 5)")
    assert [f.number for f in shell.user_ns["figures"]] == [1, 2]
    assert [f.number for f in shell.user_ns["first"]] == [1]


def test_without_matplotlib_pylab_says_what_to_install(shell, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    shell.run_cell("%pylab")
    assert shell.output.errors[0].evalue == "matplotlib is not installed (pip install matplotlib)"


def test_an_unknown_backend_is_one_line(shell, matplotlib_state):
    shell.run_cell("%pylab nosuch")
    assert shell.output.errors[0].evalue.startswith("unknown backend 'nosuch'")


def test_terminal_only_aliases(shell):
    for name in ("clear", "more", "less", "man"):
        assert shell.alias_manager.is_alias(name)
