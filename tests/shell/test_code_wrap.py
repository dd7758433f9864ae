"""%%code_wrap: every following cell runs inside a template of code."""

from __future__ import annotations

import ast

import pytest

from jovi.shell.codewrap import CodeWrapper

BEFORE_AFTER = "%%code_wrap before_after\nprint('before')\n__code__\nprint('after')\n__ret__\n"


def test_following_cells_run_inside_the_template(run, shell, output, capsys):
    assert run(BEFORE_AFTER).success
    assert capsys.readouterr().out == ""  # the defining cell itself is not wrapped
    run("1")
    assert capsys.readouterr().out == "before\nafter\n"
    assert output.text_results == ["1"]  # __ret__: the cell's result still shows
    run("y = 2")
    assert capsys.readouterr().out == "before\nafter\n"
    assert shell.user_ns["y"] == 2
    assert output.text_results == ["1"]


def test_list_list_all_and_remove(run, shell, output, capsys):
    run(BEFORE_AFTER)
    run("%%code_wrap quiet\n__code__\n")
    output.written.clear()
    run("%code_wrap --list")
    assert output.stdout == "before_after\nquiet\n"
    output.written.clear()
    run("%code_wrap --list-all")
    assert output.stdout == (
        "before_after:\n    print('before')\n    __code__\n    print('after')\n    __ret__\n"
        "quiet:\n    __code__\n"
    )
    run("%code_wrap --remove before_after")
    run("%code_wrap quiet")  # a line magic without a cell removes too
    capsys.readouterr()
    output.written.clear()
    run("3")
    assert capsys.readouterr().out == ""
    assert shell.ast_transformers == []
    run("%code_wrap --list")
    assert output.stdout == ""


def test_a_template_of_the_same_name_replaces_the_old_one(run, shell, capsys):
    run(BEFORE_AFTER)
    run("%%code_wrap before_after\nprint('new')\n__code__\n")
    capsys.readouterr()
    run("pass")
    assert capsys.readouterr().out == "new\n"
    assert len(shell.ast_transformers) == 1


def test_template_names_with_three_underscores_do_not_clash(run, shell, output, capsys):
    run(
        "%%code_wrap timing\n"
        "from time import perf_counter as ___clock\n"
        "___start = ___clock()\n"
        "__code__\n"
        "print('took', ___clock() >= ___start)\n"
        "__ret__\n"
    )
    run("___start = 'mine'\n___start")
    assert output.text_results == ["'mine'"]
    assert capsys.readouterr().out == "took True\n"
    assert shell.user_ns["___start"] == "mine"
    run("%code_wrap --remove timing")
    output.written.clear()
    run("%whos")
    assert "_code_wrap" not in output.stdout  # the template's names are hidden


def test_code_inside_a_loop_of_the_template(run, shell):
    run("%%code_wrap twice\nfor ___i in range(2):\n    __code__\n")
    run("counter = globals().get('counter', 0) + 1")
    assert shell.user_ns["counter"] == 2


def test_an_error_in_a_wrapped_cell_is_reported_as_usual(run, output):
    run(BEFORE_AFTER)
    result = run("1 / 0")
    assert not result.success
    assert output.error_names == ["ZeroDivisionError"]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("%%code_wrap broken\n__code__\n(", "%%code_wrap: the template is not Python"),
        ("%%code_wrap empty\nprint(1)\n", "%%code_wrap: the template has no __code__ line"),
        ("%code_wrap --remove nothing", "%code_wrap: no template is named 'nothing'"),
    ],
)
def test_mistakes_are_one_line(run, shell, output, cell, message):
    assert not run(cell).success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue.startswith(message)
    assert shell.ast_transformers == []


def test_the_wrapper_as_an_ast_transformer():
    wrapper = CodeWrapper("___before = 1\n__code__\nprint(__ret__)")
    tree = wrapper.visit(ast.parse("a = 1\na + 1"))
    assert ast.unparse(tree) == (
        "_code_wrap___before = 1\na = 1\n_code_wrap_result = a + 1\nprint(_code_wrap_result)"
    )
    no_result = wrapper.visit(ast.parse("a = 1"))
    assert ast.unparse(no_result).endswith("a = 1\nprint(None)")
    assert wrapper.hidden_names() == ["_code_wrap_result", "_code_wrap___before"]
