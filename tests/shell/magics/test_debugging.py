"""%debug, %%debug, %pdb, %tb and jovi's debugger."""

from __future__ import annotations

import sys

import pytest

from jovi.shell.debugger import Debugger

FAILING = "def f(a):\n    x = a * 2\n    return x / 0\n"


def fail_in_f(run):
    """Run a cell that fails inside f(): the last traceback ends in f's frame.

    (Not a fixture: pytest clears sys.last_value before each test's body runs.)
    """
    run(FAILING)
    run("f(21)")


def test_debug_opens_the_debugger_at_the_failing_frame(run, capsys, stdin):
    fail_in_f(run)
    stdin("p x", "p a", "q")
    run("%debug")
    out = capsys.readouterr().out
    assert out.startswith("> Cell In[1](3)f()")
    assert "----> 3     return x / 0" in out
    assert "ipdb> 42\n" in out
    assert "ipdb> 21\n" in out


def test_up_where_and_the_hidden_frames_of_jovi(run, capsys, stdin):
    fail_in_f(run)
    stdin("where", "up", "p a", "q")
    run("%debug")
    out = capsys.readouterr().out
    where = out.split("ipdb> ", 2)[1]
    assert "Cell In[2](1)<module>()" in where
    assert "> Cell In[1](3)f()" in where
    assert "jovi" not in where  # no frames of the shell's own code
    assert "bdb" not in where
    assert "----> 1 f(21)" in out.split("ipdb> ", 3)[2]  # after 'up'
    assert "*** NameError: name 'a' is not defined" in out


def test_debug_without_a_traceback(run, output, monkeypatch):
    for name in ("last_exc", "last_value", "last_traceback", "last_type"):
        monkeypatch.delattr(sys, name, raising=False)
    run("%debug")
    assert output.errors[-1].ename == "UsageError"
    assert output.errors[-1].evalue == "No traceback has been produced, nothing to debug."


def test_debug_statement_stops_at_its_first_line(run, shell, capsys, stdin):
    run(FAILING.replace("x / 0", "x"))
    stdin("s", "n", "n", "p x", "c")
    run("%debug result = f(5)")
    out = capsys.readouterr().out
    assert "<jovi-debug>(1)<module>()" in out
    assert "----> 1 result = f(5)" in out
    assert "ipdb> 10\n" in out
    assert shell.user_ns["result"] == 10


def test_cell_debug_and_a_breakpoint(run, shell, capsys, stdin, tmp_path, monkeypatch):
    module = tmp_path / "debugged_module_b.py"
    module.write_text("def g(v):\n    w = v + 1\n    return w\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    run("import debugged_module_b")
    stdin("p v", "c")
    run(f"%%debug --breakpoint {module}:2\ntotal = debugged_module_b.g(1)\ntotal += 1\n")
    out = capsys.readouterr().out
    assert "----> 2     w = v + 1" in out
    assert "ipdb> 1\n" in out
    assert shell.user_ns["total"] == 3
    sys.modules.pop("debugged_module_b", None)


def test_pdb_toggles_automatic_post_mortem(run, shell, output, capsys, stdin):
    run("%pdb")
    assert output.stdout == "Automatic pdb calling has been turned ON\n"
    assert shell.pdb is True
    run(FAILING)
    stdin("p x", "q")
    run("f(1)")
    out = capsys.readouterr().out
    assert "----> 3     return x / 0" in out
    assert "ipdb> 2\n" in out
    assert output.errors[-1].ename == "ZeroDivisionError"  # the traceback is shown first
    run("%pdb off")
    assert shell.pdb is False
    run("%pdb 1")
    assert shell.pdb is True
    run("%pdb maybe")
    assert output.errors[-1].ename == "UsageError"


def test_tb_shows_the_last_traceback_in_the_current_mode(run, shell, output):
    fail_in_f(run)
    count = len(output.errors)
    run("%xmode Verbose")
    run("%tb")
    assert len(output.errors) == count + 1
    text = output.errors[-1].text()
    assert "ZeroDivisionError" in text
    assert "x = 42" in text.replace(" = ", " = ")  # Verbose shows the variables


def test_tb_without_a_traceback(run, output, monkeypatch):
    for name in ("last_exc", "last_value", "last_traceback", "last_type"):
        monkeypatch.delattr(sys, name, raising=False)
    run("%tb")
    assert output.errors[-1].evalue == "No traceback available to show."


def test_the_debugger_completes_names_of_the_current_frame(run, shell):
    fail_in_f(run)
    tb = sys.last_value.__traceback__
    debugger = Debugger(shell)
    debugger.setup(None, tb)
    assert "x" in debugger.completedefault("x", "p x", 2, 3)
    assert "a" in debugger.complete_p("a", "p a", 2, 3)
    run("import os")
    debugger.setup(None, tb)
    assert "os.path" in debugger.completedefault("os.pa", "p os.pa", 2, 7)
    assert "where" in debugger.completenames("wh", "wh", 0, 2)


def test_introspection_commands_in_the_debugger(run, shell, capsys, stdin):
    fail_in_f(run)
    run("def helper(p, q=1):\n    'Helps.'\n    return p\n")
    stdin("pdef f", "pdoc helper", "pinfo a", "psource f", "pinfo nosuch", "q")
    run("%debug")
    out = capsys.readouterr().out
    assert "ipdb> f(a)\n" in out
    assert "ipdb> Helps.\n" in out
    assert "Type:" in out
    assert "return x / 0" in out.split("ipdb> ")[4]
    assert "*** NameError: name 'nosuch' is not defined" in out


def test_debug_and_help_with_colours(run, shell, capsys, stdin):
    fail_in_f(run)
    shell.colors = "Linux"
    stdin("q")
    run("%debug")
    assert "\x1b[" in capsys.readouterr().out


@pytest.mark.integration
def test_debug_in_the_jovi_command_reads_the_commands_typed_next(run_jovi):
    session = "def f(x):\n    y = x * 2\n    return y / 0\n\nf(4)\n%debug\np y\nq\nprint('after')\n"
    done = run_jovi(input=session)
    assert "ZeroDivisionError" in done.stderr
    assert "> Cell In[1](3)f()" in done.stdout
    assert "----> 3     return y / 0" in done.stdout
    assert "ipdb> 8\n" in done.stdout
    assert done.stdout.rstrip().endswith("after")


@pytest.mark.integration
def test_the_pdb_flag_debugs_an_error_in_a_script(run_jovi, tmp_path):
    (tmp_path / "crash.py").write_text(
        "def g(n):\n    items = list(range(n))\n    return items[n]\n\ng(3)\n"
    )
    done = run_jovi("--pdb", "crash.py", input="p items\nup\np n\nq\n")
    assert "IndexError" in done.stderr
    assert "crash.py(3)g()" in done.stdout
    assert "ipdb> [0, 1, 2]\n" in done.stdout
    assert "crash.py(5)<module>()" in done.stdout


def test_the_debugger_without_standard_input(run, shell, output):
    fail_in_f(run)
    run("%debug")  # pytest's own stdin refuses to be read
    assert output.errors[-1].ename == "UsageError"
    assert "standard input" in output.errors[-1].evalue
    run("%pdb on")
    run("f(2)")  # the automatic debugger cannot start either: one line, and the shell goes on
    assert output.errors[-1].ename == "ZeroDivisionError"
    assert "jovi: the debugger reads commands from standard input" in output.stderr
    run("still_running = True")
    assert shell.user_ns["still_running"] is True


def test_tb_after_a_syntax_error(run, output):
    run("1 +")
    run("%tb")
    assert output.errors[-1].ename == "SyntaxError"
    assert output.errors[-1].text() == output.errors[-2].text()


def test_set_trace_stops_in_the_calling_code(run, shell, capsys, stdin):
    run("from jovi.shell.debugger import set_trace\ndef h(v):\n    set_trace()\n    return v + 1\n")
    stdin("p v", "c")
    run("answer = h(9)")
    out = capsys.readouterr().out
    assert "----> 4     return v + 1" in out
    assert "ipdb> 9\n" in out
    assert shell.user_ns["answer"] == 10
