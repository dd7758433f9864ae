"""The prompts of the terminal shell: ``In [N]:``, ``...:``, ``Out[N]:``.

A prompts class gives each prompt as prompt_toolkit "formatted text" (a list of
``(style, text)`` pairs), so colours come from the style.  Choose another class with
``TerminalInteractiveShell.prompts_class`` (``jovi.terminal.prompts.ClassicPrompts``
gives ``>>>`` and ``...``), or subclass :class:`Prompts`::

    class MyPrompts(Prompts):
        def in_prompt_tokens(self):
            return [("class:prompt", "jovi> ")]

    get_ipython().prompts = MyPrompts(get_ipython())
"""

from __future__ import annotations

import sys
from typing import Protocol

__all__ = ["ClassicPrompts", "Counted", "Prompts", "StyledText"]

StyledText = list[tuple[str, str]]


class Counted(Protocol):
    """What prompts number: the terminal shell, or the console (the kernel's count)."""

    execution_count: int


class Prompts:
    """``In [N]: `` / ``   ...: `` / ``Out[N]: ``; continuation prompts line up."""

    def __init__(self, shell: Counted) -> None:
        self.shell = shell

    def vi_mode(self) -> str:
        """``[ins] ``, ``[nav] `` or ``[rep] `` in vi mode (``prompt_includes_vi_mode``), else ''."""
        shell = self.shell
        if getattr(shell, "editing_mode", "") != "vi" or not getattr(
            shell, "prompt_includes_vi_mode", False
        ):
            return ""
        mode = "vi-insert"  # what the editor starts in (and the early prompt shows)
        if "prompt_toolkit" in sys.modules:
            from prompt_toolkit.application.current import get_app_or_none  # noqa: PLC0415 - start-up cost

            app = get_app_or_none()
            if app is not None and app.editing_mode.value == "VI":
                mode = str(app.vi_state.input_mode.value)
        return "[" + _VI_MODES.get(mode, "ins") + "] "

    def in_prompt_tokens(self) -> StyledText:
        mode = self.vi_mode()
        return [
            *([("class:prompt.vi-mode", mode)] if mode else []),
            ("class:prompt", "In ["),
            ("class:prompt.number", str(self.shell.execution_count)),
            ("class:prompt", "]: "),
        ]

    def _width(self) -> int:
        return sum(len(text) for _style, text in self.in_prompt_tokens())

    def continuation_prompt_tokens(self, width: int | None = None) -> StyledText:
        width = self._width() if width is None else width
        return [("class:prompt", "...: ".rjust(width))]

    def rewrite_prompt_tokens(self) -> StyledText:
        return [("class:prompt", "-" * (self._width() - 2) + "> ")]

    def out_prompt_tokens(self) -> StyledText:
        return [
            ("class:out-prompt", "Out["),
            ("class:out-prompt.number", str(self.shell.execution_count)),
            ("class:out-prompt", "]: "),
        ]


class ClassicPrompts(Prompts):
    """The plain Python prompts: ``>>> ``, ``... `` and no output prompt."""

    def in_prompt_tokens(self) -> StyledText:
        return [("class:prompt", ">>> ")]

    def continuation_prompt_tokens(self, width: int | None = None) -> StyledText:
        return [("class:prompt", "... ")]

    def rewrite_prompt_tokens(self) -> StyledText:
        return []

    def out_prompt_tokens(self) -> StyledText:
        return []


_VI_MODES = {
    "vi-insert": "ins",
    "vi-insert-multiple": "ins",
    "vi-navigation": "nav",
    "vi-replace": "rep",
    "vi-replace-single": "rep",
}


def as_text(tokens: StyledText) -> str:
    return "".join(text for _style, text in tokens)
