"""The system shell: !cmd, !!cmd, var = !cmd, %sx / %system / %%sx / %%!, %sc, and SList.

Starter acceptance items 6-9 and 41.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jovi.shell.slist import LSString, SList


@pytest.mark.integration
def test_bang_runs_the_command_and_keeps_its_exit_status(run, shell, output, capsys):
    result = run("!echo hello from the shell")
    assert result.success
    assert capsys.readouterr().out == "hello from the shell\n"
    assert shell.user_ns["_exit_code"] == 0
    assert output.results == []  # returns None: no Out
    run("!false")
    assert shell.user_ns["_exit_code"] == 1


@pytest.mark.integration
def test_bang_shows_error_output_too(run, capsys):
    run("!echo oops >&2")
    assert capsys.readouterr().err == "oops\n"


@pytest.mark.parametrize(
    "cell", ["!sleep 10 &", "!!sleep 10 &", "x = !sleep 10 &", "%sx sleep 10 &"]
)
def test_a_background_command_is_refused_with_a_hint(run, output, cell):
    result = run(cell)
    assert not result.success
    assert output.error_names == ["OSError"]
    assert "%%script --bg" in output.errors[0].text()


@pytest.mark.integration
def test_double_bang_returns_an_slist_shown_as_out(run, shell, output):
    run("!!echo a")
    assert output.text_results == ["['a']"]
    assert isinstance(shell.user_ns["_"], SList)


@pytest.mark.integration
def test_assignment_from_a_command(run, shell):
    run("x = !echo hello")
    x = shell.user_ns["x"]
    assert isinstance(x, SList)
    assert x == ["hello"]
    assert x.s == "hello"
    assert x.n == "hello"


@pytest.mark.integration
def test_several_names_take_several_lines(run, shell):
    run("a, b = !echo x; echo y")
    assert (shell.user_ns["a"], shell.user_ns["b"]) == ("x", "y")


@pytest.mark.integration
@pytest.mark.parametrize(
    ("cell", "printed"),
    [
        (
            "pyvar = 'Hello world'\n!echo \"A python variable: {pyvar}\"",
            "A python variable: Hello world",
        ),
        ("n = 8\n!echo {n * 5}", "40"),
        ("import sys\n!echo $sys.platform", None),
        ("!echo '$undefined_name'", "$undefined_name"),
        ("!awk 'BEGIN {print 1+1}'", "2"),
    ],
    ids=["braces", "expression", "dotted", "undefined-unchanged", "awk-braces"],
)
def test_python_values_in_commands(run, capsys, cell, printed):
    import sys

    run(cell)
    expected = printed if printed is not None else sys.platform
    assert capsys.readouterr().out == expected + "\n"


@pytest.mark.integration
def test_double_dollar_passes_a_shell_variable(run, capsys, monkeypatch):
    monkeypatch.setenv("JOVI_TEST_VALUE", "from-the-environment")
    run("JOVI_TEST_VALUE = 'from python'\n!echo $$JOVI_TEST_VALUE")
    assert capsys.readouterr().out == "from-the-environment\n"


@pytest.mark.integration
def test_sx_and_system_return_lines(run, shell, output):
    run("%sx printf 'one\\ntwo\\n'")
    run("%system echo three")
    assert output.text_results == ["['one', 'two']", "['three']"]


def test_sx_without_a_command_is_a_usage_error(run, output):
    run("%sx")
    assert output.error_names == ["UsageError"]
    assert "%sx needs a command" in output.errors[0].evalue


@pytest.mark.integration
@pytest.mark.parametrize("magic", ["sx", "system", "!"])
def test_cell_mode_runs_the_whole_body(run, output, magic):
    run(f"%%{magic}\necho first\nfor w in a b; do echo $w; done\n")
    assert output.text_results == ["['first', 'a', 'b']"]


@pytest.mark.integration
@pytest.mark.parametrize("option", ["--out lines", "-o lines", "--out=lines"])
def test_cell_mode_stores_the_lines_with_out(run, shell, output, option):
    run(f"%%sx {option}\necho stored\n")
    assert shell.user_ns["lines"] == ["stored"]
    assert output.results == []


@pytest.mark.integration
def test_sc_keeps_a_string_or_lines(run, shell, output):
    run("%sc text=printf 'a\\nb'")
    text = shell.user_ns["text"]
    assert isinstance(text, LSString)
    assert text == "a\nb"
    assert (text.l, text.s, text.n) == (["a", "b"], "a b", "a\nb")
    run("%sc -l lines=printf 'a\\nb'")
    assert shell.user_ns["lines"] == SList(["a", "b"])
    run("%sc -v shown=echo hi")
    assert "shown ==\n'hi'" in output.stdout


def test_sc_needs_an_equals_sign(run, output):
    run("%sc ls")
    assert output.error_names == ["UsageError"]
    assert "VAR=COMMAND" in output.errors[0].evalue


# ---------------------------------------------------------------------- SList and LSString


@pytest.mark.integration
def test_slist_fields_grep_and_sort(run, shell):
    run("lines = !printf 'a 1\\nb 2\\nc'")
    lines = shell.user_ns["lines"]
    assert lines.fields(1) == ["1", "2"]
    assert lines.grep("B") == ["b 2"]
    assert lines.grep("b", prune=True) == ["a 1", "c"]
    assert lines.fields() == [["a", "1"], ["b", "2"], ["c"]]  # a list of lists, as in IPython


def test_slist_grep_by_field_and_by_function():
    listing = SList(["-rw 10 notes.txt", "drwx 4 src", "-rw 300 chmod.py"])
    assert listing.grep("chm", field=-1) == ["-rw 300 chmod.py"]
    assert listing.grep(lambda line: line.startswith("d")) == ["drwx 4 src"]
    assert listing.grep("x", field=7) == []  # a missing field counts as ""


def test_slist_fields_skip_missing_ones_and_allow_negative_indices():
    assert SList(["total 23", "-rw-rw-rw- 1 user 2 example-demo.py"]).fields(4, 0) == [
        "total",
        "example-demo.py -rw-rw-rw-",
    ]
    assert SList(["a b c"]).fields(-1) == ["c"]


def test_slist_sort_by_field_and_numerically():
    data = SList(["x 10", "y 9", "z 100"])
    assert data.sort(1) == ["x 10", "z 100", "y 9"]
    assert data.sort(1, nums=True) == ["y 9", "x 10", "z 100"]
    assert data.sort() == ["x 10", "y 9", "z 100"]


def test_slist_paths_are_the_lines_that_exist(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("x")
    lines = SList([str(real), str(tmp_path / "missing.txt")])
    assert lines.p == [Path(real)]
    assert LSString(f"{real}\nnope").p == [Path(real)]


@pytest.mark.integration
def test_slist_is_a_list(run, shell):
    run("files = !printf 'a\\nb'\nfiles.append('hey')")
    assert shell.user_ns["files"].n == "a\nb\nhey"
    assert shell.user_ns["files"].l is shell.user_ns["files"]
