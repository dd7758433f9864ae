"""%%capture and capture_output: stdout, stderr and displays kept in a CapturedIO."""

from __future__ import annotations

import sys

import pytest

from jovi.display import HTML, display
from jovi.shell.capture import CapturedIO, RichOutput, capture_output

CELL = """\
import sys
from jovi.display import HTML
print('out text')
print('err text', file=sys.stderr)
display(HTML('<b>bold</b>'))
41 + 1
"""


def test_capture_keeps_everything(run, shell, output, capsys):
    result = run(f"%%capture captured\n{CELL}")
    assert result.success
    captured = shell.user_ns["captured"]
    assert isinstance(captured, CapturedIO)
    assert captured.stdout == "out text\n"
    assert captured.stderr == "err text\n"
    assert [o.data for o in captured.outputs] == [
        {"text/plain": "<jovi.display.HTML object>", "text/html": "<b>bold</b>"},
        {"text/plain": "42"},
    ]
    assert capsys.readouterr() == ("", "")
    assert output.displays == []
    assert output.results == []


def test_without_a_name_the_output_is_thrown_away(run, shell, output, capsys):
    run(f"%%capture\n{CELL}")
    assert capsys.readouterr() == ("", "")
    assert output.displays == output.results == []


@pytest.mark.parametrize(
    ("option", "kept_out", "kept_err", "kept_displays"),
    [
        ("--no-stdout", "", "err text\n", 2),
        ("--no-stderr", "out text\n", "", 2),
        ("--no-display", "out text\n", "err text\n", 0),
    ],
)
def test_options_let_one_kind_through(
    run, shell, output, capsys, option, kept_out, kept_err, kept_displays
):
    run(f"%%capture {option} c\n{CELL}")
    captured = shell.user_ns["c"]
    assert (captured.stdout, captured.stderr, len(captured.outputs)) == (
        kept_out,
        kept_err,
        kept_displays,
    )
    shown = capsys.readouterr()
    assert shown.out == ("out text\n" if not kept_out else "")
    assert shown.err == ("err text\n" if not kept_err else "")
    assert len(output.displays) + len(output.results) == 2 - kept_displays


def test_show_and_call_replay_it(run, shell, output, capsys):
    run(f"%%capture c\n{CELL}")
    run("c.show()")
    first = capsys.readouterr()
    run("c()")
    second = capsys.readouterr()
    assert first == second == ("out text\n", "err text\n")
    assert [data["text/plain"] for data, *_ in output.displays] == [
        "<jovi.display.HTML object>",
        "42",
    ] * 2


def test_errors_stay_visible(run, shell, output):
    run("%%capture c\nprint('before')\n1/0\n")
    assert output.error_names == ["ZeroDivisionError"]
    assert shell.user_ns["c"].stdout == "before\n"


@pytest.mark.integration
def test_system_commands_and_magic_messages_are_captured(run, shell):
    run("%%capture c\n!echo from the shell\n%xmode Plain\n")
    assert shell.user_ns["c"].stdout == "from the shell\nException reporting mode: Plain\n"


def test_an_empty_body_is_a_usage_error(run, output):
    run("%%capture c\n")
    assert output.error_names == ["UsageError"]


def test_a_bad_name_is_a_usage_error(run, output):
    run("%%capture 1x\nprint(1)\n")
    assert "'1x' is not a variable name" in output.errors[0].evalue


def test_capture_output_outside_a_shell(capsys):
    with capture_output() as captured:
        print("plain")
        print("problem", file=sys.stderr)
        display(HTML("<i>x</i>"))
    assert (captured.stdout, captured.stderr) == ("plain\n", "problem\n")
    assert captured.outputs[0].data["text/html"] == "<i>x</i>"
    assert str(captured) == "plain\n"
    assert repr(captured) == (
        "<CapturedIO: 6 characters of stdout, 8 characters of stderr, 1 display>"
    )
    assert capsys.readouterr() == ("", "")


def test_rich_output_displays_as_its_bundle(shell):
    rich = RichOutput({"text/plain": "p", "text/html": "<p>h</p>"}, {"k": 1})
    assert shell.format(rich) == ({"text/plain": "p", "text/html": "<p>h</p>"}, {"k": 1})
    assert repr(rich) == "p"
    assert repr(RichOutput({"image/png": "x"})) == "<RichOutput image/png>"
