"""Parsing the command line into a configuration layer."""

from __future__ import annotations

import pytest

from jovi.config import Alias, Flag, parse_command_line
from jovi.errors import CommandLineError

ALIASES = (
    Alias("profile", "JoviApp.profile", metavar="NAME"),
    Alias("c", "Shell.code_to_run", metavar="CODE"),
)
FLAGS = (
    Flag("debug", {"Application": {"log_level": 10}}),
    Flag("no-banner", {"Shell": {"banner": False}}),
)


def parse(*argv, stop=False):
    return parse_command_line(argv, aliases=ALIASES, flags=FLAGS, stop_at_positional=stop)


def test_class_options_aliases_flags_and_positionals():
    result = parse(
        "--Shell.colors=NoColor",
        "--profile",
        "foo",
        "-c",
        "print(1)",
        "--debug",
        "x.py",
        "--no-banner",
    )
    assert result.config.to_dict() == {
        "Shell": {"colors": "NoColor", "code_to_run": "print(1)", "banner": False},
        "JoviApp": {"profile": "foo"},
        "Application": {"log_level": 10},
    }
    assert result.positionals == ["x.py"]
    assert result.config.Shell.setting("colors").from_text
    assert not result.config.Shell.setting("banner").from_text
    assert (
        result.config.Shell.setting("colors").origin.describe()
        == "the command line: --Shell.colors=NoColor"
    )
    assert (
        result.config.JoviApp.setting("profile").origin.describe()
        == "the command line: --profile foo"
    )


def test_alias_with_equals_and_values_containing_equals():
    result = parse("--profile=bar", "--Shell.expr=a=b")
    assert result.config.JoviApp.profile == "bar"
    assert result.config.Shell.expr == "a=b"


def test_the_last_value_wins():
    assert parse("--profile=a", "--profile=b").config.JoviApp.profile == "b"


def test_requests():
    assert parse("-h").requests == {"help"}
    assert parse("--help-all", "--version").requests == {"help-all", "version"}
    assert parse("-V").requests == {"version"}


def test_stop_at_the_first_positional_passes_the_rest_on():
    result = parse("--debug", "script.py", "--debug", "-x", "--Shell.a=1", stop=True)
    assert result.positionals == ["script.py", "--debug", "-x", "--Shell.a=1"]
    assert "Shell" not in result.config


def test_double_dash_ends_options():
    assert parse("--", "--debug").positionals == ["--debug"]
    assert parse("-").positionals == ["-"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--Shell.colors"],
            "--Shell.colors needs a value: write --Shell.colors=VALUE (with '=' and no spaces)",
        ),
        (["--shell.colors=1"], "'--shell.colors=1' is not of the form --Class.option=value"),
        (["--Shell.=1"], "is not of the form --Class.option=value"),
        (["--profile"], "--profile needs a value: --profile NAME"),
        (["--debug=yes"], "--debug is a switch and takes no value; write just --debug"),
        (["--debgu"], "unrecognised argument '--debgu'; did you mean --debug?"),
        (["--frobnicate"], "unrecognised argument '--frobnicate'"),
        (["-q"], "unrecognised argument '-q'"),
    ],
)
def test_errors_say_what_to_write(argv, message):
    with pytest.raises(CommandLineError) as caught:
        parse(*argv)
    assert message in str(caught.value)
