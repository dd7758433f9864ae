"""The ``argparse`` parser of magics declared with ``@magic_arguments``.

Kept apart from :mod:`jovi.shell.magic.arguments` so that declaring magics does not
import ``argparse``: a parser is built when its magic is first used.
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from jovi.errors import UsageError

__all__ = ["MagicArgumentParser"]


class MagicArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that reports errors as ``UsageError`` instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise UsageError(message.strip() if message else f"{self.prog}: see {self.prog}? for help")
