"""The terminal as IPython 9 users drive it (issue 15, point 4), in a real terminal (tmux)."""

from __future__ import annotations

import pytest
from tests.terminal.tmux import TmuxTerminal, jovi_command, terminal_env

pytestmark = pytest.mark.integration


@pytest.fixture
def start(tmp_path, isolated_dirs):
    terminals = []
    home = isolated_dirs / "home"
    jovi_dir = isolated_dirs / "jovi"

    def launch(*args, width=100, height=30, **env):
        terminal = TmuxTerminal(
            [*jovi_command(), *args],
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


def _prompt_line(screen: str, prompt: str) -> str:
    return next(line for line in reversed(screen.splitlines()) if line.startswith(prompt))


def _release(tmp_path):
    """Tell the waiting thread of the session to start printing."""
    (tmp_path / "go").write_text("")


def test_what_a_thread_prints_appears_above_the_prompt_and_the_typed_text_stays(start, tmp_path):
    term = start()
    term.wait_for("In [1]:")
    term.paste(
        "import threading, time, os\n"
        "def ticker():\n"
        "    while not os.path.exists('go'): time.sleep(0.02)\n"
        "    for n in range(6): print(f'tick {n}'); time.sleep(0.05)\n"
    )
    term.send("Enter")
    term.type("threading.Thread(target=ticker, daemon=True).start()")
    term.send("Enter")
    term.wait_for("In [3]:")
    term.type("half_typed = 41")
    term.wait_for("In [3]: half_typed = 41")
    _release(tmp_path)
    term.wait_for("tick 5")
    screen = term.screen()
    assert _prompt_line(screen, "In [3]:") == "In [3]: half_typed = 41", screen
    ticks = [line for line in screen.splitlines() if line.startswith("tick ")]
    assert ticks == [f"tick {n}" for n in range(6)], screen
    assert screen.index("tick 5") < screen.rindex("In [3]:"), screen
    term.send("Enter")
    term.type("half_typed + 1")
    term.send("Enter")
    term.wait_for("Out[4]: 42")


def test_logging_from_a_thread_appears_above_the_prompt(start, tmp_path):
    term = start()
    term.wait_for("In [1]:")
    term.paste(
        "import logging, threading, time, os\n"
        "logging.basicConfig(format='logged %(message)s', level=logging.INFO)\n"
        "def chatty():\n"
        "    while not os.path.exists('go'): time.sleep(0.02)\n"
        "    for n in range(3): logging.info('line %d', n)\n"
    )
    term.send("Enter")
    term.type("threading.Thread(target=chatty, daemon=True).start()")
    term.send("Enter")
    term.wait_for("In [3]:")
    term.type("still_here")
    term.wait_for("In [3]: still_here")
    _release(tmp_path)
    term.wait_for("logged line 2")
    screen = term.screen()
    assert _prompt_line(screen, "In [3]:") == "In [3]: still_here", screen
    assert screen.index("logged line 2") < screen.rindex("In [3]:"), screen


def test_asyncio_tasks_on_a_loop_in_a_thread_print_above_the_prompt(start, tmp_path):
    term = start()
    term.wait_for("In [1]:")
    term.paste(
        "import asyncio, threading, os\n"
        "async def beats():\n"
        "    while not os.path.exists('go'): await asyncio.sleep(0.02)\n"
        "    for n in range(3): print('beat', n); await asyncio.sleep(0.05)\n"
    )
    term.send("Enter")
    term.type("threading.Thread(target=asyncio.run, args=(beats(),), daemon=True).start()")
    term.send("Enter")
    term.wait_for("In [3]:")
    term.type("typed_meanwhile")
    term.wait_for("In [3]: typed_meanwhile")
    _release(tmp_path)
    term.wait_for("beat 2")
    screen = term.screen()
    assert _prompt_line(screen, "In [3]:") == "In [3]: typed_meanwhile", screen


def test_a_cell_prints_to_the_real_stream_not_through_the_prompts_proxy(start):
    # Output while a cell runs is not delayed or batched: only the waiting prompt is guarded.
    term = start()
    term.wait_for("In [1]:")
    term.type("import sys; type(sys.stdout).__module__, sys.stdout is sys.__stdout__")
    term.send("Enter")
    term.wait_for("Out[1]:")
    assert "prompt_toolkit" not in term.screen()
