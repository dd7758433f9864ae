"""The ``jovi`` command: dispatches to subcommands from one registry."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.registry import SUBCOMMANDS
from jovi.cli.terminal import TerminalJoviApp

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.cli.app import Subcommand

__all__ = ["JoviMainApp", "main"]


class JoviMainApp(TerminalJoviApp):
    """The ``jovi`` command itself: the terminal shell, and the subcommands."""

    subcommands: ClassVar[tuple[Subcommand, ...]] = SUBCOMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jovi`` console script."""
    return JoviMainApp.launch(sys.argv[1:] if argv is None else argv)
