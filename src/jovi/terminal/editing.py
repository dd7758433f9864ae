"""The terminal shell's own editing commands, and its key bindings as the user set them.

* ``auto_match`` (off by default, as in IPython 9): typing ``(``, ``[``, ``{``, ``'``
  or ``"`` also types its closing partner when nothing but a space, a closing
  bracket or the end of the line follows; typing the closing character over the
  partner moves past it; Backspace between an empty pair deletes both.
* F2 (``jovi:edit_in_editor``): edit the whole input in the shell's ``editor``
  (``$VISUAL``, else ``$EDITOR``, else vi); it comes back to the prompt, not run.
* Up and Down while a history suggestion is shown (``NavigableAutoSuggestFromHistory``):
  older and newer suggestions (:mod:`jovi.terminal.suggestions`).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from typing import TYPE_CHECKING

from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.filters import Condition

from jovi.terminal.session import editor_shortcuts
from jovi.terminal.shortcuts import Shortcut, apply_user_shortcuts, key_bindings_from, verb_filters

if TYPE_CHECKING:
    from collections.abc import Callable

    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

    from jovi.terminal.shell import TerminalInteractiveShell
    from jovi.terminal.suggestions import NavigableSuggestions

__all__ = ["auto_match_shortcuts", "edit_in_editor", "shell_key_bindings"]

_PAIRS = {"(": ")", "[": "]", "{": "}", "'": "'", '"': '"'}
_CLOSERS = frozenset(")]}")
# What may follow the cursor for a pair to be typed: nothing, a space, a closer, a separator.
_ROOM_FOR_A_PAIR = re.compile(r"^($|[\s)\]}:,;])")
# A string prefix standing alone before a quote: f"", rb'', u"" ...
_STRING_PREFIX = re.compile(r"(^|[^\w])([rRbBfFuU]|[rR][bBfF]|[bBfF][rR])$")


def _room_after(buffer: Buffer) -> bool:
    return bool(_ROOM_FOR_A_PAIR.match(buffer.document.current_line_after_cursor))


def _open_bracket(event: KeyPressEvent) -> None:
    buffer = event.current_buffer
    char = event.data
    if _room_after(buffer):
        buffer.insert_text(char + _PAIRS[char])
        buffer.cursor_left()
    else:
        buffer.insert_text(char)


def _quote(event: KeyPressEvent) -> None:
    buffer = event.current_buffer
    quote = event.data
    before = buffer.document.current_line_before_cursor
    after = buffer.document.current_line_after_cursor
    if after.startswith(quote) and before.count(quote) % 2 == 1:
        buffer.cursor_right()  # over the partner typed with the opening quote
        return
    word_before = bool(before) and (before[-1].isalnum() or before[-1] in "_" + quote)
    if (
        _room_after(buffer)
        and before.count(quote) % 2 == 0
        and (not word_before or _STRING_PREFIX.search(before))
    ):
        buffer.insert_text(quote * 2)
        buffer.cursor_left()
    else:
        buffer.insert_text(quote)


def _close_bracket(event: KeyPressEvent) -> None:
    buffer = event.current_buffer
    if buffer.document.current_line_after_cursor.startswith(event.data):
        buffer.cursor_right()
    else:
        buffer.insert_text(event.data)


def _delete_pair(event: KeyPressEvent) -> None:
    buffer = event.current_buffer
    before = buffer.document.current_line_before_cursor
    after = buffer.document.current_line_after_cursor
    if before and after and _PAIRS.get(before[-1]) == after[0]:
        buffer.delete()
    buffer.delete_before_cursor(count=event.arg)


def auto_match_shortcuts() -> list[Shortcut]:
    """The shortcuts of ``auto_match``, active while it is on and text is being inserted."""
    when = "default_buffer_focused & auto_match & insert_mode & ~has_selection"
    shortcuts = [Shortcut("jovi:auto_match.open", (char,), when, _open_bracket) for char in "([{"]
    shortcuts += [Shortcut("jovi:auto_match.quote", (char,), when, _quote) for char in "'\""]
    shortcuts += [
        Shortcut("jovi:auto_match.close", (char,), when, _close_bracket) for char in ")]}"
    ]
    shortcuts.append(Shortcut("jovi:auto_match.delete_pair", ("backspace",), when, _delete_pair))
    return shortcuts


def edit_in_editor(
    shell: TerminalInteractiveShell, warn: Callable[[str], object]
) -> Callable[[KeyPressEvent], object]:
    """A command that edits the input in ``shell.editor`` and puts the result back."""

    async def edit(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        text = buffer.text
        edited: list[str] = []

        def run_editor() -> None:
            edited.append(_edited_text(shell.editor, text, warn))

        await run_in_terminal(run_editor, in_executor=True)
        if edited and edited[0] != text:
            buffer.text = edited[0]
            buffer.cursor_position = len(edited[0])

    return edit


def _edited_text(editor: str, text: str, warn: Callable[[str], object]) -> str:
    """``text`` after the user has edited it in ``editor`` (unchanged if it failed)."""
    from pathlib import Path  # noqa: PLC0415 - start-up cost

    handle, name = tempfile.mkstemp(suffix=".py", prefix="jovi-input-")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n" if text else "")
        try:
            status = subprocess.call([*shlex.split(editor), str(path)])  # noqa: S603
        except OSError as error:
            warn(f"jovi: could not start the editor {editor!r}: {error}\n")
            return text
        if status != 0:
            warn(f"jovi: the editor {editor!r} failed (exit status {status}); input unchanged.\n")
            return text
        return path.read_text(encoding="utf-8").rstrip("\n")
    finally:
        path.unlink(missing_ok=True)


def shell_key_bindings(
    shell: TerminalInteractiveShell,
    warn: Callable[[str], object],
    suggestions: NavigableSuggestions,
) -> KeyBindings:
    """jovi's keys for the shell, with ``auto_match``, F2, Up and Down through
    ``suggestions`` and the user's ``shortcuts``."""

    def reformat() -> Callable[[str], str] | None:
        if not shell.autoformatter:
            return None
        from jovi.terminal.formatting import formatter_for  # noqa: PLC0415 - when asked for

        return formatter_for(shell.autoformatter, warn)

    shortcuts = editor_shortcuts(shell.check_complete, lambda: shell.autoindent, reformat=reformat)
    shortcuts.append(
        Shortcut(
            "jovi:edit_in_editor", ("f2",), "default_buffer_focused", edit_in_editor(shell, warn)
        )
    )
    shortcuts += auto_match_shortcuts()
    when = "default_buffer_focused & has_suggestion & navigable_suggestions & ~has_completions"
    shortcuts += [
        Shortcut("jovi:suggestion.older", ("up",), when, lambda event: suggestions.move(event, 1)),
        Shortcut(
            "jovi:suggestion.newer", ("down",), when, lambda event: suggestions.move(event, -1)
        ),
    ]
    verbs = verb_filters(
        {
            "auto_match": Condition(lambda: shell.auto_match),
            "navigable_suggestions": Condition(
                lambda: shell.autosuggestions_provider == "NavigableAutoSuggestFromHistory"
            ),
        }
    )
    shortcuts = apply_user_shortcuts(shortcuts, shell.shortcuts, verbs, warn)
    return key_bindings_from(shortcuts, verbs)
