"""%gui, %matplotlib and %pylab of the engine (jovi.shell.InteractiveShell alone):
figures drawn off screen, no event loop; frontends replace or extend them.

numpy and matplotlib are test dependencies (never jovi's own).
"""

from __future__ import annotations

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.terminal.shell import TerminalInteractiveShell


@pytest.fixture
def matplotlib_state():
    """Put back matplotlib's backend, settings and figures as the test found them."""
    import matplotlib
    from matplotlib import pyplot, rcsetup

    # Read without resolving "auto": resolving it picks Qt when a Qt test left its
    # application running in this process, and then asks the shell for a Qt loop.
    backend = dict.__getitem__(matplotlib.rcParams, "backend")
    settings = matplotlib.rcParams.copy()
    interactive = matplotlib.is_interactive()
    pyplot.switch_backend("agg")  # the engine draws off screen
    yield
    pyplot.close("all")
    matplotlib.rcParams.update(settings)
    if backend is rcsetup._auto_backend_sentinel:
        dict.__setitem__(matplotlib.rcParams, "backend", backend)
    else:
        pyplot.switch_backend(backend)
    matplotlib.interactive(interactive)


def test_gui_says_the_engine_runs_no_event_loop(run, output):
    assert run("%gui").success
    assert run("%gui none").success
    result = run("%gui qt")
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == (
        "this shell does not wait for input, so it cannot run the qt event loop "
        "(%gui works in jovi's terminal and kernel)"
    )


def test_matplotlib_draws_off_screen(run, shell, output, matplotlib_state):
    import matplotlib

    assert run("%matplotlib").success
    assert matplotlib.get_backend().lower() == "agg"
    assert run("%matplotlib svg").success
    assert matplotlib.get_backend().lower() == "svg"
    assert output.stdout == "Using matplotlib backend: agg\nUsing matplotlib backend: svg\n"
    output.written.clear()
    run("%matplotlib --list")
    assert output.stdout == "Available matplotlib backends: agg, cairo, pdf, pgf, ps, svg\n"
    assert "plt" not in shell.user_ns  # nothing imported into the namespace


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%matplotlib inline", "the inline backend draws into rich frontends (jovi's kernel)"),
        ("%matplotlib no-such-backend", "matplotlib cannot use 'no-such-backend' here"),
    ],
)
def test_matplotlib_mistakes_are_one_line(run, output, matplotlib_state, line, message):
    assert not run(line).success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue.startswith(message)


def test_pylab_imports_the_names(run, shell, output, matplotlib_state):
    import numpy

    run("%pylab --no-import-all")
    assert shell.user_ns["np"] is numpy
    assert "plot" not in shell.user_ns
    assert output.stdout == (
        "Using matplotlib backend: agg\n"
        "Populating the interactive namespace from numpy and matplotlib\n"
    )


def test_the_terminal_keeps_its_own_versions(tmp_path):
    shell = TerminalInteractiveShell(output=RecordingOutput(), profile_dir=tmp_path / "p")
    try:
        shell.magics_manager.lsmagic()  # loads every built-in group
        for name in ("gui", "matplotlib", "pylab"):
            owner = shell.find_line_magic(name).__self__
            assert type(owner).__name__ == "TerminalMagics", name
    finally:
        shell.close()
