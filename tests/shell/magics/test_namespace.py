"""%who, %whos, %who_ls, %reset, %reset_selective, %xdel, %page, %precision, %pprint, %doctest_mode."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest


@pytest.fixture
def variables(run):
    run("alpha = 123")
    run("beta = 'test'")


def test_who_lists_user_variables_only(run, shell, output, variables):
    run("%who")
    assert output.stdout == "alpha\tbeta\t\n"
    run("_private = 1")
    shell.push({"hidden_by_push": 1}, interactive=False)
    run("%who_ls")
    assert output.text_results[-1] == "['alpha', 'beta']"


def test_who_type_filters(run, output, variables):
    run("def fn(): pass")
    run("%who int")
    assert output.stdout == "alpha\t\n"
    run("%who str function")
    assert output.stdout.endswith("beta\tfn\t\n")
    run("%who_ls function")
    assert output.text_results[-1] == "['fn']"
    run("%who dict")
    assert output.stdout.endswith("No variables match your requested type.\n")


def test_who_on_an_empty_namespace(run, output):
    run("%who")
    assert output.stdout == "Interactive namespace is empty.\n"
    run("%whos")
    assert output.stdout.endswith("Interactive namespace is empty.\n")


def test_who_wraps_long_lists(run, output):
    run("; ".join(f"v{i:02d} = {i}" for i in range(12)))
    run("%who")
    lines = output.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].split() == [f"v{i:02d}" for i in range(9)]


def test_whos_table(run, output, variables):
    run("items = [1, 2, 3]\nlong_text = 'x' * 100 + 'END'\nmultiline = 'a\\nb'")
    run("%whos")
    lines = output.stdout.splitlines()
    assert lines[0] == "Variable    Type    Data/Info"
    assert lines[1] == "-" * len(lines[0])
    rows = {line.split()[0]: line for line in lines[2:]}
    assert rows["alpha"] == "alpha       int     123"
    assert rows["items"].endswith("list    n=3")
    assert rows["long_text"].endswith("x" * 25 + "<...>" + "x" * 22 + "END")
    assert rows["multiline"].endswith("a\\nb")


def test_whos_survives_a_broken_str_and_shows_arrays(run, shell, output):
    run("class Broken:\n    def __str__(self):\n        raise RuntimeError('no')\n")
    run("b = Broken()")
    shell.user_ns["arr"] = _fake_array()
    run("%whos Broken ndarray")
    assert "<str() failed: RuntimeError>" in output.stdout
    assert "2x3: 6 elems, type `int64`, 48 bytes" in output.stdout


def _fake_array():
    """Something shaped like a numpy array (numpy is not a test dependency)."""
    cls = types.new_class("ndarray")
    cls.__module__ = "numpy"
    array = cls()
    array.shape, array.size, array.dtype, array.nbytes = (2, 3), 6, "int64", 48
    return array


def test_reset_f_clears_everything_but_history(run, shell, output, variables):
    run("alpha")
    run("gamma = 3")
    run("%reset -f")
    assert "alpha" not in shell.user_ns
    assert shell.user_ns["Out"] == {}
    assert "_3" not in shell.user_ns
    assert shell.user_ns["_"] is None
    assert shell.user_ns["_dh"] == [str(Path.cwd())]
    assert shell.user_ns["In"][1] == "alpha = 123"  # input history is kept
    assert callable(shell.user_ns["get_ipython"])
    run("%who")
    assert output.stdout.endswith("Interactive namespace is empty.\n")
    run("after = 1")  # the session goes on, numbering included
    assert shell.execution_count == 8


def test_reset_asks_first(run, shell, output, stdin, variables):
    stdin("n")
    run("%reset")
    assert "Nothing done." in output.stdout
    assert shell.user_ns["alpha"] == 123
    stdin("y")
    run("%reset")
    assert "alpha" not in shell.user_ns


def test_reset_without_anyone_to_ask_proceeds(run, shell, variables):
    run("%reset")  # pytest's stdin cannot be read
    assert "alpha" not in shell.user_ns


def test_soft_reset_keeps_caches(run, shell, variables):
    run("alpha")
    run("_private = 1")
    run("%reset -f -s")
    assert "alpha" not in shell.user_ns
    assert "beta" not in shell.user_ns
    assert shell.user_ns["_private"] == 1
    assert shell.user_ns["Out"] == {3: 123}


def test_reset_targets(run, shell, output, variables, monkeypatch):
    monkeypatch.setitem(sys.modules, "numpy", None)  # as if not imported (others import it)
    run("alpha")
    run("%reset out")
    assert "Flushing output cache (1 entries)" in output.stdout
    assert shell.user_ns["Out"] == {}
    assert "_3" not in shell.user_ns
    run("%reset in")
    assert "Flushing input history" in output.stdout
    assert set(shell.user_ns["In"]) == {""}
    assert "_i1" not in shell.user_ns
    assert shell.user_ns["_i"] == ""
    run("%reset dhist")
    assert "Flushing directory history" in output.stdout
    assert shell.user_ns["_dh"] == []
    assert shell.user_ns["alpha"] == 123  # targets leave the variables alone
    run("%reset array")
    assert "numpy is not imported" in output.stdout
    run("%reset nosuch")
    assert output.errors[-1].ename == "UsageError"


def test_reset_array_deletes_arrays_only(run, shell, monkeypatch, variables):
    monkeypatch.setitem(sys.modules, "numpy", types.ModuleType("numpy"))
    shell.user_ns["arr"] = _fake_array()
    run("%reset array")
    assert "arr" not in shell.user_ns
    assert shell.user_ns["alpha"] == 123


def test_reset_selective(run, shell, output):
    run("b1m = 1; b2m = 2; b3m = 3; b4m = 4; xb2m = 5")
    run("%reset_selective -f b[2-3]m")
    assert sorted(name for name in shell.user_ns if "m" in name and name[0] in "bx") == [
        "b1m",
        "b4m",
    ]
    run("%reset_selective -f")
    assert "No regex pattern specified. Nothing done." in output.stdout
    run("%reset_selective -f [")
    assert output.errors[-1].ename == "UsageError"


def test_xdel_purges_every_reference(run, shell, output):
    run("big = [1, 2, 3]")
    run("big")
    run("copy = big")
    run("%xdel big")
    assert "big" not in shell.user_ns
    assert "copy" not in shell.user_ns
    assert 2 not in shell.user_ns["Out"]
    assert "_2" not in shell.user_ns
    assert shell.user_ns["_"] is None
    assert all(held is None or held != [1, 2, 3] for held in shell.displayhook.last)
    run("keep = [1]; other = keep")
    run("%xdel -n keep")
    assert shell.user_ns["other"] == [1]
    run("%xdel nosuch")
    assert "NameError: name 'nosuch' is not defined" in output.stderr


def test_page_pretty_prints_an_object(run, output):
    run("data = {'b': 2, 'a': list(range(30))}")
    run("%page data")
    assert output.pages[-1]["text/plain"].startswith("{'b': 2,\n 'a': [0,\n  1,")
    run("%page -r data")
    assert output.pages[-1]["text/plain"].startswith("{'b': 2, 'a': [0, 1, 2,")
    run("41 + 1")
    run("%page")
    assert output.pages[-1]["text/plain"] == "42"
    run("%page nothing_here")
    assert output.stdout.endswith("Object `nothing_here` not found\n")


def test_precision_and_pprint(run, output, monkeypatch):
    run("%precision 3")
    assert output.text_results[-1] == "'%.3f'"
    run("import math\nmath.pi")
    assert output.text_results[-1] == "3.142"
    run("%precision %i")
    run("math.pi")
    assert output.text_results[-1] == "3"
    run("%precision nonsense %")
    assert output.errors[-1].ename == "UsageError"
    calls = []
    fake_numpy = types.ModuleType("numpy")
    fake_numpy.set_printoptions = lambda **options: calls.append(options)
    monkeypatch.setitem(sys.modules, "numpy", fake_numpy)
    run("%precision 4")
    run("%precision %e")
    run("%precision")
    assert calls == [{"precision": 4}, {"precision": 8}]
    assert output.text_results[-1] == "'%r'"
    run("%pprint")
    assert output.stdout.endswith("Pretty printing has been turned OFF\n")
    run("%pprint")
    assert output.stdout.endswith("Pretty printing has been turned ON\n")


def test_doctest_mode_toggles_plain_output(run, shell, output):
    run("%doctest_mode")
    assert output.stdout == "Exception reporting mode: Plain\nDoctest mode is: ON\n"
    assert shell.xmode == "Plain"
    assert shell.plain_text_formatter.pprint is False
    assert shell.display_formatter_options.plain_text_only is True
    run("{'b': 1, 'a': 2}")
    assert output.text_results[-1] == "{'b': 1, 'a': 2}"  # repr(), not sorted
    run("%doctest_mode")
    assert output.stdout.endswith("Exception reporting mode: Context\nDoctest mode is: OFF\n")
    assert shell.plain_text_formatter.pprint is True
    assert shell.display_formatter_options.plain_text_only is False


def test_doctest_mode_switches_the_terminal_prompts(tmp_path):
    from jovi.shell.output import StreamOutput
    from jovi.terminal.prompts import ClassicPrompts, Prompts
    from jovi.terminal.shell import TerminalInteractiveShell

    shell = TerminalInteractiveShell(output=StreamOutput(), profile_dir=tmp_path / "profile")
    try:
        shell.run_cell("%doctest_mode")
        assert type(shell.prompts) is ClassicPrompts
        assert shell.separate_in == ""
        shell.run_cell("%doctest_mode")
        assert type(shell.prompts) is Prompts
        assert shell.separate_in == "\n"
    finally:
        shell.close()
