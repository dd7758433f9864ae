"""The output cache: Out, _, __, ___, _N and cache_size."""

from __future__ import annotations

import builtins


def test_the_three_last_results_shift(run, shell):
    for value in (1, 2, 3, 4):
        run(str(value))
    ns = shell.user_ns
    assert (ns["_"], ns["__"], ns["___"]) == (4, 3, 2)


def test_assignments_and_none_do_not_shift_them(run, shell):
    run("1")
    run("x = 2")
    run("None")
    run("print('p')")
    assert shell.user_ns["_"] == 1
    assert shell.user_ns["__"] is None


def test_numbered_outputs_only_for_lines_that_showed_something(run, shell):
    run("10")
    run("y = 5")
    run("20")
    assert shell.user_ns["_1"] == 10
    assert "_2" not in shell.user_ns
    assert shell.user_ns["_3"] == 20
    assert shell.user_ns["Out"] == {1: 10, 3: 20}
    assert shell.user_ns["Out"] is shell.user_ns["_oh"]


def test_assigning_an_underscore_name_stops_it_from_following_results(run, shell):
    run("1")
    run("__ = 'user'")
    run("2")
    assert shell.user_ns["__"] == "user"
    assert shell.user_ns["_"] == 1


def test_a_builtin_underscore_is_left_alone(run, shell):
    builtins._ = "gettext"  # type: ignore[attr-defined]
    try:
        run("5")
        assert shell.user_ns["_"] is None
        assert shell.user_ns["_1"] == 5
    finally:
        del builtins._  # type: ignore[attr-defined]


def test_cache_size_culls_the_oldest_with_one_notice(run, shell, output):
    shell.cache_size = 10
    for value in range(25):
        run(str(value))
    outputs = shell.user_ns["Out"]
    assert len(outputs) <= 10
    assert max(outputs) == 25
    assert "_1" not in shell.user_ns
    assert shell.user_ns["_25"] == 24
    notices = [text for text, error in output.written if "Output cache limit" in text]
    assert len(notices) == 1


def test_a_zero_cache_keeps_nothing_but_underscore(run, shell):
    shell.cache_size = 0
    run("7")
    assert shell.user_ns["Out"] == {}
    assert "_1" not in shell.user_ns
    assert shell.user_ns["_"] == 7


def test_shell_names_are_hidden_from_who(run, shell):
    run("user_thing = 1")
    run("3")
    visible = [
        name
        for name in shell.user_ns
        if name not in shell.user_ns_hidden and not name.startswith("__")
    ]
    assert visible == ["user_thing"]


def test_push_and_drop(shell):
    shell.push({"pushed": 1})
    shell.push({"hidden_push": 2}, interactive=False)
    assert "pushed" not in shell.user_ns_hidden
    assert "hidden_push" in shell.user_ns_hidden
    shell.drop_by_id({"pushed": 1, "hidden_push": 3})
    assert "pushed" not in shell.user_ns
    assert shell.user_ns["hidden_push"] == 2

    def caller():
        local_a = "a"  # noqa: F841 - pushed by name
        shell.push("local_a")

    caller()
    assert shell.user_ns["local_a"] == "a"


def test_del_var_removes_every_reference(run, shell):
    run("obj = [1, 2]")
    run("obj")
    run("alias = obj")
    shell.del_var("obj")
    assert "obj" not in shell.user_ns
    assert "alias" not in shell.user_ns
    assert 2 not in shell.user_ns["Out"]
    run("keep = 5\nother = keep")
    shell.del_var("keep", by_name=True)
    assert shell.user_ns["other"] == 5
