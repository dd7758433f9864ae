"""Config objects: attribute and item access, sections, merging, origins."""

from __future__ import annotations

import pytest

from jovi.config import Config, Origin


def test_attribute_and_item_access_reach_the_same_values():
    c = Config()
    c.InteractiveShell.colors = "LightBG"
    c["InteractiveShell"]["autocall"] = 1
    assert c["InteractiveShell"]["colors"] == "LightBG"
    assert c.InteractiveShell.autocall == 1
    assert c.to_dict() == {"InteractiveShell": {"colors": "LightBG", "autocall": 1}}


def test_capitalised_attributes_create_sections_even_nested_ones():
    c = Config()
    c.Foo.Bar.value = 1
    assert c.to_dict() == {"Foo": {"Bar": {"value": 1}}}


def test_reading_an_unset_option_raises():
    c = Config()
    with pytest.raises(AttributeError, match=r"Foo\.bar is not set"):
        _ = c.Foo.bar
    with pytest.raises(KeyError):
        _ = c["Foo"]["bar"]
    with pytest.raises(AttributeError):
        _ = c.lowercase


def test_an_option_called_name_is_an_ordinary_option():
    c = Config()
    c.Foo.name = "bestname"
    assert c.Foo.name == "bestname"


def test_empty_sections_do_not_count():
    c = Config()
    _ = c.Foo  # touching a section creates it, but it holds nothing
    assert not c
    assert "Foo" not in c
    assert list(c) == []


def test_merge_is_recursive_and_the_other_config_wins():
    a = Config({"A": {"x": 1, "y": 2}, "B": {"z": 3}})
    b = Config({"A": {"y": 20}, "C": {"w": 4}})
    a.merge(b)
    assert a.to_dict() == {"A": {"x": 1, "y": 20}, "B": {"z": 3}, "C": {"w": 4}}


def test_copy_is_independent():
    a = Config({"A": {"x": 1}})
    b = a.copy()
    b.A.x = 2
    assert a.A.x == 1
    assert b.A.x == 2


def test_assigning_a_whole_section():
    c = Config()
    c.Foo = {"a": 1, "b": 2}
    assert c.to_dict() == {"Foo": {"a": 1, "b": 2}}
    with pytest.raises(AttributeError):
        c.Foo = 3
    with pytest.raises(AttributeError):
        c.lower = {"a": 1}


def test_every_value_keeps_its_origin():
    c = Config()
    c.Foo.set("x", "1", Origin("command line", "--Foo.x=1"), from_text=True)
    setting = c.Foo.setting("x")
    assert setting is not None
    assert setting.from_text
    assert setting.origin.describe() == "the command line: --Foo.x=1"
    c.Foo.y = 2
    assert c.Foo.setting("y").origin == Origin("code")


@pytest.mark.parametrize(
    ("origin", "words"),
    [
        (Origin("file", "/p/jovi_config.py", 3), "/p/jovi_config.py, line 3"),
        (Origin("file", "/p/jovi_config.json"), "/p/jovi_config.json"),
        (Origin("environment", "JOVI_A__b=1"), "the environment variable JOVI_A__b=1"),
        (Origin("command line", "--A.b=1"), "the command line: --A.b=1"),
        (Origin("runtime", "%config"), "%config"),
        (Origin("default"), "the default"),
        (Origin("code"), "Python code"),
    ],
)
def test_origins_describe_themselves(origin, words):
    assert origin.describe() == words
