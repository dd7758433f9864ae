"""The terminal as IPython 9 users drive it (issue 15, point 4), in a real terminal (tmux)."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.integration


def _prompt_line(screen: str, prompt: str) -> str:
    return next((line for line in reversed(screen.splitlines()) if line.startswith(prompt)), "")


def _screen_after(term, output: str, prompt: str = "In [3]:", timeout: float = 15.0) -> str:
    """The screen once ``output`` is shown and the prompt is drawn again below it (the
    prompt is redrawn just after the text above it is printed, not with it)."""
    term.wait_for(output)
    deadline = time.monotonic() + timeout
    while True:
        screen = term.screen()
        last_prompt = screen.rfind(prompt)
        if last_prompt > screen.rfind(output) or time.monotonic() > deadline:
            return screen
        time.sleep(0.02)


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
    screen = _screen_after(term, "tick 5")
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
    screen = _screen_after(term, "logged line 2")
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
    screen = _screen_after(term, "beat 2")
    assert _prompt_line(screen, "In [3]:") == "In [3]: typed_meanwhile", screen


def test_a_cell_prints_to_the_real_stream_not_through_the_prompts_proxy(start):
    # Output while a cell runs is not delayed or batched: only the waiting prompt is guarded.
    term = start()
    term.wait_for("In [1]:")
    term.type("import sys; type(sys.stdout).__module__, sys.stdout is sys.__stdout__")
    term.send("Enter")
    term.wait_for("Out[1]:")
    assert "prompt_toolkit" not in term.screen()


def test_history_suggestions_are_on_by_default_and_the_right_arrow_takes_them(start):
    term = start()
    term.wait_for("In [1]:")
    term.type("suggested_name = 7")
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("sugg")
    term.wait_for("In [2]: suggested_name = 7")  # the rest of the line, suggested
    term.send("Right")
    term.send("Enter")
    term.wait_for("In [3]:")
    term.type("suggested_name * 6")
    term.send("Enter")
    term.wait_for("Out[3]: 42")


def test_autosuggestions_provider_none_turns_suggestions_off(start):
    term = start("--TerminalInteractiveShell.autosuggestions_provider=None")
    term.wait_for("In [1]:")
    term.type("suggested_name = 7")
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("sugg")
    term.wait_for("In [2]: sugg")
    term.type("x")  # a later screen: the suggestion would have shown by now
    term.wait_for("In [2]: suggx")
    assert "suggested_name = 7" not in _prompt_line(term.screen(), "In [2]:")


def test_auto_match_types_closing_brackets_and_quotes(start):
    term = start("--TerminalInteractiveShell.auto_match=True")
    term.wait_for("In [1]:")
    term.type("len([1, 2")
    term.wait_for("In [1]: len([1, 2])")
    term.type("])")  # typed over the partners, not added
    term.type(" + len('ab")
    term.wait_for("In [1]: len([1, 2]) + len('ab')")
    term.send("BSpace", "BSpace", "BSpace")  # b, a, then the empty pair as a whole
    term.type("'xyz")
    term.wait_for("In [1]: len([1, 2]) + len('xyz')")
    term.send("End")
    term.send("Enter")
    term.wait_for("Out[1]: 5")


def test_auto_match_is_off_by_default_as_in_ipython_9(start):
    term = start()
    term.wait_for("In [1]:")
    term.type("len([1, 2")
    term.wait_for("In [1]: len([1, 2")
    assert _prompt_line(term.screen(), "In [1]:") == "In [1]: len([1, 2"


def _editor_script(tmp_path):
    """An 'editor' that rewrites the file it is given: 'forty' becomes '40'."""
    script = tmp_path / "fake-editor"
    script.write_text("#!/bin/sh\nsed -i 's/forty/40/' \"$1\"\n")
    script.chmod(0o755)
    return script


def test_f2_edits_the_input_in_the_editor_and_it_comes_back_unrun(start, tmp_path):
    term = start(EDITOR=str(_editor_script(tmp_path)))
    term.wait_for("In [1]:")
    term.type("forty + 2")
    term.send("F2")
    term.wait_for("In [1]: 40 + 2")
    assert "Out[1]" not in term.screen()
    term.send("Enter")
    term.wait_for("Out[1]: 42")


def test_vi_mode_shows_ins_and_nav_before_the_prompt(start):
    term = start("--TerminalInteractiveShell.editing_mode=vi")
    term.wait_for("[ins] In [1]:")
    term.type("1 + 1")
    term.wait_for("[ins] In [1]: 1 + 1")
    term.send("Escape")
    term.wait_for("[nav] In [1]: 1 + 1")
    term.send("A")
    term.wait_for("[ins] In [1]: 1 + 1")
    term.type(" + 40")
    term.send("Enter")
    term.wait_for("Out[1]: 42")
    term.wait_for("[ins] In [2]:")


def _profile_config(jovi_dir, text):
    profile = jovi_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "jovi_config.py").write_text(text)


def test_shortcuts_move_add_and_report_bad_entries(start, tmp_path, isolated_dirs):
    _profile_config(
        isolated_dirs / "jovi",
        "c.TerminalInteractiveShell.shortcuts = [\n"
        "    {'command': 'jovi:edit_in_editor', 'new_keys': ['c-x', 'c-e']},\n"
        "    {'command': 'prompt_toolkit:named_commands.capitalize_word',\n"
        "     'new_keys': ['c-q'], 'create': True},\n"
        "    {'command': 'jovi:no_such_command', 'new_keys': ['c-t']},\n"
        "]\n",
    )
    term = start(EDITOR=str(_editor_script(tmp_path)))
    term.wait_for("In [1]:")
    term.type("forty")
    term.send("F2")  # no longer bound: nothing changes
    term.send("C-a")
    term.send("C-q")
    term.wait_for("In [1]: Forty")
    term.send("C-a")
    term.type("abs(")
    term.send("C-e")
    term.type(") - 2")
    term.send("C-x", "C-e")  # the editor, on its new keys
    term.wait_for("In [1]: abs(Forty) - 2")
    screen = term.history_screen()
    assert "a shortcut was ignored" in screen
    assert "jovi:no_such_command" in screen


def test_autoformatter_ruff_reformats_complete_input_before_it_runs(start, isolated_dirs):
    _profile_config(isolated_dirs / "jovi", "c.TerminalInteractiveShell.autoformatter = 'ruff'\n")
    term = start()
    term.wait_for("In [1]:")
    term.type("x=[1,2]")
    term.send("Enter")
    term.wait_for("In [1]: x = [1, 2]")
    term.type("%time y=1")  # not Python: runs as typed
    term.send("Enter")
    term.wait_for("Wall time")
    term.type("x+[y]")
    term.send("Enter")
    term.wait_for("Out[3]: [1, 2, 1]")
    assert "In [3]: x + [y]" in term.history_screen()


def test_autoformatter_may_be_a_function_of_the_users(start, tmp_path, isolated_dirs):
    (tmp_path / "tinyformat.py").write_text(
        "def spaced(text):\n    return text.replace('=', ' = ')\n"
    )
    _profile_config(
        isolated_dirs / "jovi", "c.TerminalInteractiveShell.autoformatter = 'tinyformat.spaced'\n"
    )
    term = start()
    term.wait_for("In [1]:")
    term.type("v=3")
    term.send("Enter")
    term.wait_for("In [1]: v = 3")
    term.type("v")
    term.send("Enter")
    term.wait_for("Out[2]: 3")


def test_an_autoformatter_that_cannot_load_is_one_line_and_input_runs(start, isolated_dirs):
    _profile_config(isolated_dirs / "jovi", "c.TerminalInteractiveShell.autoformatter = 'yapf'\n")
    term = start()
    term.wait_for("In [1]:")
    term.type("6*7")
    term.send("Enter")
    term.wait_for("Out[1]: 42")
    assert "the autoformatter 'yapf' cannot be used" in term.history_screen()


def test_simple_prompt_reads_with_input_and_no_line_editor(start):
    term = start("--simple-prompt")
    term.wait_for("In [1]:")
    term.type("def f():")
    term.send("Enter")
    term.wait_for("   ...:")
    term.type("    return 42")
    term.send("Enter")
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("f(), 'prompt_toolkit' in __import__('sys').modules")
    term.send("Enter")
    term.wait_for("Out[2]: (42, False)")


def test_matplotlib_without_a_display_falls_back_to_agg_in_one_line(start):
    term = start(width=200)  # tmux's terminal here has no $DISPLAY
    term.wait_for("In [1]:")
    term.type("%matplotlib")
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("import matplotlib.pyplot as plt; plt.plot([1, 2]); plt.get_backend()")
    term.send("Enter")
    term.wait_for("Out[2]: 'agg'")
    screen = term.history_screen()
    notes = [line for line in screen.splitlines() if line.startswith("jovi:")]
    expected = (
        "jovi: there is no display ($DISPLAY is not set), so no windows: using matplotlib's "
        "non-interactive agg backend; save figures with plt.savefig()."
    )
    assert notes == [expected], screen
    assert "Error" not in screen


def test_matplotlib_inline_where_images_cannot_be_shown_says_what_it_does(start):
    term = start(width=200)
    term.wait_for("In [1]:")
    term.type("%matplotlib inline")
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("import matplotlib.pyplot as plt; plt.plot([1, 2]); plt.get_backend()")
    term.send("Enter")
    term.wait_for("Out[2]: 'agg'")
    screen = term.history_screen()
    assert (
        "jovi: this terminal cannot show images (kitty, iTerm2 or sixel) and there is no "
        "display ($DISPLAY is not set): using matplotlib's non-interactive agg backend"
    ) in screen, screen


def _history_of_values(term):
    for value in (1, 2, 3):
        term.type(f"value = {value}")
        term.send("Enter")
        term.wait_for(f"In [{value + 1}]:")


def test_up_and_down_go_through_the_suggestions_and_keep_the_typed_text(start):
    term = start()  # NavigableAutoSuggestFromHistory, IPython 9's default
    term.wait_for("In [1]:")
    _history_of_values(term)
    term.type("val")
    term.wait_for("In [4]: value = 3")
    term.send("Up")
    term.wait_for("In [4]: value = 2")
    term.send("Up")
    term.wait_for("In [4]: value = 1")
    term.send("Up")  # no older one: it stays
    term.send("Down")
    term.wait_for("In [4]: value = 2")
    term.send("Right")
    term.send("Enter")
    term.wait_for("In [5]:")
    term.type("value")
    term.send("Enter")
    term.wait_for("Out[5]: 2")


def test_with_the_plain_provider_up_recalls_history_by_prefix(start):
    term = start("--TerminalInteractiveShell.autosuggestions_provider=AutoSuggestFromHistory")
    term.wait_for("In [1]:")
    _history_of_values(term)
    term.type("val")
    term.wait_for("In [4]: value = 3")
    term.send("Up")
    term.send("Up")
    term.wait_for("In [4]: value = 2")
    term.send("Enter")
    term.wait_for("In [5]:")
    term.type("value")
    term.send("Enter")
    term.wait_for("Out[5]: 2")
