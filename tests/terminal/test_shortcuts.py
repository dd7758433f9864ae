"""The ``shortcuts`` option on jovi's named key bindings: what each entry changes."""

from __future__ import annotations

import pytest
from prompt_toolkit.filters import Condition

from jovi.terminal.session import editor_shortcuts
from jovi.terminal.shortcuts import (
    ShortcutError,
    apply_user_shortcuts,
    key_bindings_from,
    parse_filter,
    verb_filters,
)


@pytest.fixture
def shortcuts():
    return editor_shortcuts(lambda text: ("complete", ""), lambda: True)


@pytest.fixture
def verbs():
    return verb_filters({"auto_match": Condition(lambda: True)})


def _apply(shortcuts, verbs, *entries):
    warnings: list[str] = []
    result = apply_user_shortcuts(shortcuts, list(entries), verbs, warnings.append)
    return result, warnings


def _keys_of(shortcuts, command):
    return sorted(s.keys for s in shortcuts if s.command == command)


def test_empty_new_keys_disable_only_the_matched_shortcut(shortcuts, verbs):
    result, warnings = _apply(
        shortcuts, verbs, {"command": "jovi:new_line", "match_keys": ["c-o"], "new_keys": []}
    )
    assert warnings == []
    assert _keys_of(result, "jovi:new_line") == [("escape", "enter")]


def test_without_match_keys_every_shortcut_of_the_command_changes(shortcuts, verbs):
    result, _ = _apply(shortcuts, verbs, {"command": "jovi:run_or_new_line", "new_keys": ["c-m"]})
    assert _keys_of(result, "jovi:run_or_new_line") == [("c-m",), ("c-m",)]


def test_match_filter_selects_and_new_filter_replaces(shortcuts, verbs):
    result, warnings = _apply(
        shortcuts,
        verbs,
        {
            "command": "jovi:accept_completion",
            "match_filter": "default_buffer_focused&has_completions",
            "new_filter": "has_completions & ~vi_navigation_mode",
        },
    )
    assert warnings == []
    [changed] = [s for s in result if s.command == "jovi:accept_completion"]
    assert changed.filter == "has_completions & ~vi_navigation_mode"
    key_bindings_from(result, verbs)  # every filter still builds


def test_create_adds_a_named_readline_command(shortcuts, verbs):
    result, warnings = _apply(
        shortcuts,
        verbs,
        {
            "command": "prompt_toolkit:named_commands.capitalize_word",
            "new_keys": ["c-q"],
            "create": True,
        },
    )
    assert warnings == []
    assert _keys_of(result, "prompt_toolkit:named_commands.capitalize_word") == [("c-q",)]


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        ({"command": "jovi:nothing", "new_keys": ["c-t"]}, "no shortcut of 'jovi:nothing'"),
        ({"new_keys": ["c-t"]}, "needs a 'command'"),
        ({"command": "jovi:new_line", "new_keys": "c-t"}, "must be a list of key names"),
        ({"command": "jovi:new_line", "new_filter": "has_focus"}, "unknown filter verb"),
        ({"command": "jovi:new_line", "new_filter": "vi_mode and emacs_mode"}, "may only join"),
        ({"command": "jovi:new_line", "keys": ["c-t"]}, "unknown key 'keys'"),
        (
            {"command": "prompt_toolkit:named_commands.nope", "new_keys": ["c-t"], "create": True},
            "not one of prompt_toolkit's named commands",
        ),
    ],
)
def test_a_wrong_entry_is_one_line_and_changes_nothing(shortcuts, verbs, entry, said):
    result, warnings = _apply(shortcuts, verbs, entry)
    assert result == shortcuts
    assert len(warnings) == 1
    assert said in warnings[0]
    assert warnings[0].count("\n") == 1


def test_filters_join_verbs_with_and_or_not(verbs):
    parse_filter("(vi_mode | emacs_mode) & ~has_selection", verbs)
    with pytest.raises(ShortcutError):
        parse_filter("vi_mode &", verbs)
