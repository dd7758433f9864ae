"""``jovi history trim|clear``: make the history database of a profile smaller."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp, Subcommand
from jovi.config import Bool, Flag, Int
from jovi.config.command_line import Alias

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["HistoryApp", "HistoryClearApp", "HistoryTrimApp"]


class HistoryApp(JoviApp):
    """``jovi history``: only dispatches to its subcommands."""

    command: ClassVar[str] = "jovi history"
    summary: ClassVar[str] = "trim or clear the input history of a profile."
    usage: ClassVar[tuple[str, ...]] = ()
    subcommands: ClassVar[tuple[Subcommand, ...]] = (
        Subcommand(
            "trim",
            "jovi.cli.history:HistoryTrimApp",
            "Keep only the newest inputs (1000 by default).",
        ),
        Subcommand("clear", "jovi.cli.history:HistoryClearApp", "Delete the whole history."),
    )

    def start(self) -> int:
        names = ", ".join(sub.name for sub in self.subcommands)
        print(f"No subcommand specified. Must specify one of: {names}.\n")
        print(self.help_text())
        return EXIT_FAILURE


def _backup(database: Path) -> Path:
    number = 1
    while (target := database.with_name(f"{database.name}.old.{number}")).exists():
        number += 1
    source = sqlite3.connect(database)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


class HistoryTrimApp(JoviApp):
    """``jovi history trim``: keep the newest inputs only."""

    command: ClassVar[str] = "jovi history trim"
    summary: ClassVar[str] = "keep only the newest inputs of the profile's history."
    usage: ClassVar[tuple[str, ...]] = ("[--keep N] [--backup] [options]",)
    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("keep", "HistoryTrimApp.keep", "How many of the newest inputs to keep.", "N"),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "backup",
            {"HistoryTrimApp": {"backup": True}},
            "Keep a copy of the database as history.sqlite.old.N.",
        ),
    )

    keep = Int(1000, min=0, help="How many of the newest inputs `jovi history trim` keeps.")
    backup = Bool(False, help="Copy the database to history.sqlite.old.N before trimming it.")

    def start(self) -> int:
        from jovi.shell.history.store import HistoryDatabase

        assert self.profile_dir is not None
        path = self.profile_dir.history_file
        if not path.exists():
            print(f"There is no history database at {path}; nothing to do.")
            return EXIT_OK
        database = HistoryDatabase(path)
        try:
            total = database.count()
            if total <= self.keep:
                print(
                    f"There are already at most {self.keep} entries in the history database.\nNot doing anything."
                )
                return EXIT_OK
            if self.backup:
                print(f"Backed up the history to {_backup(path)}")
            removed = database.trim(self.keep)
        finally:
            database.close()
        print(f"Removed {removed} of {total} inputs from {path}; kept the newest {self.keep}.")
        return EXIT_OK


class HistoryClearApp(HistoryTrimApp):
    """``jovi history clear``: delete the whole history."""

    command: ClassVar[str] = "jovi history clear"
    summary: ClassVar[str] = "delete every input of the profile's history."
    usage: ClassVar[tuple[str, ...]] = ("[--backup] [options]",)
    aliases: ClassVar[tuple[Alias, ...]] = JoviApp.aliases

    def start(self) -> int:
        self.keep = 0
        return super().start()
