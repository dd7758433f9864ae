"""Configurable classes: values from layers, inheritance by class, observers, live changes."""

from __future__ import annotations

import gc
import logging
import threading

import pytest

from jovi.config import (
    Bool,
    Change,
    Config,
    ConfigStack,
    Configurable,
    Enum,
    Float,
    Int,
    List,
    Origin,
    SingletonConfigurable,
    Str,
    on_change,
    option_for,
)
from jovi.errors import OptionValueError, UnknownOption


class Foo(Configurable):
    """IPython 1.x's documented example class."""

    name = Str("defaultname", help="A name.")
    value = Float(100.0, help="A value.")


class Bar(Foo):
    """A subclass with one more option."""

    othervalue = Int(0, help="Another value.")


class Themed(Configurable):
    colors = Enum(("NoColor", "Linux", "LightBG"), "Linux", help="Colours.")
    tags = List(str, ["a"], help="Tags.")
    enabled = Bool(True, help="On or off.")
    seen: list[Change]

    def __init__(self, **kwargs):
        self.seen = []
        super().__init__(**kwargs)

    @on_change("colors")
    def _colors_changed(self, change: Change) -> None:
        self.seen.append(change)


class ChildThemed(Themed):
    pass


def test_class_based_inheritance_as_in_the_seed():
    c = Config()
    c.Foo.name = "bestname"
    c.Bar.othervalue = 10
    foo, bar = Foo(config=c), Bar(config=c)
    assert (foo.name, foo.value) == ("bestname", 100.0)
    assert (bar.name, bar.othervalue, bar.value) == ("bestname", 10, 100.0)


def test_a_subclass_section_overrides_its_base_section_in_the_same_layer():
    c = Config()
    c.Foo.name = "base"
    c.Bar.name = "derived"
    assert Bar(config=c).name == "derived"
    assert Foo(config=c).name == "base"


def test_a_higher_layer_wins_even_when_it_names_the_base_class():
    files = Config({"Bar": {"name": "from the file"}})
    command_line = Config({"Foo": {"name": "from the command line"}})
    stack = ConfigStack(("file", files), ("command line", command_line))
    assert Bar(config=stack).name == "from the command line"


def test_explicit_arguments_win_over_configuration():
    c = Config({"Foo": {"name": "configured"}})
    assert Foo(config=c, name="explicit").name == "explicit"


def test_explicit_arguments_are_checked():
    with pytest.raises(OptionValueError):
        Foo(value="lots")
    with pytest.raises(TypeError, match="Foo has no option 'nmae'; did you mean name"):
        Foo(nmae="x")


def test_values_are_converted_and_checked_on_assignment():
    themed = Themed()
    themed.colors = "nocolor"
    assert themed.colors == "NoColor"
    with pytest.raises(OptionValueError):
        themed.colors = "Purple"
    assert themed.colors == "NoColor"


def test_text_values_are_parsed_by_the_option():
    c = Config()
    c.Themed.set("tags", "['x', 'y']", Origin("command line", "--Themed.tags=..."), from_text=True)
    c.Themed.set("enabled", "no", Origin("environment", "JOVI_Themed__enabled=no"), from_text=True)
    themed = Themed(config=c)
    assert themed.tags == ["x", "y"]
    assert themed.enabled is False


def test_a_bad_configured_value_is_reported_once_and_the_next_layer_decides(caplog):
    lower = Config({"Themed": {"colors": "LightBG"}})
    upper = Config()
    upper.Themed.set("colors", "Purple", Origin("file", "/p/jovi_config.py", 4))
    stack = ConfigStack(("lower", lower), ("upper", upper))
    with caplog.at_level(logging.WARNING, logger="jovi"):
        first, second = Themed(config=stack), Themed(config=stack)
    assert first.colors == second.colors == "LightBG"
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "bad value for Themed.colors from /p/jovi_config.py, line 4: 'Purple'"
    )


def test_method_and_instance_observers_see_changes():
    themed = Themed()
    calls = []
    themed.observe(calls.append, "enabled")
    themed.observe(lambda change: calls.append(("any", change.name)))
    themed.colors = "LightBG"
    themed.colors = "LightBG"  # no change, no notification
    themed.enabled = False
    assert [(c.old, c.new) for c in themed.seen] == [("Linux", "LightBG")]
    assert calls == [("any", "colors"), Change(themed, "enabled", True, False), ("any", "enabled")]
    themed.unobserve(calls.append, "enabled")
    themed.enabled = True
    assert calls[-1] == ("any", "enabled")
    with pytest.raises(AttributeError):
        themed.observe(calls.append, "nonexistent")


def test_a_failing_observer_is_reported_and_the_others_still_run(caplog):
    themed = Themed()

    def broken(change):
        raise RuntimeError("observer bug")

    later = []
    themed.observe(broken, "enabled")
    themed.observe(later.append, "enabled")
    with caplog.at_level(logging.WARNING, logger="jovi"):
        themed.enabled = False
    assert len(later) == 1
    assert "RuntimeError: observer bug" in caplog.text


def test_live_changes_reach_attached_objects_and_objects_created_later():
    stack = ConfigStack(("file", Config({"Themed": {"colors": "Linux"}})))
    parent_class, child = Themed(config=stack), ChildThemed(config=stack)
    unrelated = Foo(config=stack)
    updated = stack.set("Themed", "colors", "lightbg", Origin("runtime", "%config"))
    assert updated == 2
    assert parent_class.colors == child.colors == "LightBG"
    assert [(c.old, c.new) for c in child.seen] == [("Linux", "LightBG")]
    assert Themed(config=stack).colors == "LightBG"
    assert unrelated.name == "defaultname"
    # a subclass section only reaches the subclass
    stack.set("ChildThemed", "colors", "NoColor")
    assert (parent_class.colors, child.colors) == ("LightBG", "NoColor")


def test_live_changes_are_checked_before_anything_changes():
    stack = ConfigStack()
    themed = Themed(config=stack)
    with pytest.raises(OptionValueError):
        stack.set("Themed", "colors", "Purple")
    with pytest.raises(
        UnknownOption, match=r"unknown option Themed\.colours; did you mean Themed\.colors\?"
    ):
        stack.set("Themed", "colours", "Linux")
    with pytest.raises(
        UnknownOption, match="unknown configurable class Themd; did you mean Themed"
    ):
        stack.set("Themd", "colors", "Linux")
    assert themed.colors == "Linux"


def test_live_changes_from_many_threads_are_consistent():
    stack = ConfigStack()
    objects = [Themed(config=stack) for _ in range(20)]
    choices = ["NoColor", "Linux", "LightBG"]

    def worker(index):
        for round_ in range(20):
            stack.set("Themed", "colors", choices[(index + round_) % 3])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = stack.layer("runtime").Themed.colors
    stack.set("Themed", "colors", final)
    assert {obj.colors for obj in objects} == {final}


def test_attaching_does_not_keep_objects_alive():
    stack = ConfigStack()
    Themed(config=stack)
    gc.collect()
    assert stack.attached() == []


def test_parent_passes_its_configuration_on():
    stack = ConfigStack(("file", Config({"Foo": {"name": "shared"}})))
    parent = Themed(config=stack)
    child = Foo(parent=parent)
    assert child.config is stack
    assert child.parent is parent
    assert child.name == "shared"


def test_option_lookup_by_section_and_name():
    assert option_for("Bar", "othervalue") is Bar.othervalue
    assert option_for("Bar", "name") is Foo.name


def test_introspection_of_options():
    assert set(Bar.options()) == {"name", "value", "othervalue"}
    assert set(Bar.own_options()) == {"othervalue"}
    assert Bar.section_names() == ("Bar", "Foo")
    assert Foo().option_values() == {"name": "defaultname", "value": 100.0}


class Shell(SingletonConfigurable):
    colors = Str("Linux", help="h")


class TerminalShell(Shell):
    pass


def test_singleton_instance_is_shared_with_base_classes():
    try:
        first = TerminalShell.instance(colors="NoColor")
        assert TerminalShell.instance() is first
        assert Shell.instance() is first
        assert Shell.initialized()
        assert first.colors == "NoColor"
    finally:
        TerminalShell.clear_instance()
    assert not Shell.initialized()
    assert not TerminalShell.initialized()


def test_class_aliases_are_extra_section_names():
    class StoreMagics(Configurable):
        config_aliases = ("StoreMagic",)
        autorestore = Bool(False, help="h")

    c = Config({"StoreMagic": {"autorestore": True}})
    assert StoreMagics(config=c).autorestore is True


class AliasedApp(Configurable):
    """A class also configured under another project's name (as the kernel is)."""

    config_aliases = ("OtherProjectApp",)
    connection_file = Str("", help="A file.")


def test_the_stack_reads_as_ipythons_config_dict_section_by_section():
    # Code written for IPython reads get_ipython().config as a dict of sections:
    # get_ipython().config["IPKernelApp"]["connection_file"] finds a kernel's file.
    command_line = Config({"AliasedApp": {"connection_file": "kernel-1.json"}})
    files = Config({"Foo": {"name": "from a file"}, "OtherProjectApp": {"connection_file": "x"}})
    stack = ConfigStack(("file", files), ("command line", command_line))
    assert stack["OtherProjectApp"] == {"connection_file": "kernel-1.json"}
    assert stack["AliasedApp"]["connection_file"] == "kernel-1.json"
    assert stack.get("Foo") == {"name": "from a file"}
    assert stack.get("Nothing", {}) == {}
    assert sorted(stack.keys()) == ["AliasedApp", "Foo", "OtherProjectApp"]
    assert dict(stack.items())["Foo"] == {"name": "from a file"}
    with pytest.raises(KeyError):
        stack["Nothing"]
    stack.set("Foo", "value", 3.0)  # a live change (%config) is read too
    assert stack["Foo"] == {"name": "from a file", "value": 3.0}
    stack["Foo"]["name"] = "changed"  # a copy: settings change through set() only
    assert stack["Foo"]["name"] == "from a file"
