"""What of jovi exists in the bench environment: importable objects, subcommands, options.

``python -m bench.drivers.probe SPEC...`` imports each ``module`` or
``module:attribute.path``, reads ``jovi --help``, and prints one result line (JSON)
with what it found. A module that is absent counts as not built; a module that exists
but fails to import counts as present, so that its driver runs and the failure shows.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

from bench.drivers.common import RESULT_MARKER

__all__ = ["exists", "parse_help", "probe"]

_OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def exists(spec: str) -> bool:
    """Whether ``module`` or ``module:attr.path`` can be imported and looked up."""
    module_name, _, attributes = spec.partition(":")
    try:
        found: object = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        # Absent itself (or a parent): not built. Something it imports is absent: a bug.
        return error.name is None or not (module_name + ".").startswith(error.name + ".")
    except Exception:  # noqa: BLE001 - jovi's own bug: the driver will run and report it
        return True
    for attribute in filter(None, attributes.split(".")):
        try:
            found = getattr(found, attribute)
        except AttributeError:
            return False
    return True


def parse_help(text: str) -> tuple[set[str], set[str]]:
    """The subcommands and options listed in ``jovi --help``.

    Subcommands are the first words of the indented lines under ``Subcommands:``;
    options are the flags at the start of the indented lines under ``Options:``.
    """
    subcommands: set[str] = set()
    options: set[str] = set()
    section = ""
    for line in text.splitlines():
        if line and not line[0].isspace():
            section = line.strip().rstrip(":").lower()
            continue
        words = line.split()
        if not words:
            continue
        if section == "subcommands" and not words[0].startswith("-"):
            subcommands.add(words[0])
        elif section == "options" and words[0].startswith("-"):
            flags = line.strip().split("  ", 1)[0]
            options.update(_OPTION.findall(flags))
    return subcommands, options


def probe(specs: list[str]) -> dict[str, list[str]]:
    jovi = Path(sys.executable).with_name("jovi")
    help_text = ""
    if jovi.exists():
        done = subprocess.run(
            [str(jovi), "--help"], capture_output=True, text=True, timeout=60, check=False
        )
        help_text = done.stdout
    subcommands, options = parse_help(help_text)
    return {
        "objects": sorted(spec for spec in specs if exists(spec)),
        "subcommands": sorted(subcommands),
        "options": sorted(options),
    }


if __name__ == "__main__":
    sys.stdout.write(RESULT_MARKER + json.dumps(probe(sys.argv[1:])) + "\n")
