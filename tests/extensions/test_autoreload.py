"""autoreload: edited modules are reloaded before each cell and old objects follow.

Starter acceptance item 31, and the brief's: a function body, a new
method, a constant; a syntax error gives one warning line and the old code keeps working.
"""

from __future__ import annotations

import os
import sys

import pytest

MODULE = """
LIMIT = 10

def some_function():
    return 42

def uses_limit():
    return LIMIT

class Thing:
    def method(self):
        return "old"
"""


@pytest.fixture
def auto(run, modules):
    """A module imported every way, with %autoreload 2 on."""
    name = modules.write(MODULE)
    run("%load_ext autoreload")
    run("%autoreload 2")
    run(f"import {name} as mod\nfrom {name} import some_function, LIMIT, Thing\nthing = Thing()")
    return name


def test_an_edited_function_body_runs_the_new_code(run, shell, modules, auto, output):
    run("before = some_function()")
    modules.write(MODULE.replace("return 42", "return 43"), auto)  # same size, same second
    run("after = some_function(); via_module = mod.some_function()")
    ns = shell.user_ns
    assert (ns["before"], ns["after"], ns["via_module"]) == (42, 43, 43)
    assert ns["some_function"] is ns["mod"].some_function
    assert output.errors == []
    assert output.stderr == ""


def test_a_new_method_reaches_existing_instances(run, shell, modules, auto):
    modules.write(
        MODULE.replace(
            '        return "old"',
            '        return "new"\n\n    def added(self):\n        return "added"',
        ),
        auto,
    )
    run(
        "results = (thing.method(), thing.added(), isinstance(thing, mod.Thing), Thing is mod.Thing)"
    )
    assert shell.user_ns["results"] == ("new", "added", True, True)


def test_a_changed_constant_is_seen_everywhere(run, shell, modules, auto):
    modules.write(MODULE.replace("LIMIT = 10", "LIMIT = 99"), auto)
    run("seen = (mod.LIMIT, LIMIT, mod.uses_limit())")
    assert shell.user_ns["seen"] == (99, 99, 99)


def test_a_constant_the_user_rebound_is_left_alone(run, shell, modules, auto):
    run("LIMIT = 'mine'")
    modules.write(MODULE.replace("LIMIT = 10", "LIMIT = 99"), auto)
    run("seen = (mod.LIMIT, LIMIT)")
    assert shell.user_ns["seen"] == (99, "mine")


def test_a_syntax_error_is_one_line_and_the_old_code_keeps_working(
    run, shell, modules, auto, output
):
    modules.write(MODULE.replace("return 42", "return 42 +"), auto)
    run("first = some_function()")
    run("second = some_function()")
    assert (shell.user_ns["first"], shell.user_ns["second"]) == (42, 42)
    warnings = output.stderr.splitlines()
    assert len(warnings) == 1  # reported once, not before every cell
    assert warnings[0].startswith(f"[autoreload of {auto} failed: SyntaxError: ")
    assert f"{auto}.py, line 5" in warnings[0]
    assert warnings[0].endswith("the old code is kept]")
    assert output.errors == []
    modules.write(MODULE.replace("return 42", "return 44"), auto)
    run("fixed = some_function()")
    assert shell.user_ns["fixed"] == 44


def test_a_module_that_raises_keeps_its_old_namespace(run, shell, modules, auto, output):
    modules.write(
        MODULE.replace("return 42", "return 45") + "\nraise RuntimeError('broken')\n", auto
    )
    run("value = (some_function(), mod.some_function(), mod.LIMIT)")
    assert shell.user_ns["value"] == (42, 42, 10)
    assert (
        f"[autoreload of {auto} failed: RuntimeError: broken; the old code is kept]"
        in output.stderr
    )


def test_super_keeps_working_in_updated_methods(run, shell, modules):
    source = """
    class Base:
        def greet(self):
            return "base"

    class Child(Base):
        def greet(self):
            return "child"
    """
    name = modules.write(source)
    run("%load_ext autoreload\n%autoreload 2")
    run(f"from {name} import Child\nkid = Child()")
    modules.write(source.replace('return "child"', 'return "child of " + super().greet()'), name)
    run("answer = kid.greet()")
    assert shell.user_ns["answer"] == "child of base"


def test_changed_bases_are_noted(run, shell, modules, output):
    source = """
    class A:
        pass

    class B:
        pass

    class C(A):
        pass
    """
    name = modules.write(source)
    run("%load_ext autoreload\n%autoreload 2")
    run(f"import {name}")
    modules.write(source.replace("class C(A)", "class C(B)"), name)
    run("1")
    assert f"[autoreload of {name}: class C changed its bases or __slots__" in output.stderr


def test_mode_1_reloads_only_aimported_modules(run, shell, modules, output):
    marked = modules.write("VALUE = 1\n")
    other = modules.write("VALUE = 1\n")
    run("%load_ext autoreload\n%autoreload 1")
    run(f"%aimport {marked}")
    run(f"import {other}")
    modules.write("VALUE = 2\n", marked)
    modules.write("VALUE = 2\n", other)
    run(f"values = ({marked}.VALUE, {other}.VALUE)")
    assert shell.user_ns["values"] == (2, 1)
    run("%aimport")
    assert f"Modules to reload:\n{marked}\n\nModules to skip:\n\n" in output.stdout


def test_mode_2_skips_excluded_modules_and_mode_0_stops(run, shell, modules, output):
    skipped = modules.write("VALUE = 1\n")
    watched = modules.write("VALUE = 1\n")
    run("%load_ext autoreload\n%autoreload 2")
    run(f"import {skipped}, {watched}")
    run(f"%aimport -{skipped}")
    modules.write("VALUE = 2\n", skipped)
    modules.write("VALUE = 2\n", watched)
    run(f"values = ({skipped}.VALUE, {watched}.VALUE)")
    assert shell.user_ns["values"] == (1, 2)
    run("%aimport")
    assert (
        f"Modules to reload:\nall-except-skipped\n\nModules to skip:\n{skipped}\n" in output.stdout
    )
    run("%autoreload 0")
    modules.write("VALUE = 3\n", watched)
    run(f"value = {watched}.VALUE")
    assert shell.user_ns["value"] == 2
    run("%autoreload")  # no argument: reload now
    run(f"value = {watched}.VALUE")
    assert shell.user_ns["value"] == 3


def test_mode_3_adds_new_names_to_star_imports(run, shell, modules):
    name = modules.write("def func1():\n    return 1\n")
    run("%load_ext autoreload\n%autoreload 3")
    run(f"from {name} import *")
    modules.write("def func1():\n    return 1\n\ndef func2():\n    return 2\n", name)
    run("got = func2()")
    assert shell.user_ns["got"] == 2


def test_mode_2_does_not_add_new_names(run, shell, modules, output):
    name = modules.write("def func1():\n    return 1\n")
    run("%load_ext autoreload\n%autoreload all")
    run(f"from {name} import *")
    modules.write("def func1():\n    return 1\n\ndef func2():\n    return 2\n", name)
    run("func2()")
    assert output.error_names == ["NameError"]


def test_print_option_names_reloaded_modules(run, modules, output):
    name = modules.write("X = 1\n")
    run("%load_ext autoreload\n%autoreload 2 -p")
    run(f"import {name}")
    modules.write("X = 2\n", name)
    run("1")
    assert f"Reloaded {name}\n" in output.stdout


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%autoreload 7", "unknown %autoreload mode '7'"),
        ("%autoreload 1 2", "takes one mode"),
        ("%aimport jovi_no_such_module_x", "%aimport cannot import jovi_no_such_module_x"),
    ],
)
def test_bad_arguments_are_one_line(run, output, line, message):
    run("%load_ext autoreload")
    run(line)
    assert output.error_names == ["UsageError"]
    assert message in output.errors[0].evalue


def test_aimport_imports_and_binds_the_top_name(run, shell, modules):
    name = modules.write("X = 5\n")
    run("%load_ext autoreload")
    run(f"%aimport {name}")
    assert shell.user_ns[name] is sys.modules[name]


def test_unloading_stops_reloading(run, shell, modules):
    name = modules.write("X = 1\n")
    run("%load_ext autoreload\n%autoreload 2")
    run(f"import {name}")
    run("%unload_ext autoreload")
    modules.write("X = 2\n", name)
    run(f"x = {name}.X")
    assert shell.user_ns["x"] == 1
    assert shell.find_line_magic("autoreload") is None


def test_help_lists_the_modes(run, shell):
    run("%load_ext autoreload")
    text = shell.object_inspect_text("%autoreload")
    for form in ("%autoreload 0", "%autoreload 1", "%autoreload 2", "%autoreload 3", "``-p``"):
        assert form in text
    aimport = shell.object_inspect_text("%aimport")
    for form in ("``%aimport``:", "``%aimport foo, bar``", "``%aimport -foo``"):
        assert form in aimport


def test_cached_bytecode_of_the_old_source_is_not_used(run, shell, modules, monkeypatch):
    # Bytecode caches record the source's mtime in whole seconds and its size: an edit in
    # the same second that keeps the size must still be seen.
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    name = modules.write(MODULE)
    run("%load_ext autoreload\n%autoreload 2")
    run(f"from {name} import some_function")
    assert list((modules.directory / "__pycache__").glob(f"{name}.*.pyc"))
    source = modules.directory / f"{name}.py"
    stamp = source.stat().st_mtime_ns
    modules.write(MODULE.replace("return 42", "return 43"), name)
    os.utime(source, ns=(stamp + 1000, stamp + 1000))  # same second, newer by a microsecond
    run("value = some_function()")
    assert shell.user_ns["value"] == 43


def test_a_decorated_function_runs_the_new_code(run, shell, modules):
    source = """
    import functools

    def logged(function):
        @functools.wraps(function)
        def wrapper(*args):
            return ("logged", function(*args))
        return wrapper

    @logged
    def compute():
        return 1
    """
    name = modules.write(source)
    run("%load_ext autoreload\n%autoreload 2")
    run(f"from {name} import compute")
    modules.write(source.replace("return 1", "return 2"), name)
    run("value = compute()")
    assert shell.user_ns["value"] == ("logged", 2)
