"""Option types: checking, conversion from text, and the words used in messages."""

from __future__ import annotations

import logging

import pytest

from jovi.config import Bool, Dict, Enum, Float, Int, List, LogLevel, Str
from jovi.errors import OptionValueError

COLORS = ("NoColor", "Linux", "LightBG", "Neutral")


def test_bool_accepts_only_booleans_and_reads_common_words():
    option = Bool(True, help="h")
    assert option.validate(False) is False
    for bad in (0, 1, "yes", None):
        with pytest.raises(OptionValueError, match="is not True or False"):
            option.validate(bad)
    for word in ("true", "Yes", "ON", "1", "y"):
        assert option.parse(word) is True
    for word in ("false", "No", "off", "0", "n"):
        assert option.parse(word) is False
    with pytest.raises(OptionValueError, match="'maybe' is not True or False"):
        option.parse("maybe")


def test_int_bounds_reject_bools_and_describe_the_range():
    option = Int(0, min=0, max=2, help="h")
    assert option.validate(2) == 2
    assert option.parse("1") == 1
    for bad in (3, -1, True, 1.5, "1"):
        with pytest.raises(OptionValueError, match="a whole number from 0 to 2"):
            option.validate(bad)
    assert Int(5, min=1, help="h").describe() == "a whole number of at least 1"
    assert Int(5, max=9, help="h").describe() == "a whole number of at most 9"
    assert Int(5, help="h").describe() == "a whole number"


def test_float_takes_whole_numbers_as_floats():
    option = Float(1.0, min=0, help="h")
    assert option.validate(3) == 3.0
    assert isinstance(option.validate(3), float)
    assert option.parse("2.5") == 2.5
    with pytest.raises(OptionValueError, match="a number of at least 0"):
        option.validate(-0.5)
    with pytest.raises(OptionValueError):
        option.validate(False)


def test_str_takes_command_line_text_as_written_and_unquotes_literals():
    option = Str("x", help="h")
    assert option.parse("hello world") == "hello world"
    assert option.parse("'quoted'") == "quoted"
    assert option.parse('"42"') == "42"
    assert option.parse("42") == "42"
    with pytest.raises(OptionValueError, match="42 is not text"):
        option.validate(42)


def test_enum_matches_without_case_and_returns_the_canonical_spelling():
    option = Enum(COLORS, "Linux", help="h")
    assert option.validate("lightbg") == "LightBG"
    assert option.parse("'nocolor'") == "NoColor"
    with pytest.raises(OptionValueError) as caught:
        option.validate("Purple")
    assert (
        str(caught.value)
        == "'Purple' is not one of 'NoColor', 'Linux', 'LightBG', 'Neutral' (any case)"
    )
    with pytest.raises(OptionValueError, match=r"did you mean 'Linux'\?"):
        option.validate("Linx")


def test_case_sensitive_enum():
    option = Enum(("a", "A"), "a", help="h", case_sensitive=True)
    assert option.validate("A") == "A"
    with pytest.raises(OptionValueError):
        option.validate("b")
    assert option.describe() == "one of 'a', 'A'"


def test_enum_default_must_be_allowed():
    with pytest.raises(OptionValueError):
        Enum(COLORS, "Purple", help="h")


def test_list_checks_every_item_and_parses_literals_or_single_items():
    names = List(str, ["a"], help="h")
    assert names.validate(("x", "y")) == ["x", "y"]
    assert names.parse("['p', 'q']") == ["p", "q"]
    assert names.parse("import os") == ["import os"]
    with pytest.raises(OptionValueError, match="every item must be a text"):
        names.validate(["ok", 3])
    numbers = List(float, help="h")
    assert numbers.validate([1, 2.5]) == [1.0, 2.5]
    assert List(int, help="h").parse("7") == [7]


def test_mutable_defaults_are_copied_for_each_object():
    option = List(str, ["a"], help="h")
    first = option.default()
    first.append("b")
    assert option.default() == ["a"]


def test_dict_requires_text_keys():
    option = Dict({"a": 1}, help="h")
    assert option.parse("{'k': [1, 2]}") == {"k": [1, 2]}
    with pytest.raises(OptionValueError):
        option.validate({1: "x"})
    with pytest.raises(OptionValueError):
        option.parse("not a dict")


def test_log_level_by_name_or_number():
    option = LogLevel(logging.WARNING, help="h")
    assert option.parse("debug") == logging.DEBUG
    assert option.parse("WARN") == logging.WARNING
    assert option.parse("40") == logging.ERROR
    assert option.validate(50) == logging.CRITICAL
    with pytest.raises(OptionValueError, match="a level name"):
        option.parse("LOUD")
    with pytest.raises(OptionValueError):
        option.validate(15)
    assert option.default_repr() == "'WARNING'"


def test_factory_defaults_and_default_text():
    option = Str(help="h", default_factory=lambda: "computed", default_text="$EDITOR or vi")
    assert option.default() == "computed"
    assert option.default_repr() == "$EDITOR or vi"
    assert option.default_literal() == "'computed'"


def test_an_option_needs_a_default():
    with pytest.raises(TypeError):
        Str(help="h")
