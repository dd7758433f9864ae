"""%run: namespaces, arguments, exit status, timing, debugging, profiling, modules, .ipy files."""

from __future__ import annotations

import pickle
import sys
import textwrap

import pytest

SCRIPT = """\
import sys
argv = list(sys.argv)
name = __name__
file = __file__
seen = globals().get("visible_to_script", "not seen")
def twice(x):
    return 2 * x
if __name__ == "__main__":
    main_ran = True
"""


def write(path, text):
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def script(workdir):
    return write(workdir / "script.py", SCRIPT)


def test_run_sets_argv_name_and_copies_the_namespace_back(run, shell, script):
    run("%run script.py arg1")
    ns = shell.user_ns
    assert ns["argv"] == ["script.py", "arg1"]
    assert ns["name"] == "__main__"
    assert ns["main_ran"] is True
    assert ns["twice"](4) == 8
    assert ns["file"] == str(script.resolve())
    assert ns["__name__"] == "__main__"  # the shell's own name is back
    assert "__file__" not in ns
    assert sys.argv[0] != "script.py"


def test_run_adds_py_and_runs_in_a_fresh_namespace(run, shell, script):
    run("visible_to_script = 'yes'")
    run("%run script")
    assert shell.user_ns["seen"] == "not seen"
    assert shell.user_ns["argv"] == ["script.py"]


def test_run_i_sees_the_user_namespace(run, shell, script):
    run("visible_to_script = 'yes'")
    run("%run -i script")
    assert shell.user_ns["seen"] == "yes"
    assert shell.user_ns["__name__"] == "__main__"


def test_run_n_skips_the_main_block(run, shell, script):
    run("%run -n script.py")
    assert shell.user_ns["name"] == "script"
    assert "main_ran" not in shell.user_ns


def test_arguments_are_split_like_a_shell_and_globbed(run, shell, workdir):
    write(workdir / "args.py", "import sys\nargs = sys.argv[1:]\n")
    for name in ("b.txt", "a.txt", "c.dat"):
        (workdir / name).write_text("")
    run("%run args.py *.txt 'two words' \"x*.none\" \\* 'a\\b'")
    assert shell.user_ns["args"] == ["a.txt", "b.txt", "two words", "x*.none", "*", "a\\b"]
    run("%run -G args.py *.txt ~")
    assert shell.user_ns["args"] == ["*.txt", "~"]
    run("%run args.py ~")
    assert shell.user_ns["args"] == [str(workdir.home())]
    run("name = 'from-variable'")
    run("%run args.py $name")
    assert shell.user_ns["args"] == ["from-variable"]


def test_a_script_that_exits_zero_is_silent_and_non_zero_is_reported(run, shell, output, workdir):
    write(workdir / "ok.py", "import sys\nbefore = 1\nsys.exit(0)\nafter = 1\n")
    write(workdir / "bad.py", "import sys\nsys.exit(3)\n")
    run("%run ok.py")
    assert output.errors == []
    assert shell.user_ns["before"] == 1
    assert "after" not in shell.user_ns
    run("%run bad.py")
    assert output.errors[-1].text().splitlines()[-1] == "SystemExit: 3"
    assert "use %tb to see the full traceback" in output.errors[-1].text()
    count = len(output.errors)
    run("%run -e bad.py")
    assert len(output.errors) == count


def test_an_error_in_the_script_shows_the_scripts_traceback(run, shell, output, workdir):
    write(workdir / "boom.py", "x = 1\ndef f():\n    return 1 / 0\nf()\n")
    run("%run boom.py\nafter_run = True")
    text = output.errors[-1].text()
    assert "ZeroDivisionError" in text
    assert "boom.py" in text
    assert "return 1 / 0" in text
    assert "jovi/shell" not in text  # no frames of jovi itself
    assert shell.user_ns["x"] == 1  # what ran before the error is kept
    assert shell.user_ns["after_run"] is True


def test_a_syntax_error_in_the_script_is_reported_without_running_it(run, shell, output, workdir):
    write(workdir / "broken.py", "ran = True\ndef f(:\n")
    run("%run broken.py")
    assert output.errors[-1].ename == "SyntaxError"
    assert "broken.py" in output.errors[-1].text()
    assert "ran" not in shell.user_ns


def test_missing_file_and_missing_argument_are_usage_errors(run, output, workdir):
    run("%run nosuch.py")
    assert output.errors[-1].ename == "UsageError"
    assert output.errors[-1].evalue == "File `nosuch.py` not found."
    run("%run")
    assert output.errors[-1].ename == "UsageError"
    assert "file name" in output.errors[-1].evalue
    run("%run -b 3 script.py")
    assert "use it with -d" in output.errors[-1].evalue


def test_the_script_directory_is_first_on_sys_path_while_it_runs(run, shell, workdir):
    sub = workdir / "sub"
    sub.mkdir()
    write(sub / "helper_for_run_test.py", "VALUE = 42\n")
    write(sub / "uses_helper.py", "import helper_for_run_test\nvalue = helper_for_run_test.VALUE\n")
    path_before = list(sys.path)
    run("%run sub/uses_helper.py")
    assert shell.user_ns["value"] == 42
    assert sys.path == path_before
    sys.modules.pop("helper_for_run_test", None)


def test_objects_defined_by_a_script_pickle(run, shell, workdir):
    write(workdir / "classes.py", "class Point:\n    def __init__(self, x):\n        self.x = x\n")
    run("%run classes.py")
    run("import pickle\ndata = pickle.dumps(Point(3))")
    assert pickle.loads(shell.user_ns["data"]).x == 3


def test_ipy_files_use_jovi_syntax(run, shell, workdir):
    write(
        workdir / "prog.ipy", "import sys\nnames = %who_ls\nargs = sys.argv[1:]\nfile = __file__\n"
    )
    run("existing = 1")
    run("%run prog.ipy one")
    assert "existing" in shell.user_ns["names"]
    assert shell.user_ns["args"] == ["one"]
    assert shell.user_ns["file"].endswith("prog.ipy")
    assert "__file__" not in shell.user_ns


def test_run_m_runs_a_module_with_relative_imports(run, shell, workdir, monkeypatch):
    package = workdir / "runpkg_m"
    package.mkdir()
    (package / "__init__.py").write_text("")
    write(package / "helper.py", "VALUE = 7\n")
    write(
        package / "main.py",
        "import sys\nfrom .helper import VALUE\nresult = (VALUE, __name__, sys.argv[1:])\n",
    )
    write(package / "__main__.py", "package_main = __package__\n")
    monkeypatch.syspath_prepend(str(workdir))
    run("%run -m runpkg_m.main a -q")
    assert shell.user_ns["result"] == (7, "__main__", ["a", "-q"])
    run("%run -m runpkg_m")
    assert shell.user_ns["package_main"] == "runpkg_m"


def test_run_m_with_an_unknown_module(run, output):
    run("%run -m no_such_module_anywhere")
    assert (
        output.errors[-1].evalue
        == "'no_such_module_anywhere' is not a valid modulename on sys.path"
    )


def test_run_t_prints_cpu_and_wall_times(run, output, script):
    run("%run -t script.py")
    text = output.stdout
    assert "jovi CPU timings (estimated):" in text
    assert "  User   :" in text
    assert "  System :" in text
    assert "Wall time:" in text
    assert "Total runs" not in text


def test_run_t_n_runs_several_times(run, shell, output, workdir):
    write(
        workdir / "count.py",
        "import builtins\nbuiltins.run_counter = getattr(builtins, 'run_counter', 0) + 1\n",
    )
    run("%run -t -N3 count.py")
    import builtins

    assert builtins.run_counter == 3
    del builtins.run_counter
    assert "Total runs performed: 3" in output.stdout
    assert "  Times  :      Total      Per run" in output.stdout


def test_run_p_profiles_and_keeps_the_namespace_clean(run, shell, output, workdir):
    write(workdir / "work.py", "def work():\n    return sum(range(100))\nresult = work()\n")
    run("%run -p -s cumulative -l 4 work.py")
    report = output.page_text()
    assert "function calls" in report
    assert "Ordered by: cumulative time" in report
    assert "work" in report
    assert "result" not in shell.user_ns
    run("stats = %run -p -r -q work.py")
    assert type(shell.user_ns["stats"]).__name__ == "Stats"


def test_run_d_stops_at_the_first_line_and_takes_commands(
    run, shell, output, capsys, stdin, workdir
):
    write(workdir / "steps.py", "# a comment\nfirst = 1\nsecond = first + 1\nthird = second + 1\n")
    stdin("n", "p first", "c")
    run("%run -d steps.py")
    out = capsys.readouterr().out
    assert "NOTE: Enter 'c' at the ipdb> prompt to continue execution." in output.stdout
    assert "ipdb> " in out
    assert "----> 2 first = 1" in out  # stopped at the first line with code
    assert "----> 3 second = first + 1" in out  # after 'n'
    assert "ipdb> 1\n" in out  # "p first"
    assert shell.user_ns["third"] == 3  # 'c' ran the rest


def test_run_d_b_stops_at_the_breakpoint(run, shell, capsys, stdin, workdir):
    write(workdir / "bp.py", "a = 1\nb = 2\n\n\nc = a + b\nd = c * 2\n")
    stdin("p a + b", "c")
    run("%run -d -b3 bp.py")  # line 3 is empty: the next line with code is 5
    out = capsys.readouterr().out
    assert "----> 5 c = a + b" in out
    assert "----> 1 a = 1" not in out
    assert "ipdb> 3\n" in out
    assert shell.user_ns["d"] == 6


def test_run_d_b_in_another_file(run, shell, capsys, stdin, workdir, monkeypatch):
    write(workdir / "lib_for_bp.py", "def helper(x):\n    y = x + 1\n    return y\n")
    write(workdir / "main_bp.py", "import lib_for_bp\nresult = lib_for_bp.helper(41)\n")
    monkeypatch.syspath_prepend(str(workdir))
    stdin("p x", "c")
    run("%run -d -b lib_for_bp.py:2 main_bp.py")
    out = capsys.readouterr().out
    assert "----> 2     y = x + 1" in out
    assert "ipdb> 41\n" in out
    assert shell.user_ns["result"] == 42
    sys.modules.pop("lib_for_bp", None)


def test_run_d_quits_with_q(run, shell, capsys, stdin, workdir):
    write(workdir / "quit.py", "first = 1\nsecond = 2\n")
    stdin("q")
    run("%run -d quit.py")
    assert "second" not in shell.user_ns
    assert "ipdb> " in capsys.readouterr().out


def test_run_d_b_on_a_line_without_code(run, output, stdin, workdir):
    write(workdir / "short.py", "x = 1\n" + "\n" * 20 + "y = 2\n")
    stdin("c")
    run("%run -d -b 3 short.py")
    assert output.errors[-1].ename == "UsageError"
    assert "no code on lines 3 to 13" in output.errors[-1].evalue
