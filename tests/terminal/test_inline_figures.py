"""``%matplotlib inline`` in terminals that show images: figures drawn below the cell
with the terminal's image protocol (the console's, :mod:`jovi.terminal.console.images`).

The terminal is guessed from the environment, as in a real kitty, iTerm2 or sixel
terminal; jovi's output is read from a pipe, escape sequences and all.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess

import pytest

_CELLS = (
    "%matplotlib inline\n"
    "import matplotlib.pyplot as plt\n"
    "plt.plot([1, 3, 2]);\n"
    "len(plt.get_fignums())\n"
)


def _run(jovi_command, tmp_path, cells=_CELLS, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TERM_PROGRAM", "TERM")}
    result = subprocess.run(
        jovi_command,
        input=cells,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**clean, "MPLBACKEND": "", "TERM": "xterm-256color", **env},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.integration
def test_kitty_draws_the_figure_after_the_cell_and_closes_it(jovi_command, tmp_path):
    out = _run(jovi_command, tmp_path, KITTY_WINDOW_ID="1")
    assert "Using matplotlib backend: inline (kitty images)" in out
    chunks = re.findall(r"\x1b_G([^;]*);([^\x1b]*)\x1b\\", out)
    assert chunks, out[:500]
    png = base64.b64decode("".join(data for _keys, data in chunks))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "Out[4]: 0" in out  # drawn, then closed: nothing left over for the next cell


@pytest.mark.integration
def test_iterm2_draws_the_figure(jovi_command, tmp_path):
    out = _run(jovi_command, tmp_path, TERM_PROGRAM="iTerm.app")
    match = re.search(r"\x1b\]1337;File=[^:]*:([A-Za-z0-9+/=]+)\x07", out)
    assert match is not None, out[:500]
    assert base64.b64decode(match.group(1)).startswith(b"\x89PNG")


@pytest.mark.integration
@pytest.mark.parametrize("term", ["mlterm", "foot"])
def test_sixel_terminals_draw_the_figure_as_sixels(jovi_command, tmp_path, term):
    out = _run(jovi_command, tmp_path, TERM=term)
    assert "Using matplotlib backend: inline (sixel images)" in out
    assert re.search(r"\x1bP[0-9;]*q", out), out[:500]


@pytest.mark.integration
def test_another_backend_after_inline_leaves_figures_alone(jovi_command, tmp_path):
    cells = (
        "%matplotlib inline\n"
        "%matplotlib agg\n"
        "import matplotlib.pyplot as plt\n"
        "plt.plot([1, 3, 2]);\n"
        "len(plt.get_fignums())\n"
    )
    out = _run(jovi_command, tmp_path, cells=cells, KITTY_WINDOW_ID="1")
    assert "Out[5]: 1" in out
    assert "\x1b_G" not in out
