"""``%doctest_mode``: the shell made to look like the plain Python prompt, and back.

On: ``>>>``/``...`` prompts and no ``Out[N]:`` (in a frontend with prompts), no blank
lines between prompts, ``repr()`` instead of pretty printing, text output only and
``Plain`` tracebacks.  Off: every one of those settings as it was before.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["CLASSIC_PROMPTS", "toggle_doctest_mode"]

CLASSIC_PROMPTS = "jovi.terminal.prompts.ClassicPrompts"

# What each shell had before doctest mode was turned on.
_saved: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def _settings(shell: InteractiveShell) -> list[tuple[Any, str, Any]]:
    """``(object, attribute, value in doctest mode)`` for everything the mode changes."""
    settings: list[tuple[Any, str, Any]] = [
        (shell.plain_text_formatter, "pprint", False),
        (shell.display_formatter_options, "plain_text_only", True),
        (shell, "xmode", "Plain"),
    ]
    # Frontends with prompts (the terminal) have these options.
    if hasattr(shell, "prompts_class"):
        settings.append((shell, "prompts_class", CLASSIC_PROMPTS))
    if hasattr(shell, "separate_in"):
        settings.append((shell, "separate_in", ""))
    return settings


def toggle_doctest_mode(shell: InteractiveShell) -> bool:
    """Switch doctest mode on or off; returns whether it is now on."""
    saved = _saved.pop(shell, None)
    if saved is None:
        values = {}
        for target, attribute, value in _settings(shell):
            values[f"{id(target)}.{attribute}"] = getattr(target, attribute)
            setattr(target, attribute, value)
        _saved[shell] = values
        on = True
    else:
        for target, attribute, _value in _settings(shell):
            key = f"{id(target)}.{attribute}"
            if key in saved:
                setattr(target, attribute, saved[key])
        on = False
    shell.output.write(f"Exception reporting mode: {shell.xmode}\n")
    shell.output.write(f"Doctest mode is: {'ON' if on else 'OFF'}\n")
    return on
