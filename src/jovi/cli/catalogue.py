"""Every module that defines configurable classes, for ``--help-all``, generated
config files, the configuration reference and the check of unknown names.

A test fails when a configurable class somewhere in jovi is missing from here.
"""

from __future__ import annotations

import importlib

from jovi.config import Configurable, known_classes

__all__ = ["CONFIGURABLE_MODULES", "load_catalogue"]

CONFIGURABLE_MODULES: tuple[str, ...] = (
    "jovi.cli.app",
    "jovi.cli.history",
    "jovi.cli.kernel",
    "jovi.cli.kernelspec",
    "jovi.cli.profile",
    "jovi.cli.terminal",
    "jovi.kernel.inline",
    "jovi.kernel.kernel",
    "jovi.shell.completion.completer",
    "jovi.shell.formatting",
    "jovi.shell.history.manager",
    "jovi.shell.interactiveshell",
    "jovi.terminal.embed",
    "jovi.terminal.shell",
)


def load_catalogue() -> list[type[Configurable]]:
    """Import every configurable module and return jovi's configurable classes."""
    for module in CONFIGURABLE_MODULES:
        importlib.import_module(module)
    classes = {cls for group in known_classes().values() for cls in group}
    jovi_classes = [cls for cls in classes if cls.__module__.split(".")[0] == "jovi"]
    return sorted(jovi_classes, key=lambda cls: (cls.__name__, cls.__module__))
