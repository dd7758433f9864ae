"""Running cells: results, counts, interactivity, events, __main__, errors, hostile code."""

from __future__ import annotations

import ast
import pickle
import sys

import pytest

from jovi.shell.interactiveshell import InteractiveShell


def test_an_expression_shows_its_value_and_is_cached(run, shell, output):
    result = run("1+2")
    assert result.success
    assert result.result == 3
    assert result.execution_count == 1
    assert output.results == [(1, {"text/plain": "3"})]
    assert shell.user_ns["_"] == 3
    assert shell.user_ns["_1"] == 3
    assert shell.user_ns["Out"][1] == 3
    assert shell.user_ns["_oh"][1] == 3


def test_assignments_show_nothing_but_count(run, shell, output):
    run("x = 5")
    assert output.results == []
    assert shell.execution_count == 2
    run("x")
    assert output.results == [(2, {"text/plain": "5"})]


def test_none_is_not_shown_or_cached(run, shell, output):
    run("print(1) or None")
    run("None")
    assert output.results == []
    assert shell.user_ns["Out"] == {}
    assert shell.execution_count == 3


def test_empty_cells_do_not_count(run, shell):
    run("")
    run("   \n\t\n")
    assert shell.execution_count == 1


def test_every_non_empty_cell_counts_even_with_errors(run, shell):
    run("1/0")
    run("x = = 1")
    run("%nosuchmagic")
    assert shell.execution_count == 4


def test_silent_cells_neither_count_nor_show(shell, output):
    result = shell.run_cell("1+1", silent=True)
    assert result.success
    assert result.execution_count is None
    assert output.results == []
    assert shell.execution_count == 1
    assert shell.user_ns["Out"] == {}


def test_without_store_history_the_count_stays(shell, output):
    shell.run_cell("x = 1", store_history=False)
    assert shell.execution_count == 1
    assert shell.user_ns["In"] == [""]


def test_trailing_semicolon_suppresses_output_even_with_a_comment(run, shell, output):
    run("10;")
    run("11;  # quiet")
    run("[1, 2]  ;")
    assert output.results == []
    assert shell.user_ns["_"] is None
    run("12; 13")
    assert output.text_results == ["13"]
    run("'a;'")
    assert output.text_results == ["13", "'a;'"]


@pytest.mark.parametrize(
    ("mode", "shown"),
    [
        ("last_expr", ["3"]),
        ("all", ["1", "3"]),
        ("none", []),
        ("last", ["3"]),
        ("last_expr_or_assign", ["3"]),
    ],
)
def test_interactivity_modes(shell, output, mode, shown):
    shell.ast_node_interactivity = mode
    shell.run_cell("1\nx = 2\n3", store_history=True)
    assert output.text_results == shown


def test_last_expr_or_assign_shows_the_assigned_value(shell, output):
    shell.ast_node_interactivity = "last_expr_or_assign"
    shell.run_cell("y = 40 + 2", store_history=True)
    shell.run_cell("y += 1", store_history=True)
    shell.run_cell("z: int = 7", store_history=True)
    shell.run_cell("a, b = 1, 2", store_history=True)
    assert output.text_results == ["42", "43", "7"]


def test_last_mode_shows_values_inside_a_final_loop(shell, output):
    shell.ast_node_interactivity = "last"
    shell.run_cell("for i in range(3):\n    i\n", store_history=True)
    assert output.text_results == ["0", "1", "2"]


def test_events_fire_in_order_with_their_arguments(shell):
    seen = []
    shell.events.register("pre_execute", lambda: seen.append("pre_execute"))
    shell.events.register("pre_run_cell", lambda info: seen.append(("pre_run_cell", info.raw_cell)))
    shell.events.register("post_execute", lambda: seen.append("post_execute"))
    shell.events.register(
        "post_run_cell", lambda result: seen.append(("post_run_cell", result.result))
    )
    shell.run_cell("6*7", store_history=True)
    assert seen == ["pre_execute", ("pre_run_cell", "6*7"), "post_execute", ("post_run_cell", 42)]
    seen.clear()
    shell.run_cell("1", silent=True)
    assert seen == ["pre_execute", "post_execute"]


def test_register_post_execute_is_the_old_spelling_of_the_event(shell):
    calls = []
    shell.register_post_execute(lambda: calls.append(shell.execution_count))
    shell.run_cell("1", store_history=True)
    shell.run_cell("2", silent=True)
    assert len(calls) == 2
    with pytest.raises(TypeError, match="not callable"):
        shell.register_post_execute("not a function")


def test_a_failing_event_callback_is_reported_and_the_cell_still_runs(shell, caplog):
    def broken():
        raise RuntimeError("callback bug")

    shell.events.register("pre_execute", broken)
    result = shell.run_cell("x = 1", store_history=True)
    assert result.success
    assert shell.user_ns["x"] == 1
    assert "the pre_execute callback" in caplog.text
    with pytest.raises(KeyError, match="unknown event"):
        shell.events.register("no_such_event", broken)


def test_user_code_runs_in_a_real_main_module_so_pickle_works(run, shell):
    run(
        "class Point:\n    def __init__(self, x):\n        self.x = x\n\np = Point(3)\ndef double(v):\n    return 2 * v\n"
    )
    assert sys.modules["__main__"] is shell.user_module
    point = pickle.loads(pickle.dumps(shell.user_ns["p"]))
    assert point.x == 3
    assert pickle.loads(pickle.dumps(shell.user_ns["double"]))(4) == 8
    run("import pickle\nround_trip = pickle.loads(pickle.dumps(p)).x")
    assert shell.user_ns["round_trip"] == 3


def test_closing_the_shell_gives_back_main_and_builtins(tmp_path, output):
    import builtins

    main_before = sys.modules["__main__"]
    sh = InteractiveShell(output=output, profile_dir=tmp_path / "p")
    assert sys.modules["__main__"] is sh.user_module
    assert builtins.get_ipython() is sh
    sh.close()
    assert sys.modules["__main__"] is main_before
    assert not hasattr(builtins, "get_ipython")


def test_get_ipython_and_display_are_available(run, shell, output):
    run("ip = get_ipython()")
    assert shell.user_ns["ip"] is shell
    run("display(1, 2)")
    assert [d[0]["text/plain"] for d in output.displays] == ["1", "2"]


def test_top_level_await(run, shell, output):
    result = run(
        "import asyncio\nawait asyncio.sleep(0)\nx = await asyncio.sleep(0, result=5)\nx * 2"
    )
    assert result.success, output.errors
    assert output.text_results == ["10"]


def test_top_level_await_can_be_turned_off(run, shell, output):
    shell.autoawait = False
    run("import asyncio\nawait asyncio.sleep(0)")
    assert output.error_names == ["SyntaxError"]


async def test_run_cell_async_awaits_in_the_running_loop(shell, output):
    import asyncio

    loop = asyncio.get_running_loop()
    shell.user_ns["outer_loop"] = loop
    result = await shell.run_cell_async(
        "import asyncio\nawait asyncio.sleep(0)\nasyncio.get_running_loop() is outer_loop",
        store_history=True,
    )
    assert result.success, output.errors
    assert output.text_results == ["True"]


def test_future_imports_stay_in_force(run, shell):
    run("from __future__ import annotations")
    run("def f(x: undefined_name) -> also_undefined: pass\nann = f.__annotations__")
    assert shell.user_ns["ann"] == {"x": "undefined_name", "return": "also_undefined"}


def test_keyboard_interrupt_is_reported_and_the_shell_survives(run, shell, output):
    result = run("raise KeyboardInterrupt")
    assert isinstance(result.error_in_exec, KeyboardInterrupt)
    assert output.error_names == ["KeyboardInterrupt"]
    assert run("1").success


def test_system_exit_does_not_leave_the_shell(run, shell, output):
    run("import sys\nsys.exit(3)")
    assert output.error_names == ["SystemExit"]
    assert "SystemExit: 3" in output.errors[0].text()
    run("sys.exit(0)")
    run("sys.exit()")
    assert len(output.errors) == 1
    assert not shell.exit_now


def test_exit_and_quit_ask_to_leave(run, shell):
    run("exit")
    assert shell.exit_now
    shell.exit_now = False
    run("quit()")
    assert shell.exit_now


def test_errors_are_reported_once_with_structure(run, output):
    result = run("def f():\n    return 1/0\nf()")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    assert len(output.errors) == 1
    report = output.errors[0]
    assert (report.ename, report.evalue) == ("ZeroDivisionError", "division by zero")
    text = report.text()
    assert "Cell In[1], line 3" in text
    assert "----> 3 f()" in text
    assert "jovi/shell" not in text


def test_syntax_errors_show_the_line_and_a_caret(run, output):
    result = run("x = = 1")
    assert isinstance(result.error_before_exec, SyntaxError)
    assert output.errors[0].traceback == [
        "  Cell In[1], line 1\n    x = = 1\n        ^",
        "SyntaxError: invalid syntax",
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("return 5", "'return' outside function"),
        ("x = 1\nbreak", "'break' outside loop"),
        ("yield 1", "'yield' outside function"),
        ("nonlocal x", "nonlocal declaration not allowed at module level"),
        ("def f():\n    nonlocal q", "no binding for nonlocal 'q' found"),
    ],
)
def test_code_that_parses_but_cannot_compile_is_a_syntax_error_and_runs_nothing(
    run, shell, output, code, message
):
    result = run(code)
    assert isinstance(result.error_before_exec, SyntaxError)
    assert result.error_in_exec is None
    assert output.errors[0].traceback[-1] == f"SyntaxError: {message}"
    assert "Cell In[1]" in output.errors[0].traceback[0]
    assert "x" not in shell.user_ns  # the cell is compiled whole before any of it runs
    assert run("2").success


def test_usage_errors_have_no_traceback(run, output):
    run("%nosuchmagic")
    assert output.errors[0].traceback == [
        "UsageError: Line magic function `%nosuchmagic` not found."
    ]


def test_last_exception_is_kept_for_debuggers(run):
    run("raise ValueError('kept')")
    assert isinstance(sys.last_value, ValueError)
    assert str(sys.last_value) == "kept"


# ------------------------------------------------------------------ hostile code


def test_a_repr_that_raises_fails_the_cell_and_not_the_shell(run, output):
    # As in IPython: the error is shown with its traceback, and the cell failed
    # (so nbclient and papermill stop there).
    result = run(
        "class Bad:\n    def __repr__(self):\n        raise RuntimeError('no repr')\nBad()"
    )
    assert not result.success
    assert isinstance(result.error_in_exec, RuntimeError)
    assert not output.text_results
    assert output.errors[-1].ename == "RuntimeError"
    assert "raise RuntimeError('no repr')" in "".join(output.errors[-1].traceback)
    assert run("1 + 1").success


def test_a_rich_repr_that_raises_falls_back_to_text(run, output):
    run(
        "class Half:\n    def _repr_html_(self):\n        raise ValueError('html broken')\n    def __repr__(self):\n        return 'Half()'\nHalf()"
    )
    assert output.results[-1][1] == {"text/plain": "Half()"}  # what worked is shown
    assert output.errors[-1].ename == "ValueError"  # then the failure, failing the cell


def test_a_replaced_stdout_does_not_break_the_shell(run, shell, output):
    run("import sys\nsaved = sys.stdout\nsys.stdout = None")
    try:
        assert run("1/0").error_in_exec is not None
        run("%xmode Plain")
        assert run("40 + 2").success
        assert output.text_results[-1] == "42"
    finally:
        sys.stdout = shell.user_ns["saved"]


def test_deleting_builtins_from_the_namespace_is_survivable(run, shell, output):
    run("del __builtins__")
    assert run("x = len([1, 2])").success
    assert shell.user_ns["x"] == 2
    run("__builtins__ = 'broken'")
    assert run("y = abs(-3)").success
    assert shell.user_ns["y"] == 3


def test_deep_recursion_is_reported_compactly(run, output):
    run("def down(n):\n    return down(n + 1)\ndown(0)")
    report = output.errors[0]
    assert report.ename == "RecursionError"
    assert "skipping similar frames: down" in report.text()
    assert len(report.text().splitlines()) < 40
    assert run("1").success


def test_a_tiny_recursion_limit_set_by_the_user_does_not_kill_the_shell(run, shell, output):
    saved = sys.getrecursionlimit()
    try:
        run("import sys\nsys.setrecursionlimit(60)\ndef r(n):\n    return r(n+1)\nr(0)")
        sys.setrecursionlimit(saved)
        assert output.error_names[-1] == "RecursionError"
        assert run("2 + 2").success
    finally:
        sys.setrecursionlimit(saved)


def test_a_user_variable_named_like_the_cache_is_respected(run, shell, output):
    run("_ = 'mine'")
    run("42")
    assert shell.user_ns["_"] == "mine"
    assert shell.user_ns["_2"] == 42


def test_ast_transformers_apply_and_a_broken_one_is_removed(run, shell, output):
    class Doubler(ast.NodeTransformer):
        def visit_Constant(self, node):
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                return ast.copy_location(ast.Constant(node.value * 2), node)
            return node

    class Broken(ast.NodeTransformer):
        def visit_Name(self, node):
            raise ValueError("bug")

    shell.ast_transformers.append(Doubler())
    run("21")
    assert output.text_results == ["42"]
    shell.ast_transformers.append(Broken())
    run("x = 2")
    assert shell.user_ns["x"] == 4
    assert len(shell.ast_transformers) == 1
    assert "was removed" in output.stderr


def test_custom_line_transforms_run_before_and_after_special_syntax(run, shell, output):
    shell.input_transformer_manager.line_transforms.append(
        lambda lines: [line.replace("HELLO", "'hi'") for line in lines]
    )
    shell.input_transformer_manager.post_transforms.append(lambda lines: [*lines, "after = True\n"])
    run("x = HELLO")
    assert shell.user_ns["x"] == "hi"
    assert shell.user_ns["after"] is True


def test_the_result_object_raises_the_cell_error_on_request(run):
    result = run("1/0")
    with pytest.raises(ZeroDivisionError):
        result.raise_error()
    run("x = 1").raise_error()
