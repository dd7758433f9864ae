"""The first prompt, shown before the line editor (prompt_toolkit) has loaded.

Loading prompt_toolkit takes tens of milliseconds, longer than everything else jovi
does before its first prompt.  :class:`EarlyPrompt` prints the prompt first and puts
the terminal in the mode the line editor will use (no echo, no line buffering, no
signal keys, bracketed paste), so that whatever is typed or pasted meanwhile waits,
unchanged, for the editor: Ctrl-C, Ctrl-D, Ctrl-R and a pasted block mean what they
mean at the prompt.  :meth:`EarlyPrompt.hand_over` restores the terminal and clears
the line just before the editor draws the prompt again in the same place.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jovi.terminal.shell import TerminalInteractiveShell

__all__ = ["EarlyPrompt"]

_BRACKETED_PASTE_ON = "\x1b[?2004h"
_CLEAR_LINE = "\r\x1b[K"


class EarlyPrompt:
    """A prompt on the screen, and the terminal settings to restore for the editor."""

    def __init__(self, saved_mode: list[Any] | None) -> None:
        self._saved_mode = saved_mode

    @classmethod
    def show(cls, shell: TerminalInteractiveShell) -> EarlyPrompt:
        saved = _enter_editor_mode(sys.stdin.fileno())
        colors = shell.traceback_formatter.colors
        prompt = "".join(
            colors.paint("prompt_number" if style.endswith("number") else "prompt", text)
            for style, text in shell.prompts.in_prompt_tokens()
        )
        sys.stdout.write((_BRACKETED_PASTE_ON if saved is not None else "") + prompt)
        sys.stdout.flush()
        return cls(saved)

    def hand_over(self) -> None:
        """Give the terminal back as it was, the prompt's line cleared for the editor."""
        if self._saved_mode is not None:
            import termios  # noqa: PLC0415 - start-up cost

            # TCSANOW: keys already typed stay in the input queue for the editor.
            termios.tcsetattr(sys.stdin.fileno(), termios.TCSANOW, self._saved_mode)
        sys.stdout.write(_CLEAR_LINE)
        sys.stdout.flush()


def _enter_editor_mode(fd: int) -> list[Any] | None:
    """Raw input as prompt_toolkit sets it; the previous settings, or None if impossible."""
    try:
        import termios  # noqa: PLC0415 - start-up cost
    except ImportError:  # not a POSIX terminal: the prompt is shown all the same
        return None
    try:
        saved = termios.tcgetattr(fd)
        mode = termios.tcgetattr(fd)
        mode[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
        mode[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
        termios.tcsetattr(fd, termios.TCSANOW, mode)
    except (OSError, termios.error):
        return None
    return saved
