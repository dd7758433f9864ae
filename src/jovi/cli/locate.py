"""``jovi locate``: print jovi's directory; ``jovi locate profile [NAME]``: a profile's."""

from __future__ import annotations

from typing import ClassVar

from jovi.cli.app import EXIT_OK, JoviApp, Subcommand

__all__ = ["LocateApp"]


class LocateApp(JoviApp):
    """``jovi locate``."""

    command: ClassVar[str] = "jovi locate"
    summary: ClassVar[str] = (
        "print the path of jovi's directory (or, with 'profile', of a profile)."
    )
    subcommands: ClassVar[tuple[Subcommand, ...]] = (
        Subcommand(
            "profile", "jovi.cli.profile:ProfileLocateApp", "Print the directory of a profile."
        ),
    )

    def start(self) -> int:
        print(self.jovi_dir_path)
        return EXIT_OK
