"""Completion: sixty situations a user meets, including hostile and huge namespaces."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

import pytest

from jovi.shell.magic import Magics, cell_magic, magics_class


@pytest.fixture
def complete(shell):
    def run(text, cursor=None):
        return shell.completions(text, cursor)

    return run


def texts(completions):
    return [c.text for c in completions]


def by_text(completions):
    return {c.text: c for c in completions}


# ------------------------------------------------------------------ names, keywords, builtins


def test_builtin_names(complete):
    assert "print" in texts(complete("pri"))


def test_keywords(complete):
    found = by_text(complete("whi"))
    assert found["while"].type == "keyword"


def test_none_true_false(complete):
    assert {"None"} <= set(texts(complete("Non")))


def test_user_variables(shell, complete):
    shell.user_ns["my_variable"] = 1
    shell.user_ns["my_value"] = "x"
    assert texts(complete("my_v")) == ["my_value", "my_variable"]


def test_the_start_and_end_of_the_replaced_text(shell, complete):
    shell.user_ns["alpha_beta"] = 1
    [completion] = complete("x = alpha_b")
    assert (completion.start, completion.end, completion.text) == (4, 11, "alpha_beta")


def test_the_kind_and_signature_of_names(shell, complete):
    def sample(a, b=2):
        pass

    shell.user_ns.update(sample_function=sample, sample_class=ValueError, sample_module=os)
    found = by_text(complete("sample_"))
    assert (found["sample_function"].type, found["sample_function"].signature) == (
        "function",
        "(a, b=2)",
    )
    assert found["sample_class"].type == "class"
    assert found["sample_module"].type == "module"


def test_nothing_typed_offers_nothing(complete):
    assert complete("") == []
    assert complete("x = ") == []


# ------------------------------------------------------------------ attributes


def test_module_attributes(shell, complete):
    shell.user_ns["os"] = os
    found = texts(complete("os.pa"))
    assert {"path", "pardir", "pathsep"} <= set(found)
    assert all(name.startswith("pa") for name in found)


def test_nested_attributes_with_signature(shell, complete):
    shell.user_ns["os"] = os
    found = by_text(complete("os.path.jo"))
    assert found["join"].type == "function"
    assert found["join"].signature.startswith("(")


class Sample:
    """A class with every kind of attribute."""

    class_level = 1

    def __init__(self):
        self.instance_level = 2
        self._private = 3

    def method(self, x):
        return x

    @staticmethod
    def static_one():
        pass

    @classmethod
    def class_one(cls):
        pass

    @property
    def prop(self):
        raise AssertionError("completion ran a property")


def test_underscore_names_hidden_by_default(shell, complete):
    shell.user_ns["s"] = Sample()
    found = texts(complete("s."))
    assert {"class_level", "instance_level", "method", "static_one", "class_one", "prop"} <= set(
        found
    )
    assert not any(name.startswith("_") for name in found)


def test_underscore_names_when_typed(shell, complete):
    shell.user_ns["s"] = Sample()
    assert "_private" in texts(complete("s._"))
    assert "__init__" in texts(complete("s.__i"))


def test_omit_names_one_shows_private_but_not_dunder(shell, complete):
    shell.user_ns["s"] = Sample()
    shell.completer.omit__names = 1
    found = texts(complete("s."))
    assert "_private" in found
    assert "__init__" not in found


def test_omit_names_zero_shows_everything(shell, complete):
    shell.user_ns["s"] = Sample()
    shell.completer.omit__names = 0
    assert {"_private", "__init__"} <= set(texts(complete("s.")))


def test_kinds_of_attributes_without_running_properties(shell, complete):
    shell.user_ns["s"] = Sample()
    found = by_text(complete("s."))
    assert found["prop"].type == "property"
    assert found["method"].type == "function"
    assert found["method"].signature == "(self, x)"
    assert found["static_one"].type == "function"
    assert found["class_one"].type == "function"
    assert found["instance_level"].type == "instance"
    assert found["class_level"].type == "instance"


def test_a_property_in_the_middle_of_a_chain_is_not_run(shell, complete):
    shell.user_ns["s"] = Sample()
    assert complete("s.prop.") == []


class RaisingGetattr:
    real = 1

    def __getattr__(self, name):
        raise RuntimeError(f"__getattr__ called for {name}")


def test_an_object_whose_getattr_raises(shell, complete):
    shell.user_ns["r"] = RaisingGetattr()
    assert texts(complete("r.re")) == ["real"]


class SlowDir:
    visible = 1

    def __dir__(self):
        time.sleep(10)
        return ["never"]


def test_an_object_whose_dir_sleeps_answers_in_under_half_a_second(shell, complete):
    shell.user_ns["slow"] = SlowDir()
    started = time.perf_counter()
    found = texts(complete("slow."))
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5
    assert "visible" in found


class RaisingDir:
    visible = 1

    def __dir__(self):
        raise RuntimeError("no dir")


def test_an_object_whose_dir_raises(shell, complete):
    shell.user_ns["rd"] = RaisingDir()
    assert texts(complete("rd.vi")) == ["visible"]


class NoisyRepr:
    calls: list[str] = []

    def __repr__(self):
        NoisyRepr.calls.append("repr")
        return "noisy"

    def __str__(self):
        NoisyRepr.calls.append("str")
        return "noisy"


def test_completion_never_calls_repr_or_str(shell, complete):
    NoisyRepr.calls.clear()
    shell.user_ns["noisy_one"] = NoisyRepr()
    shell.user_ns["holder"] = {"noisy_key": NoisyRepr()}
    complete("noisy")
    complete("noisy_one.")
    complete("holder['")
    assert NoisyRepr.calls == []


def test_a_namespace_of_100000_names(shell, complete):
    # CPU time, not wall time: the bounds are on the work (no walk of the namespace per
    # name); on a loaded CI machine the wait for a core took longer than the work.
    shell.user_ns.update({f"name_{i:06d}": i for i in range(100_000)})
    started = time.process_time()
    found = complete("name_09999")
    elapsed = time.process_time() - started
    assert texts(found) == [f"name_09999{d}" for d in range(10)]
    assert elapsed < 0.5
    started = time.process_time()
    many = complete("name_")
    assert len(many) == shell.completer.max_results
    assert time.process_time() - started < 2.0


def test_limit_to_all(shell, complete):
    import types

    module = types.ModuleType("fake_module")
    module.__all__ = ["public_one"]
    module.public_one = 1
    module.public_two = 2
    shell.user_ns["fake_module"] = module
    assert texts(complete("fake_module.pu")) == ["public_one", "public_two"]
    shell.completer.limit_to__all__ = True
    assert texts(complete("fake_module.pu")) == ["public_one"]


# ------------------------------------------------------------------ dict keys


@pytest.fixture
def data(shell):
    shell.user_ns["d"] = {"alpha": 1, "beta": 2, 3: "three", b"raw": 4, "it's": 5}
    return shell.user_ns["d"]


def test_dict_keys_after_a_quote(data, complete):
    assert texts(complete("d['a")) == ["'alpha'"]


def test_dict_keys_keep_the_double_quote(data, complete):
    assert texts(complete('d["a')) == ['"alpha"']


def test_every_key_without_a_quote(data, complete):
    assert set(texts(complete("d["))) == {"'alpha'", "'beta'", "3", "b'raw'", '"it\'s"'}


def test_a_key_with_a_quote_inside(data, complete):
    assert texts(complete("d['it")) == ["'it\\'s'"]


def test_keys_of_a_dict_reached_through_attributes(shell, complete):
    class Config:
        settings = {"width": 1, "height": 2}

    shell.user_ns["cfg"] = Config()
    assert texts(complete("cfg.settings['w")) == ["'width'"]


def test_keys_of_any_mapping(shell, complete):
    class Registry(Mapping):
        def __getitem__(self, key):
            return 1

        def __iter__(self):
            return iter(["first", "second"])

        def __len__(self):
            return 2

    shell.user_ns["registry"] = Registry()
    assert texts(complete("registry['s")) == ["'second'"]


def test_no_keys_for_a_list(shell, complete):
    shell.user_ns["items"] = [1, 2]
    assert all(c.type != "dict key" for c in complete("items['"))
    assert all(c.type != "dict key" for c in complete("items["))


# ------------------------------------------------------------------ paths


@pytest.fixture
def files(tmp_path, monkeypatch):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    (tmp_path / "data_one.csv").write_text("x")
    (tmp_path / "data_two.txt").write_text("x")
    (tmp_path / "script.py").write_text("x")
    (tmp_path / "notes.ipy").write_text("x")
    (tmp_path / "subdir").mkdir()
    (tmp_path / "with space.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_paths_inside_a_string(files, complete):
    assert texts(complete("open('data_")) == ["data_one.csv", "data_two.txt"]


def test_directories_end_with_a_slash(files, complete):
    found = by_text(complete("open('sub"))
    assert found["subdir/"].type == "directory"


def test_absolute_paths(files, complete):
    assert texts(complete(f"open('{files}/scr")) == [f"{files}/script.py"]


def test_home_is_kept_as_tilde(files, complete, monkeypatch):
    monkeypatch.setenv("HOME", str(files))
    assert texts(complete("open('~/data_o")) == ["~/data_one.csv"]


def test_paths_after_a_shell_escape(files, complete):
    assert texts(complete("!cat data_t")) == ["data_two.txt"]


def test_run_offers_python_files_and_directories(files, complete):
    assert set(texts(complete("%run "))) == {"notes.ipy", "script.py", "subdir/"}


def test_cd_offers_directories_only(files, complete):
    assert texts(complete("%cd ")) == ["subdir/"]


def test_cd_dash_offers_the_directory_history_and_cd_b_the_bookmarks(
    files, complete, shell, output
):
    start = str(Path.cwd())  # the files' directory
    shell.run_cell("%cd -q subdir")
    shell.run_cell("%bookmark here")
    shell.run_cell("%bookmark other /tmp")
    history = complete("%cd -")
    assert [(c.text, c.signature) for c in history] == [
        ("-0", start),
        ("-1", str(files / "subdir")),
    ]
    assert texts(complete("cd -1")) == ["-1"]
    found = by_text(complete("%cd -b "))
    assert sorted(found) == ["here", "other"]
    assert found["here"].type == "bookmark"
    assert found["here"].signature == str(files / "subdir")
    assert texts(complete("%cd -b h")) == ["here"]
    shell.run_cell(f"%cd -q {start}")


def test_spaces_are_escaped_outside_strings_only(files, complete):
    assert texts(complete("!cat with")) == ["with\\ space.txt"]
    assert texts(complete("open('with")) == ["with space.txt"]


def test_hidden_files_only_when_asked(files, complete):
    assert ".hidden" not in texts(complete("open('"))
    assert texts(complete("open('.h")) == [".hidden"]


# ------------------------------------------------------------------ magics


@magics_class
class SampleCellMagics(Magics):
    @cell_magic
    def testcellmagic(self, line, cell):
        return cell


def test_line_magics_by_prefix(complete):
    assert {"%history", "%hist"} <= set(texts(complete("%hi")))


def test_cell_magics_with_two_percent_signs(shell, complete):
    shell.register_magics(SampleCellMagics)
    assert texts(complete("%%testc")) == ["%%testcellmagic"]


def test_one_percent_offers_cell_magics_too(shell, complete):
    shell.register_magics(SampleCellMagics)
    assert "%%testcellmagic" in texts(complete("%testc"))


def test_bare_magic_names_with_automagic(complete):
    found = by_text(complete("lsma"))
    assert found["lsmagic"].type == "magic"


def test_no_bare_magic_names_without_automagic(shell, complete):
    shell.automagic = False
    assert "lsmagic" not in texts(complete("lsma"))


def test_a_variable_shadows_a_magic_name(shell, complete):
    shell.user_ns["lsmagic"] = 5
    assert by_text(complete("lsma"))["lsmagic"].type == "instance"


# ------------------------------------------------------------------ modules


def test_top_level_modules(complete):
    assert {"os", "operator"} <= set(texts(complete("import o")))


def test_submodules(complete):
    assert "decoder" in texts(complete("import json.de"))


def test_from_module_import_attributes(complete):
    assert {"path", "pathsep"} <= set(texts(complete("from os import pa")))


def test_from_package_import_submodules_and_attributes(complete):
    assert {"decoder", "dumps"} <= set(texts(complete("from json import d")))


def test_after_a_comma_in_an_import(complete):
    assert "os" in texts(complete("import sys, o"))


def test_module_names_after_from(complete):
    assert "collections" in texts(complete("from coll"))


# ------------------------------------------------------------------ keyword arguments


@pytest.fixture
def function(shell):
    def target(key, value=1, *, flag=True, **extra):
        pass

    shell.user_ns["target"] = target


def test_keyword_arguments_of_the_called_function(function, complete):
    found = by_text(complete("target(ke"))
    assert found["key="].type == "param"


def test_keyword_only_arguments_after_others(function, complete):
    assert "flag=" in texts(complete("target(1, fl"))


def test_keyword_arguments_after_a_nested_call(function, complete):
    assert "flag=" in texts(complete("target(len([1]), fl"))


def test_no_keyword_arguments_outside_a_call(function, complete):
    assert "key=" not in texts(complete("ke"))


# ------------------------------------------------------------------ symbols


def test_latex_name(complete):
    assert texts(complete("\\alpha")) == ["α"]


def test_latex_prefix(complete):
    assert "α" in texts(complete("\\al"))


def test_unicode_name(complete):
    assert texts(complete("x = '\\N{GREEK SMALL LETTER BETA")) == ["β"]


def test_back_to_the_latex_name(complete):
    [completion] = complete("α\\")
    assert (completion.start, completion.text) == (0, "\\alpha")


def test_superscripts_and_subscripts(complete):
    assert texts(complete("\\^2")) == ["²"]
    assert texts(complete("\\_1")) == ["₁"]


# ------------------------------------------------------------------ jedi


def test_jedi_completes_what_cannot_be_looked_up(shell, complete):
    assert shell.completer.jedi.wait_until_loaded()
    shell.completer.jedi_budget = 10.0
    assert "append" in texts(complete("[1, 2].ap"))
    assert "upper" in texts(complete("'abc'.up"))


def test_without_jedi_nothing_is_inferred(shell, complete):
    shell.completer.use_jedi = False
    # A literal's attributes are found without jedi (test_fast_path.py); what a call
    # returns is not.
    assert complete("def f():\n    return 1\nf().bit") == []


# ------------------------------------------------------------------ interface


def test_the_cursor_in_the_middle(shell, complete):
    shell.user_ns["alpha_value"] = 1
    [completion] = complete("alpha_v + 1", cursor=7)
    assert (completion.start, completion.end, completion.text) == (0, 7, "alpha_value")


def test_the_old_interface(shell):
    shell.user_ns["alpha_value"] = 1
    shell.user_ns["os"] = os
    assert shell.complete("alpha_v") == ("alpha_v", ["alpha_value"])
    assert shell.complete("", "x = os.pa")[0] == "pa"


def test_results_are_sorted_and_unique(shell, complete):
    shell.user_ns["zeta_x"] = 1
    shell.user_ns["zeta_a"] = 1
    found = texts(complete("zeta_"))
    assert found == sorted(set(found))


def test_multi_line_text_completes_on_the_cursor_line(shell, complete):
    shell.user_ns["gamma_value"] = 1
    [completion] = complete("x = 1\ny = gamma_v")
    assert (completion.start, completion.text) == (10, "gamma_value")


def test_a_configured_completer(tmp_path, output):
    from jovi.config import Config
    from jovi.shell.interactiveshell import InteractiveShell

    config = Config()
    config.IPCompleter.omit__names = 0
    sh = InteractiveShell(config=config, output=output, profile_dir=tmp_path / "p")
    try:
        assert sh.completer.omit__names == 0
    finally:
        sh.close()
