"""Regenerate the documentation generated from the code (``make docs``).

``python -m jovi.cli.docs`` rewrites ``docs/reference/configuration.md`` (every option),
``docs/reference/command-line.md`` (the help of every subcommand) and
``docs/reference/magics.md`` (the help of every built-in magic), and the tables
kept in the source (:mod:`jovi.cli.generated`: lazy exports, magic names, the
configurable classes, the README's commands).  A test fails when the committed files
differ from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jovi.cli.catalogue import load_catalogue
from jovi.cli.generated import generated_sources
from jovi.config.help import generate_reference
from jovi.utils.atomic import atomic_write

if TYPE_CHECKING:
    from jovi.cli.app import JoviApp

__all__ = ["command_line_reference", "generated_documents", "magics_reference", "main"]


def _commands(app: type[JoviApp]) -> list[type[JoviApp]]:
    found = [app]
    for sub in app.subcommands:
        target = sub.load()
        if target not in found:
            found += [cmd for cmd in _commands(target) if cmd not in found]
    return found


def command_line_reference() -> str:
    """The help text of ``jovi`` and of every subcommand, as Markdown."""
    from jovi.cli.main import JoviMainApp

    out = [
        "# Command-line reference",
        "",
        "<!-- Generated from the commands' own help: `make docs` rewrites this file,",
        "     and a test fails when it is out of date. Do not edit by hand. -->",
        "",
    ]
    for command in _commands(JoviMainApp):
        out += [f"## `{command.command}`", "", "```", command.help_text(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def magics_reference() -> str:
    """Every built-in magic with its help, as Markdown."""
    import tempfile

    from jovi.shell.alias import Alias
    from jovi.shell.interactiveshell import InteractiveShell
    from jovi.shell.magics.script import DEFAULT_SCRIPT_MAGICS

    with tempfile.TemporaryDirectory() as scratch:
        shell = InteractiveShell(profile_dir=Path(scratch) / "profile_docs", install_main=False)
        try:
            manager = shell.magics_manager
            out = [
                "# Magics reference",
                "",
                "<!-- Generated from the magics' own help: `make docs` rewrites this file,",
                "     and a test fails when it is out of date. Do not edit by hand. -->",
                "",
                "`%name?` shows the same help in jovi. See the [magics guide](../guide/magics.md).",
                "",
            ]
            for kind, prefix in (("line", "%"), ("cell", "%%")):
                out += [f"## {kind.title()} magics", ""]
                table = manager.lsmagic()[kind]
                shortcuts = set(DEFAULT_SCRIPT_MAGICS) if kind == "cell" else set()
                for name, doc in manager.docs(kind).items():
                    if isinstance(table[name], Alias):
                        continue  # system aliases depend on the platform; see the guide
                    if name in shortcuts:
                        continue  # one help for all of them: listed below
                    out += [f"### `{prefix}{name}`", "", doc.strip(), ""]
                if shortcuts:
                    names = ", ".join(f"`%%{name}`" for name in sorted(shortcuts))
                    out += [
                        "### Program shortcuts",
                        "",
                        (
                            f"{names}: each is `%%script PROGRAM`, with the options of "
                            "`%%script`. They exist whether or not their program is "
                            "installed; a missing one is reported when the cell runs "
                            "(`%%python` and `%%python3` run jovi's own Python, `%%cmd` "
                            "exists on Windows). `ScriptMagics.script_magics` and "
                            "`ScriptMagics.script_paths` choose them."
                        ),
                        "",
                    ]
        finally:
            shell.close()
    return "\n".join(out).rstrip() + "\n"


def generated_documents(root: Path) -> dict[Path, str]:
    """Each generated document's path under the repository ``root``, with its content."""
    return {
        root / "docs" / "reference" / "configuration.md": generate_reference(load_catalogue()),
        root / "docs" / "reference" / "command-line.md": command_line_reference(),
        root / "docs" / "reference" / "magics.md": magics_reference(),
    }


def main() -> int:
    root = Path.cwd()
    if not (root / "docs").is_dir():
        print("run this from the repository root (where docs/ is)", file=sys.stderr)
        return 1
    for path, text in {**generated_documents(root), **generated_sources(root)}.items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
