"""Showing long text (``obj?``, ``%magic``) a screen at a time.

Text that fits on the screen is printed.  Longer text goes to ``$PAGER`` (``less -R``
when PAGER is unset and less exists, so colours survive), or is printed whole when
there is no pager or output is not a terminal.
"""

from __future__ import annotations

import os
import shlex
import sys

__all__ = ["page", "pager_command"]


def pager_command() -> list[str] | None:
    """The pager to run, or ``None`` to print."""
    import shutil  # noqa: PLC0415 - the pager's imports wait until something is paged

    configured = os.environ.get("PAGER")
    if configured:
        parts = shlex.split(configured)
        if parts and shutil.which(parts[0]):
            return parts
        return None
    if shutil.which("less"):
        return ["less", "-R"]
    return None


def _fits(text: str) -> bool:
    import shutil  # noqa: PLC0415 - start-up cost

    size = shutil.get_terminal_size((80, 24))
    return text.count("\n") + 1 < size.lines - 1


def page(text: str) -> None:
    """Show ``text``: printed if short or not on a terminal, else through the pager."""
    stdout = sys.stdout
    interactive = stdout is sys.__stdout__ and stdout is not None and stdout.isatty()
    command = pager_command() if interactive and not _fits(text) else None
    if command is None:
        stdout.write(text if text.endswith("\n") else text + "\n")
        stdout.flush()
        return
    import subprocess  # noqa: PLC0415 - start-up cost

    env = dict(os.environ)
    env.setdefault("LESS", "-R")
    try:
        subprocess.run(command, input=text.encode("utf-8", "replace"), env=env, check=False)  # noqa: S603
    except OSError:
        stdout.write(text + "\n")
