"""The debugger and %cpaste in a real terminal (tmux): prompts, Tab completion, typed input."""

from __future__ import annotations

import pytest
from tests.terminal.tmux import TmuxTerminal, jovi_command, terminal_env

pytestmark = pytest.mark.integration


@pytest.fixture
def terminal(tmp_path, isolated_dirs):
    term = TmuxTerminal(
        jovi_command(),
        env=terminal_env(isolated_dirs / "home", isolated_dirs / "jovi"),
        cwd=tmp_path,
    )
    term.wait_for("In [1]:")
    yield term
    term.close()


def test_debug_at_the_terminal_completes_names_with_tab(terminal):
    for line in ("def f(a):", "local_value = a + 1", "return local_value / 0", ""):
        terminal.type(line)
        terminal.send("Enter")
    terminal.wait_for("In [2]:")
    terminal.type("f(1)")
    terminal.send("Enter")
    terminal.wait_for("In [3]:")
    terminal.type("%debug")
    terminal.send("Enter")
    terminal.wait_for("ipdb>")
    terminal.type("p local_v")
    terminal.send("Tab")
    terminal.wait_for("ipdb> p local_value")
    terminal.send("Enter")
    terminal.wait_for("ipdb> p local_value\n2\n")
    terminal.type("q")
    terminal.send("Enter")
    terminal.wait_for("In [4]:")


def test_cpaste_at_the_terminal_is_not_indented_for_you(terminal):
    terminal.type("%cpaste")
    terminal.send("Enter")
    terminal.wait_for("Pasting code; enter '--' alone on the line to stop or use Ctrl-D.")
    for line in ("    def g():", "        return 5", "-"):
        terminal.type(line)
        if line != "-":
            terminal.send("Enter")
    terminal.type("-")  # "--" typed in two steps: tmux reads "--" as the end of its options
    terminal.send("Enter")
    terminal.wait_for("In [2]:")
    terminal.type("g()")
    terminal.send("Enter")
    terminal.wait_for("Out[2]: 5")
