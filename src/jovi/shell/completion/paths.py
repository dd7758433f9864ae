"""Completing file and directory names (in strings, after ``!`` and path-taking magics).

``~`` is expanded for listing but kept in what is inserted; directories end in
``/``; outside a string literal, spaces in names are escaped with a backslash.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["path_matches"]

_MAX_ENTRIES = 2000


def path_matches(
    partial: str, *, in_string: bool, only_dirs: bool = False, suffixes: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """``(completion, kind)`` for the path typed so far (``kind`` is ``path`` or ``directory``)."""
    unescaped = partial if in_string else partial.replace("\\ ", " ")
    head, _, tail = unescaped.rpartition("/")
    directory = (
        Path(head or ".").expanduser() if head or not unescaped.startswith("/") else Path("/")
    )
    if unescaped.startswith("/") and not head:
        directory = Path("/")
    try:
        entries = []
        with os.scandir(directory) as scan:
            for index, entry in enumerate(scan):
                if index > _MAX_ENTRIES:
                    break
                entries.append(entry)
    except OSError:
        return []
    out = []
    show_hidden = tail.startswith(".")
    for entry in sorted(entries, key=lambda e: e.name):
        name = entry.name
        if not name.startswith(tail) or (name.startswith(".") and not show_hidden):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if only_dirs and not is_dir:
            continue
        if suffixes and not is_dir and not name.endswith(suffixes):
            continue
        text = (
            (head + "/" if head or unescaped.startswith("/") else "")
            + name
            + ("/" if is_dir else "")
        )
        if not in_string:
            text = text.replace(" ", "\\ ")
        out.append((text, "directory" if is_dir else "path"))
    return out
