"""Changing directory: ``%cd``, ``%pwd``, ``%pushd``, ``%popd``, ``%dirs``, ``%dhist``,
``%bookmark``.

Every change of directory is appended to ``_dh`` (the directory history); the last
100 distinct directories are kept in the profile's database, and ``%store -r`` brings
them back.  Bookmarks are kept there too, so they last across sessions.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import StoredValueError, UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.shell.profiledb import BOOKMARKS_KEY, DHIST_KEY, as_usage_error

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["DirectoryMagics", "compress_dhist"]

_KEPT_DIRECTORIES = 100
_HISTORY_NUMBER = re.compile(r"-(\d+)$")
_CD_FLAGS = re.compile(r"-([qb]+)(?:\s+|$)")


def compress_dhist(history: list[str], keep: int = _KEPT_DIRECTORIES) -> list[str]:
    """The last ``keep`` distinct directories of ``history``, oldest first."""
    seen: set[str] = set()
    recent: list[str] = []
    for directory in reversed(history):
        if directory not in seen:
            seen.add(directory)
            recent.append(directory)
        if len(recent) == keep:
            break
    return recent[::-1]


def _peel_options(text: str) -> tuple[set[str], str]:
    """``-q``/``-b`` flags at the start of ``%cd``'s line, and the rest (``-`` and ``-N`` stay)."""
    flags: set[str] = set()
    while match := _CD_FLAGS.match(text):
        flags |= set(match.group(1))
        text = text[match.end() :]
    return flags, text


def _home_abbreviated(path: str) -> str:
    home = str(Path.home())
    return "~" + path[len(home) :] if path == home or path.startswith(home + os.sep) else path


@magics_class
class DirectoryMagics(Magics):
    """The working directory, its history, a directory stack and bookmarks."""

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        self.dir_stack: list[str] = []

    # ------------------------------------------------------------------ helpers

    @property
    def _history(self) -> list[str]:
        history: list[str] = self.shell.history_manager.dir_hist
        return history

    def _bookmarks(self) -> dict[str, str]:
        try:
            bookmarks: dict[str, str] = self.shell.db.get(BOOKMARKS_KEY, {})
        except StoredValueError as error:
            raise UsageError(f"{error}; remove them with %bookmark -r") from None
        return bookmarks

    def _change_to(self, target: str) -> None:
        """chdir, then record the new directory in ``_dh`` and the profile's database."""
        before = Path.cwd()
        path = Path(target).expanduser()
        try:
            os.chdir(path)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise UsageError(f"cannot change directory to {target}: {reason}.") from None
        now = Path.cwd()
        if now != before:
            self._history.append(str(now))
            try:
                self.shell.db[DHIST_KEY] = compress_dhist(self._history)
            except StoredValueError as error:
                self.shell.output.write(
                    f"jovi: the directory history could not be saved: {error}\n", error=True
                )

    def _from_history(self, text: str) -> str:
        """The directory ``-N`` (``_dh[N]``) or ``--pattern`` stands for."""
        history = self._history
        number = _HISTORY_NUMBER.match(text)
        if number:
            index = int(number.group(1))
            if index >= len(history):
                raise UsageError("The requested directory does not exist in history (see %dhist).")
            return history[index]
        pattern = text[2:]
        fallback = None
        for entry in reversed(history):
            if not Path(entry).is_dir():
                continue
            if pattern in Path(entry).name:
                return entry
            if fallback is None and pattern in entry:
                fallback = entry
        if fallback is None:
            raise UsageError(f"No matching entry in directory history for {pattern!r}.")
        return fallback

    # ------------------------------------------------------------------ magics

    @line_magic
    def cd(self, parameter_s: str = "") -> None:
        """Change the working directory: ``%cd [-q] [-b] [DIR | - | -N | --PATTERN | BOOKMARK]``.

        * ``%cd`` alone goes home; ``%cd DIR`` goes to DIR (``~`` allowed);
        * ``%cd -`` goes back to the previous directory (``_dh[-2]``);
        * ``%cd -N`` goes to entry N of the directory history (``%dhist`` numbers them);
        * ``%cd --PATTERN`` goes to the latest directory in the history whose last part
          contains PATTERN (else whose path does);
        * ``%cd NAME`` goes to the bookmark NAME when no directory NAME exists, and
          ``%cd -b NAME`` always means the bookmark (see ``%bookmark``).

        The new directory is printed, unless ``-q``, and appended to ``_dh``.
        ``!cd`` cannot change jovi's directory: the command runs in a subshell.
        """
        opts, rest = _peel_options(parameter_s.strip())
        if _HISTORY_NUMBER.match(rest) or rest.startswith("--"):
            target = self._from_history(rest)
        else:
            try:
                target = " ".join(shlex.split(rest))
            except ValueError as error:
                raise UsageError(f"%cd cannot read the directory name: {error}") from None
        if target == "-":
            if len(self._history) < 2:
                raise UsageError("%cd -: No previous directory to change to.")
            target = self._history[-2]
        elif target and ("b" in opts or not Path(target).expanduser().is_dir()):
            bookmarks = self._bookmarks()
            if target in bookmarks:
                self.shell.output.write(f"(bookmark:{target}) -> {bookmarks[target]}\n")
                target = bookmarks[target]
            elif "b" in opts:
                raise UsageError(
                    f"Bookmark '{target}' not found.  Use '%bookmark -l' to see your bookmarks."
                )
        self._change_to(target or str(Path.home()))
        if "q" not in opts:
            self.shell.output.write(f"{Path.cwd()}\n")

    @line_magic
    def pwd(self, parameter_s: str = "") -> str:
        """Return the current working directory: ``'/home/me/project'``."""
        return str(Path.cwd())

    @line_magic
    def pushd(self, parameter_s: str = "") -> list[str]:
        """Change to DIR and remember where you were: ``%pushd [DIR]``; ``%popd`` goes back.

        Returns the directory stack (``%dirs``).  Without DIR the current directory is
        pushed.
        """
        here = _home_abbreviated(str(Path.cwd()))
        if parameter_s.strip():
            self.cd("-q " + parameter_s.strip())
        self.dir_stack.insert(0, here)
        return self.dirs()

    @line_magic
    def popd(self, parameter_s: str = "") -> None:
        """Go back to the directory saved by the last ``%pushd``, and print it."""
        if not self.dir_stack:
            raise UsageError("%popd on empty stack")
        top = self.dir_stack[0]
        self._change_to(top)
        self.dir_stack.pop(0)
        self.shell.output.write(f"popd -> {top}\n")

    @line_magic
    def dirs(self, parameter_s: str = "") -> list[str]:
        """Return the directory stack of ``%pushd`` (most recent first)."""
        return list(self.dir_stack)

    @line_magic
    def dhist(self, parameter_s: str = "") -> None:
        """Print the directory history (kept in ``_dh``): ``%dhist [N | N1 N2]``.

        ``%dhist N`` prints the last N entries, ``%dhist N1 N2`` entries N1 up to (not
        including) N2.  ``%cd -N`` goes to entry N.
        """
        history = self._history
        words = parameter_s.split()
        try:
            numbers = [int(word) for word in words]
        except ValueError:
            raise UsageError("%dhist takes up to two numbers: %dhist [N | N1 N2]") from None
        if not numbers:
            first, last = 0, len(history)
        elif len(numbers) == 1:
            first, last = max(len(history) - numbers[0], 0), len(history)
        elif len(numbers) == 2:
            first, last = max(numbers[0], 0), min(numbers[1], len(history))
        else:
            raise UsageError("%dhist takes up to two numbers: %dhist [N | N1 N2]")
        lines = ["Directory history (kept in _dh)"]
        lines += [f"{index}: {history[index]}" for index in range(first, last)]
        self.shell.output.write("\n".join(lines) + "\n")

    @line_magic
    def bookmark(self, parameter_s: str = "") -> None:
        """Name directories, for ``%cd NAME`` and ``%cd -b NAME``; kept across sessions.

        * ``%bookmark NAME``: NAME stands for the current directory;
        * ``%bookmark NAME DIR``: NAME stands for DIR;
        * ``%bookmark -l``: list the bookmarks;
        * ``%bookmark -d NAME``: forget NAME;
        * ``%bookmark -r``: forget every bookmark.
        """
        opts, args = self.parse_options(parameter_s, "drl", mode="list")
        if len(args) > 2:
            raise UsageError("%bookmark: too many arguments (%bookmark NAME [DIR])")
        bookmarks = {} if "r" in opts else self._bookmarks()
        if "d" in opts:
            if not args:
                raise UsageError("%bookmark -d: say which bookmark to delete")
            if args[0] not in bookmarks:
                raise UsageError(f"%bookmark -d: there is no bookmark {args[0]!r}")
            del bookmarks[args[0]]
        elif "r" in opts:
            pass
        elif "l" in opts:
            self._list(bookmarks)
            return
        elif not args:
            raise UsageError("%bookmark: You must specify the bookmark name")
        else:
            target = Path(args[1]).expanduser().absolute() if len(args) == 2 else Path.cwd()
            bookmarks[args[0]] = str(target)
        with as_usage_error():
            self.shell.db[BOOKMARKS_KEY] = bookmarks

    def _list(self, bookmarks: dict[str, str]) -> None:
        if not bookmarks:
            self.shell.output.write("No bookmarks defined (%bookmark NAME [DIR] adds one).\n")
            return
        width = max(len(name) for name in bookmarks)
        lines = ["Current bookmarks:"]
        lines += [f"{name.ljust(width)} -> {path}" for name, path in sorted(bookmarks.items())]
        self.shell.output.write("\n".join(lines) + "\n")
