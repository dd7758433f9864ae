"""Opening files in the user's editor, for ``%edit``.

The editor is, in order: an ``editor`` hook installed with
``shell.set_hook('editor', fn)`` (called as ``fn(shell, filename, line)``), the
shell's ``editor`` option (``TerminalInteractiveShell.editor``), ``$VISUAL``,
``$EDITOR``, and ``vi`` (``notepad`` on Windows).  It is run as ``editor +LINE
file`` when a line is known, and jovi waits until it exits.

Temporary files made for editing are removed when the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from jovi.errors import UsageError

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["editor_command", "make_temporary_file", "open_in_editor"]

_temporary_files: list[Path] = []


def _remove_temporary_files() -> None:
    for path in _temporary_files:
        with contextlib.suppress(OSError):
            path.unlink()
    _temporary_files.clear()


atexit.register(_remove_temporary_files)


def editor_command(shell: InteractiveShell) -> list[str]:
    """The editor's command line, split into words."""
    configured = (
        getattr(shell, "editor", "")
        or os.environ.get("VISUAL")
        or os.environ.get("EDITOR")
        or ("notepad" if os.name == "nt" else "vi")
    )
    try:
        words = shlex.split(configured, posix=os.name != "nt")
    except ValueError:
        words = configured.split()
    return words or ["vi"]


def make_temporary_file(text: str = "") -> Path:
    """A new ``jovi_edit_*.py`` file in the temporary directory holding ``text``."""
    descriptor, name = tempfile.mkstemp(prefix="jovi_edit_", suffix=".py")
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)
    path = Path(name)
    _temporary_files.append(path)
    return path


def open_in_editor(shell: InteractiveShell, path: Path, line: int | None = None) -> None:
    """Edit ``path`` (at ``line``) and wait for the editor to finish.

    Raises:
        UsageError: the editor cannot be started or reports a failure.
    """
    hook = getattr(shell, "hooks", {}).get("editor")
    if hook is not None:
        hook(shell, str(path), line)
        return
    command = editor_command(shell)
    if line is not None and line > 0:
        command.append(f"+{line}")
    command.append(str(path))
    try:
        finished = subprocess.run(command, check=False)  # noqa: S603 - the user's own editor
    except OSError as error:
        raise UsageError(
            f"cannot start the editor {command[0]!r} ({error.strerror}); "
            "set $EDITOR or TerminalInteractiveShell.editor"
        ) from None
    if finished.returncode != 0:
        raise UsageError(
            f"the editor {command[0]!r} exited with status {finished.returncode}; nothing was run"
        )
