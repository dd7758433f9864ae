"""Checking layers: unknown classes and options, bad values, and the words used."""

from __future__ import annotations

from jovi.config import Config, Configurable, Enum, Int, List, Origin, check_layer


class CheckedShell(Configurable):
    colors = Enum(("NoColor", "Linux", "LightBG", "Neutral"), "Linux", help="h")
    autocall = Int(0, min=0, max=2, help="h")
    exec_lines = List(str, help="h")


ORIGIN = Origin("file", "/p/jovi_config.py", 3)


def layer(section, option, value, *, from_text=False, origin=ORIGIN):
    config = Config()
    config.section(section).set(option, value, origin, from_text=from_text)
    return config


def test_good_settings_pass_untouched():
    config = layer("CheckedShell", "colors", "neutral")
    assert check_layer(config) == []
    assert config.CheckedShell.colors == "neutral"


def test_bad_value_names_option_value_origin_and_what_is_allowed():
    config = layer(
        "CheckedShell",
        "colors",
        "Purple",
        from_text=True,
        origin=Origin("command line", "--CheckedShell.colors=Purple"),
    )
    [problem] = check_layer(config)
    assert problem.kind == "bad value"
    assert problem.describe() == (
        "bad value for CheckedShell.colors: 'Purple' (from the command line: --CheckedShell.colors=Purple)\n"
        "  allowed: one of 'NoColor', 'Linux', 'LightBG', 'Neutral' (any case)"
    )
    assert "colors" not in config.CheckedShell


def test_bad_value_suggests_the_closest_choice():
    [problem] = check_layer(layer("CheckedShell", "colors", "Linx"))
    assert problem.describe(ignored=True) == (
        "bad value for CheckedShell.colors: 'Linx' (from /p/jovi_config.py, line 3); it was ignored;"
        " did you mean 'Linux'?\n"
        "  allowed: one of 'NoColor', 'Linux', 'LightBG', 'Neutral' (any case)"
    )


def test_bad_value_from_a_file_is_marked_ignored():
    [problem] = check_layer(layer("CheckedShell", "autocall", 5))
    assert problem.describe(ignored=True) == (
        "bad value for CheckedShell.autocall: 5 (from /p/jovi_config.py, line 3); it was ignored\n"
        "  allowed: a whole number from 0 to 2"
    )


def test_unknown_option_suggests_the_closest_option():
    config = layer("CheckedShell", "colours", "Linux")
    [problem] = check_layer(config)
    assert problem.describe() == (
        "unknown option CheckedShell.colours (from /p/jovi_config.py, line 3); did you mean CheckedShell.colors?"
    )
    assert "colours" not in config.CheckedShell


def test_unknown_class_suggests_the_closest_class_after_loading_classes():
    loaded = []
    config = layer("CheckedShel", "colors", "Linux")
    [problem] = check_layer(config, load_classes=loaded.append)
    assert loaded == ["CheckedShel"]
    assert problem.describe() == (
        "unknown configurable class CheckedShel (from /p/jovi_config.py, line 3); did you mean CheckedShell?"
    )


def test_classes_are_loaded_only_for_sections_naming_no_known_class():
    loaded = []
    config = Config({"Nope1": {"a": 1}, "CheckedShell": {"colors": "Linux"}, "Nope2": {"b": 2}})
    problems = check_layer(config, load_classes=loaded.append)
    assert len(problems) == 2
    assert loaded == ["Nope1", "Nope2"]


def test_list_item_errors():
    [problem] = check_layer(layer("CheckedShell", "exec_lines", ["ok", 3]))
    assert problem.allowed == "a list of text items, e.g. ['a', 'b']"


def test_a_setting_known_not_to_be_used_is_its_own_kind_with_the_reason():
    # Jupyter's settings jovi knows of and does not have: said so, not "unknown".
    config = layer("ServerApp", "terminals_enabled", False)
    not_used = {"ServerApp.terminals_enabled": "jovi's server has no terminals"}
    [problem] = check_layer(config, not_used=not_used)
    assert problem.kind == "not used"
    assert problem.describe(ignored=True) == (
        "ServerApp.terminals_enabled is a Jupyter setting jovi does not use: jovi's server "
        "has no terminals (from /p/jovi_config.py, line 3); it was ignored"
    )
    assert "terminals_enabled" not in config.section("ServerApp")
