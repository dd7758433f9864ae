"""jovi's key bindings as data: named commands, keys and filters the user can change.

Each of jovi's own bindings is a :class:`Shortcut`: a command name (``jovi:new_line``),
the keys that run it and a *filter*, the condition under which it applies, written
with the verbs of :data:`FILTER_VERBS` joined by ``&`` (and), ``|`` (or) and ``~``
(not), with parentheses.  ``TerminalInteractiveShell.shortcuts`` (the option IPython 9
has, with the same keys) rebinds, disables or adds shortcuts::

    c.TerminalInteractiveShell.shortcuts = [
        {"command": "jovi:new_line", "match_keys": ["c-o"], "new_keys": []},   # off
        {"command": "jovi:edit_in_editor", "new_keys": ["c-x", "c-e"]},         # moved
        {"command": "prompt_toolkit:named_commands.capitalize_word",
         "new_keys": ["c-q"], "create": True},                                   # added
    ]

An entry changes every shortcut of its ``command`` that its ``match_keys`` and
``match_filter`` (when given) select.  Only jovi's shortcuts can be changed, not the
emacs and vi bindings prompt_toolkit provides; new ones may run a jovi command or one
of prompt_toolkit's named (readline) commands.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, NamedTuple

from prompt_toolkit.application.current import get_app
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import (
    Always,
    Condition,
    Filter,
    HasFocus,
    emacs_insert_mode,
    emacs_mode,
    has_completions,
    has_selection,
    has_suggestion,
    vi_insert_mode,
    vi_mode,
    vi_navigation_mode,
)
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.key_binding.bindings.named_commands import get_by_name

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from prompt_toolkit.key_binding import KeyPressEvent

__all__ = [
    "FILTER_VERBS",
    "Shortcut",
    "ShortcutError",
    "apply_user_shortcuts",
    "key_bindings_from",
    "parse_filter",
    "verb_filters",
]


class Shortcut(NamedTuple):
    """One binding: ``keys`` run ``command`` (``handler``) when ``filter`` holds."""

    command: str
    keys: tuple[str, ...]
    filter: str
    handler: Callable[[KeyPressEvent], Any]


class ShortcutError(ValueError):
    """A ``shortcuts`` entry that cannot be applied (said in one line, then skipped)."""


def _line_before_cursor_is_blank() -> bool:
    return not get_app().current_buffer.document.current_line_before_cursor.strip()


def _is_multiline() -> bool:
    return "\n" in get_app().current_buffer.text


FILTER_VERBS: dict[str, str] = {
    "always": "always true",
    "default_buffer_focused": "the input (not a search field) has the focus",
    "has_completions": "the completion menu is open",
    "has_selection": "text is selected",
    "has_suggestion": "a suggestion from history is shown",
    "line_before_cursor_is_blank": "only spaces precede the cursor on its line",
    "is_multiline": "the input has more than one line",
    "emacs_mode": "emacs editing mode",
    "emacs_insert_mode": "emacs mode, inserting",
    "vi_mode": "vi editing mode",
    "vi_insert_mode": "vi mode, inserting",
    "vi_navigation_mode": "vi mode, navigating",
    "insert_mode": "inserting, in either mode",
    "auto_match": "the auto_match option is on",
    "navigable_suggestions": "autosuggestions_provider is NavigableAutoSuggestFromHistory",
}
"""The words a shortcut filter is made of, and what each means."""


def verb_filters(extra: Mapping[str, Filter] | None = None) -> dict[str, Filter]:
    """Every filter verb as a prompt_toolkit filter (``extra``: the host's own verbs)."""

    verbs: dict[str, Filter] = {
        "always": Always(),
        "default_buffer_focused": HasFocus(DEFAULT_BUFFER),
        "has_completions": has_completions,
        "has_selection": has_selection,
        "has_suggestion": has_suggestion,
        "line_before_cursor_is_blank": Condition(_line_before_cursor_is_blank),
        "is_multiline": Condition(_is_multiline),
        "emacs_mode": emacs_mode,
        "emacs_insert_mode": emacs_insert_mode,
        "vi_mode": vi_mode,
        "vi_insert_mode": vi_insert_mode,
        "vi_navigation_mode": vi_navigation_mode,
        "insert_mode": emacs_insert_mode | vi_insert_mode,
    }
    verbs.update(extra or {})
    return verbs


def parse_filter(text: str, verbs: Mapping[str, Filter]) -> Filter:
    """The prompt_toolkit filter written as ``text`` (``a & ~(b | c)``)."""
    try:
        tree = ast.parse(text.strip() or "always", mode="eval").body
    except SyntaxError:
        raise ShortcutError(f"the filter {text!r} is not an expression of verbs") from None

    def build(node: ast.expr) -> Filter:
        if isinstance(node, ast.Name):
            if node.id not in verbs:
                raise ShortcutError(
                    f"unknown filter verb {node.id!r}; the verbs are: {', '.join(verbs)}"
                )
            return verbs[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
            return ~build(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
            return build(node.left) & build(node.right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return build(node.left) | build(node.right)
        raise ShortcutError(f"the filter {text!r} may only join verbs with &, | and ~")

    return build(tree)


def _same_filter(left: str, right: str) -> bool:
    return "".join(left.split()) == "".join(right.split())


def _named_command(command: str) -> Callable[[KeyPressEvent], Any]:
    name = command.removeprefix("prompt_toolkit:named_commands.").replace("_", "-")
    try:
        binding = get_by_name(name)
    except KeyError:
        raise ShortcutError(f"{command!r} is not one of prompt_toolkit's named commands") from None
    return binding.handler


def _keys(entry: Mapping[str, Any], name: str) -> tuple[str, ...] | None:
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not all(isinstance(key, str) for key in value):
        raise ShortcutError(f"{name} must be a list of key names, such as ['c-x', 'c-e']")
    return tuple(value)


def _apply_one(
    shortcuts: list[Shortcut], entry: Mapping[str, Any], verbs: Mapping[str, Filter]
) -> list[Shortcut]:
    unknown = set(entry) - {
        "command",
        "match_keys",
        "match_filter",
        "new_keys",
        "new_filter",
        "create",
    }
    if unknown:
        raise ShortcutError(f"unknown key {min(unknown)!r} in a shortcut")
    command = entry.get("command")
    if not isinstance(command, str):
        raise ShortcutError("every shortcut needs a 'command'")
    new_keys = _keys(entry, "new_keys")
    new_filter = entry.get("new_filter")
    if new_filter is not None:
        parse_filter(new_filter, verbs)  # a bad filter is reported before anything changes
    if entry.get("create"):
        if not new_keys:
            raise ShortcutError(f"a new shortcut for {command!r} needs 'new_keys'")
        if command.startswith("prompt_toolkit:"):
            handler = _named_command(command)
        else:
            known = next((s for s in shortcuts if s.command == command), None)
            if known is None:
                raise ShortcutError(f"unknown command {command!r}")
            handler = known.handler
        return [*shortcuts, Shortcut(command, new_keys, new_filter or "always", handler)]
    match_keys = _keys(entry, "match_keys")
    match_filter = entry.get("match_filter")
    matched = [
        s
        for s in shortcuts
        if s.command == command
        and (match_keys is None or s.keys == match_keys)
        and (match_filter is None or _same_filter(s.filter, match_filter))
    ]
    if not matched:
        raise ShortcutError(f"no shortcut of {command!r} matches {dict(entry)!r}")
    changed: list[Shortcut] = []
    for shortcut in shortcuts:
        if shortcut not in matched:
            changed.append(shortcut)
        elif new_keys != ():  # an empty list of new keys disables the shortcut
            changed.append(
                shortcut._replace(
                    keys=new_keys if new_keys is not None else shortcut.keys,
                    filter=new_filter if new_filter is not None else shortcut.filter,
                )
            )
    return changed


def apply_user_shortcuts(
    shortcuts: Sequence[Shortcut],
    entries: Sequence[Mapping[str, Any]],
    verbs: Mapping[str, Filter],
    warn: Callable[[str], object],
) -> list[Shortcut]:
    """``shortcuts`` changed by the user's ``entries``; a wrong entry is reported and skipped."""
    result = list(shortcuts)
    for entry in entries:
        try:
            result = _apply_one(result, entry, verbs)
        except ShortcutError as error:
            warn(f"jovi: a shortcut was ignored: {error}\n")
    return result


def key_bindings_from(shortcuts: Sequence[Shortcut], verbs: Mapping[str, Filter]) -> KeyBindings:
    """A KeyBindings with every shortcut, its filter built from the verbs."""
    bindings = KeyBindings()
    for shortcut in shortcuts:
        bindings.add(*shortcut.keys, filter=parse_filter(shortcut.filter, verbs))(shortcut.handler)
    return bindings
