"""The terminal shell in a real terminal (tmux): editing, history, completion, keys, embedding."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def test_a_multi_line_function_with_automatic_indent(start):
    term = start()
    term.wait_for("In [1]:")
    term.type("def double(x):")
    term.send("Enter")
    term.wait_for("   ...:")
    term.type("return x * 2")
    term.wait_for("   ...:     return x * 2")  # indented by the shell, not by the test
    term.send("Enter")
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("double(21)")
    term.send("Enter")
    term.wait_for("Out[2]: 42")
    term.send("Up")
    term.send("Up")
    term.wait_for("In [3]: def double(x):")
    screen = term.screen()
    assert "   ...:     return x * 2" in screen.split("In [3]:")[-1]


def test_what_is_typed_before_the_line_editor_has_loaded_is_kept(start):
    term = start()
    term.type("answer = 6 * 7")  # at once: jovi may still be starting
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("answer")
    term.send("Enter")
    term.wait_for("Out[2]: 42")


def test_the_first_prompt_is_drawn_once(start):
    term = start()
    term.wait_for("In [1]:")
    term.type("1 + 1")
    term.wait_for("In [1]: 1 + 1")
    assert term.screen().count("In [1]:") == 1


def test_history_from_a_previous_session_with_ctrl_r(start):
    first = start()
    first.wait_for("In [1]:")
    first.type("remembered_value = 'from session one'")
    first.send("Enter")
    first.wait_for("In [2]:")
    first.type("exit")
    first.send("Enter")
    first.wait_for("[exited with 0]")
    second = start()
    second.wait_for("In [1]:")
    second.send("C-r")
    second.type("remembered")
    second.wait_for("remembered_value = 'from session one'")
    second.send("Enter")
    second.send("Enter")
    second.wait_for("In [2]:")
    second.type("remembered_value")
    second.send("Enter")
    second.wait_for("Out[2]: 'from session one'")


def test_tab_completion_menu_inserts_the_choice(start):
    term = start()
    term.wait_for("In [1]:")
    term.type("import collections")
    term.send("Enter")
    term.wait_for("In [2]:")
    term.type("collections.Ordered")
    term.send("Tab")
    term.wait_for("In [2]: collections.OrderedDict")
    term.send("Enter")
    term.wait_for("Out[2]: collections.OrderedDict")
    term.type("collections.de")
    term.send("Tab")
    term.wait_for("defaultdict")
    screen = term.screen()
    assert "deque" in screen
    assert "defaultdict" in screen


def test_question_mark_opens_the_pager(start):
    term = start(height=12)
    term.wait_for("In [1]:")
    term.type("dict?")
    term.send("Enter")
    term.wait_for("Docstring:")
    time.sleep(0.3)
    screen = term.screen()
    assert "In [2]:" not in screen, screen  # less holds the screen until q
    term.send("q")
    term.wait_for("In [2]:")


def test_ctrl_c_interrupts_running_code_within_a_second(start):
    term = start()
    term.wait_for("In [1]:")
    # The marker is printed by the cell, not echoed: the code runs once it shows.
    term.type("print('run' + 'ning'); import time; time.sleep(30)")
    term.send("Enter")
    term.wait_for("running")
    started = time.monotonic()
    term.send("C-c")
    term.wait_for("KeyboardInterrupt", timeout=5)
    term.wait_for("In [2]:", timeout=5)
    assert time.monotonic() - started < 1.0


def test_ctrl_c_stops_a_foreground_script_cell(start):
    term = start()
    term.wait_for("In [1]:")
    term.paste("%%bash\necho started; sleep 30; echo never\n")
    term.send("Enter")
    term.wait_for("started")
    started = time.monotonic()
    term.send("C-c")
    term.wait_for("In [2]:", timeout=10)
    assert time.monotonic() - started < 5.0
    lines = [line.strip() for line in term.history_screen().splitlines()]
    assert "never" not in lines  # the program was stopped before its last echo


def test_ctrl_c_clears_the_input(start):
    term = start()
    term.wait_for("In [1]:")
    term.type("half typed")
    term.send("C-c")
    term.wait_for("In [1]:", count=2)
    term.type("1 + 1")
    term.send("Enter")
    term.wait_for("Out[1]: 2")


def test_ctrl_d_asks_before_leaving(start):
    term = start()
    term.wait_for("In [1]:")
    term.send("C-d")
    term.wait_for("Do you really want to exit ([y]/n)?")
    term.send("n", "Enter")
    term.wait_for("In [1]:", count=2)
    term.send("C-d")
    term.wait_for("Do you really want to exit ([y]/n)?", count=2)
    term.send("y", "Enter")
    term.wait_for("[exited with 0]")


def test_exit_quit_and_percent_exit(start):
    for word in ("exit", "quit()", "%exit"):
        term = start()
        term.wait_for("In [1]:")
        term.type(word)
        term.send("Enter")
        term.wait_for("[exited with 0]")


def test_a_pasted_block_is_one_cell(start):
    term = start()
    term.wait_for("In [1]:")
    term.paste("def g():\n    a = 1\n\n    return a + 1\n\nprint('pasted', g())")
    term.send("Enter")
    term.wait_for("pasted 2")
    term.wait_for("In [2]:")


def test_a_thousand_line_paste_runs_as_one_cell_quickly(start):
    term = start()
    term.wait_for("In [1]:")
    lines = [f"v{i} = {i}" for i in range(1000)] + [
        "print('total', sum(v for k, v in globals().items() if k.startswith('v') and k[1:].isdigit()))"
    ]
    started = time.monotonic()
    term.paste("\n".join(lines))
    term.send("Enter")
    term.wait_for("total 499500", timeout=10)
    elapsed = time.monotonic() - started
    term.wait_for("In [2]:")
    assert elapsed < 2.0, f"the paste took {elapsed:.2f}s"


def test_an_embedded_shell_sees_the_callers_variables(start, tmp_path):
    script = tmp_path / "embedding.py"
    script.write_text(
        textwrap.dedent(
            """\
            import jovi

            def compute():
                secret = 'local value'
                jovi.embed(header='inside compute')
                print('after the shell, secret is', secret)

            compute()
            print('script finished')
            """
        )
    )
    term = start(command=[sys.executable, str(script)])
    term.wait_for("inside compute")
    term.wait_for("In [1]:")
    term.type("secret.upper()")
    term.send("Enter")
    term.wait_for("Out[1]: 'LOCAL VALUE'")
    term.type("exit")
    term.send("Enter")
    term.wait_for("after the shell, secret is local value")
    term.wait_for("script finished")


@pytest.fixture
def xvfb(tmp_path):
    display = f":{90 + (abs(hash(str(tmp_path))) % 200)}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    socket = Path("/tmp/.X11-unix") / f"X{display[1:]}"
    deadline = time.monotonic() + 10
    while not socket.exists():  # Xvfb listens once its socket is there
        assert server.poll() is None, "Xvfb exited"
        assert time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.02)
    yield display
    server.terminate()
    server.wait(10)


def test_gui_tk_keeps_a_window_responsive_at_the_prompt(start, tmp_path, xvfb):
    flag = tmp_path / "answered.txt"
    term = start(DISPLAY=xvfb)
    term.wait_for("In [1]:")
    term.type("%gui tk")
    term.send("Enter")
    term.wait_for("In [2]:")
    setup = (
        "import tkinter; root = tkinter.Tk(); root.title('jovi-test-window'); "
        f"root.bind('<Key>', lambda event: open({str(flag)!r}, 'w').write(event.keysym)); root.update()"
    )
    term.type(setup)
    term.send("Enter")
    term.wait_for("In [3]:")
    window = ""
    for _ in range(50):
        found = subprocess.run(
            ["xdotool", "search", "--name", "jovi-test-window"],
            capture_output=True,
            text=True,
            env={"DISPLAY": xvfb},
            check=False,
        )
        window = found.stdout.split()[0] if found.stdout.split() else ""
        if window:
            break
        time.sleep(0.1)
    assert window, "the Tk window did not appear"
    # Tk ignores synthetic key events sent to a window; focus it and type instead.
    subprocess.run(
        ["xdotool", "windowfocus", window], env={"DISPLAY": xvfb}, check=False, capture_output=True
    )
    subprocess.run(["xdotool", "key", "z"], env={"DISPLAY": xvfb}, check=True, capture_output=True)
    for _ in range(50):
        if flag.exists():
            break
        time.sleep(0.1)
    assert flag.read_text() == "z"
    assert "In [3]:" in term.screen()


def test_the_terminal_warms_jedi_up_once_its_first_prompt_shows(start):
    term = start()
    term.wait_for("In [1]:")
    term.type("import sys, time; time.sleep(2); 'jedi' in sys.modules")
    term.send("Enter")
    term.wait_for("Out[1]: True")
