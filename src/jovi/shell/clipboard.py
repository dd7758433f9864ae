"""The text on the system clipboard, read with the platform's own tools (for ``%paste``).

macOS: ``pbpaste``.  Wayland: ``wl-paste``.  X11: ``xclip`` or ``xsel``.  Windows:
PowerShell's ``Get-Clipboard``.  When none is installed, the error says what to
install, and that ``%cpaste`` pastes through the terminal instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from jovi.errors import UsageError

__all__ = ["clipboard_commands", "read_clipboard"]

_TIMEOUT_S = 5.0
_WAYLAND = ["wl-paste", "--no-newline"]
_XCLIP = ["xclip", "-selection", "clipboard", "-o"]
_XSEL = ["xsel", "--clipboard", "--output"]


def clipboard_commands() -> list[list[str]]:
    """The commands that may print the clipboard here, best first."""
    if sys.platform == "darwin":
        return [["pbpaste"]]
    if os.name == "nt":
        return [["powershell", "-NoProfile", "-Command", "Get-Clipboard"]]
    if os.environ.get("WAYLAND_DISPLAY"):
        return [_WAYLAND, _XCLIP, _XSEL]
    return [_XCLIP, _XSEL, _WAYLAND]


def read_clipboard() -> str:
    """The clipboard's text.

    Raises:
        UsageError: no clipboard tool is installed, or none could read the clipboard.
    """
    failures: list[str] = []
    for command in clipboard_commands():
        program = shutil.which(command[0])
        if program is None:
            continue
        try:
            done = subprocess.run(  # noqa: S603 - a fixed command found on PATH
                [program, *command[1:]], capture_output=True, timeout=_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            failures.append(f"{command[0]}: {error}")
            continue
        if done.returncode == 0:
            return done.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n")
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        failures.append(
            f"{command[0]}: {message[0] if message else f'exit status {done.returncode}'}"
        )
    if failures:
        raise UsageError(f"could not read the clipboard ({'; '.join(failures)})")
    tools = " or ".join(command[0] for command in clipboard_commands())
    raise UsageError(
        f"no clipboard tool found (install {tools}); %cpaste pastes through the terminal instead"
    )
