"""The ``jovi`` command: dispatches to subcommands from one registry."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import JoviApp, Subcommand
from jovi.cli.registry import SUBCOMMANDS

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["JoviMainApp", "main"]


class JoviMainApp(JoviApp):
    """The ``jovi`` command itself."""

    command: ClassVar[str] = "jovi"
    summary: ClassVar[str] = "interactive computing for Python."
    subcommands: ClassVar[tuple[Subcommand, ...]] = SUBCOMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``jovi`` console script."""
    return JoviMainApp.launch(sys.argv[1:] if argv is None else argv)
