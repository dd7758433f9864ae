"""The terminal tests' fixture: jovi in a real terminal (tmux), closed after the test."""

from __future__ import annotations

import pytest
from tests.terminal.tmux import TmuxTerminal, jovi_command, terminal_env


@pytest.fixture
def start(tmp_path, isolated_dirs):
    """``start(*args, width=, height=, command=, **env)``: a terminal running ``jovi
    *args`` (or ``command``) with the test's own home and jovi directory."""
    terminals = []
    home = isolated_dirs / "home"
    jovi_dir = isolated_dirs / "jovi"

    def launch(*args, width=100, height=30, command=None, **env):
        terminal = TmuxTerminal(
            command or [*jovi_command(), *args],
            env=terminal_env(home, jovi_dir, **env),
            cwd=tmp_path,
            width=width,
            height=height,
        )
        terminals.append(terminal)
        return terminal

    yield launch
    for terminal in terminals:
        terminal.close()
