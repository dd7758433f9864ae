"""The Qt console's parts without Qt: ANSI escapes, history and the kill ring,
bracket matching, completion listings, calltip text, palettes."""

from __future__ import annotations

import pytest

from jovi.qt.ansi import AnsiParser, CarriageReturn, ClearScreen, Styled, TextStyle, colour_256
from jovi.qt.brackets import matching_bracket
from jovi.qt.calltip import calltip_text
from jovi.qt.completion import common_prefix, plain_listing
from jovi.qt.history import InputHistory, KillRing
from jovi.qt.magic_menu import magics_by_class
from jovi.qt.styles import DARK, LIGHT, palette_for, style_sheet


def test_sgr_colours_16_256_and_24_bit():
    parser = AnsiParser()
    assert parser.feed("\x1b[1;31mred\x1b[0m plain") == [
        Styled("red", TextStyle(foreground="#cd0000", bold=True)),
        Styled(" plain", TextStyle()),
    ]
    assert parser.feed("\x1b[38;5;196ma\x1b[48;2;1;2;3mb") == [
        Styled("a", TextStyle(foreground="#ff0000")),
        Styled("b", TextStyle(foreground="#ff0000", background="#010203")),
    ]


def test_the_style_carries_over_between_feeds_and_resets():
    parser = AnsiParser()
    parser.feed("\x1b[32m")
    assert parser.feed("green") == [Styled("green", TextStyle(foreground="#00a000"))]
    assert parser.feed("\x1b[mplain") == [Styled("plain", TextStyle())]


def test_carriage_return_clear_screen_and_unknown_escapes():
    actions = AnsiParser().feed("10%\r20%\x1b[2J\x1b[H\x1b[5Adone\x1b]0;title\x07")
    assert actions == [
        Styled("10%", TextStyle()),
        CarriageReturn(),
        Styled("20%", TextStyle()),
        ClearScreen(),
        Styled("done", TextStyle()),
    ]


@pytest.mark.parametrize(
    ("index", "colour"),
    [
        (1, "#cd0000"),
        (16, "#000000"),
        (21, "#0000ff"),
        (231, "#ffffff"),
        (232, "#080808"),
        (255, "#eeeeee"),
    ],
)
def test_the_256_colour_table(index, colour):
    assert colour_256(index) == colour


def test_history_browsing_skips_the_current_input_and_restores_the_draft():
    history = InputHistory(["a = 1", "b = 2", "a = 3"])
    assert history.previous("typed") == "a = 3"
    assert history.previous("a = 3") == "b = 2"
    assert history.next("b = 2") == "a = 3"
    assert history.next("a = 3") == "typed"
    assert history.next("typed") is None


def test_history_prefix_search_and_no_repeats():
    history = InputHistory()
    for entry in ["a = 1", "b = 2", "a = 3", "a = 3", "  "]:
        history.add(entry)
    assert history.entries == ["a = 1", "b = 2", "a = 3"]
    assert history.previous("a", "a") == "a = 3"
    assert history.previous("a = 3", "a") == "a = 1"
    assert history.previous("a = 1", "a") is None


def test_kill_ring_yanks_the_newest_then_rotates():
    ring = KillRing()
    assert ring.yank() == ""
    ring.kill("first")
    ring.kill("second")
    assert ring.yank() == "second"
    assert ring.rotate() == "first"
    assert ring.rotate() == "second"


@pytest.mark.parametrize(
    ("text", "cursor", "expected"),
    [
        ("f(a[1])", 7, (6, 1)),
        ("f(a[1])", 1, (1, 6)),
        ("f(a[1]", 6, (5, 3)),
        ("f(a", 2, None),
        ("abc", 1, None),
    ],
)
def test_matching_brackets(text, cursor, expected):
    assert matching_bracket(text, cursor) == expected


def test_plain_listing_fills_columns_like_ls():
    assert plain_listing(["aa", "bb", "cc"], 100) == "aa  bb  cc\n"
    assert plain_listing(["aa", "bb", "cc"], 8) == "aa  cc\nbb\n"
    assert common_prefix(["zebra_one", "zebra_two"]) == "zebra_"


def test_calltip_text_drops_escapes_and_is_short():
    text = calltip_text("\x1b[31mSignature:\x1b[0m f(x)\nDocstring: one\n" + "line\n" * 40, 80)
    assert text.startswith("Signature: f(x)")
    assert len(text.split("\n")) <= 21


def test_palettes_light_and_dark():
    assert not LIGHT.dark
    assert DARK.dark
    assert palette_for("") is LIGHT
    assert palette_for("monokai") is DARK
    assert palette_for("solarized-dark").dark
    assert ".in-prompt { color: #000080; }" in style_sheet(LIGHT)


def test_an_edited_entry_keeps_its_edit_while_browsing_unless_locked():
    history = InputHistory(["first", "second"])
    assert history.previous("") == "second"
    assert history.previous("second edited") == "first"
    assert history.next("first") == "second edited"
    history.add("ran")
    assert history.previous("") == "ran"
    assert history.previous("ran") == "second"  # edits end when an input runs
    locked = InputHistory(["first", "second"], lock=True)
    assert locked.previous("") == "second"
    assert locked.previous("second edited") == "first"
    assert locked.next("first") == "second"


def test_lsmagic_json_grouped_by_class():
    listing = {
        "line": {"timeit": "ExecutionMagics", "who": "NamespaceMagics", "lsmagic": "BasicMagics"},
        "cell": {"timeit": "ExecutionMagics", "bash": "ScriptMagics"},
    }
    assert magics_by_class(listing) == {
        "Basic": ["%lsmagic"],
        "Execution": ["%%timeit", "%timeit"],
        "Namespace": ["%who"],
        "Script": ["%%bash"],
    }
    assert magics_by_class({}) == {}
    assert magics_by_class({"line": "not a mapping"}) == {}
