"""``%alias``, ``%unalias``, ``%rehashx``: names for system commands."""

from __future__ import annotations

import os
from pathlib import Path

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.shell.profiledb import STORED_ALIASES_KEY, as_usage_error

__all__ = ["AliasMagics"]

#: Where ``%store`` keeps aliases in the profile's database.


def _executables(directory: Path) -> list[str]:
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    names = []
    for entry in entries:
        try:
            if entry.is_file() and os.access(entry.path, os.X_OK):
                names.append(entry.name)
        except OSError:
            continue
    return names


@magics_class
class AliasMagics(Magics):
    """Aliases: short names for system commands."""

    @line_magic
    def alias(self, parameter_s: str = "") -> list[tuple[str, str]] | None:
        """Define an alias for a system command: ``%alias NAME COMMAND``.

        ``%alias parts echo first %s second %s`` makes ``parts A B`` print
        ``first A second B``: each ``%s`` takes one argument, in order (too few is an
        error), and the arguments left over are appended.  ``%l`` takes the whole
        argument line: ``%alias bracket echo "<%l>"``.  ``%s`` and ``%l`` cannot be mixed;
        ``%%`` is a literal ``%``.

        An alias works with or without ``%`` (``parts A B``, ``%parts A B``) unless a
        variable has its name; ``$name``, ``{expr}`` and ``$$`` in its arguments are
        expanded as for ``!``.  Aliases cannot take the name of a Python keyword, a
        builtin, another magic, or ``cd``/``pushd``/``popd``/``dhist``/``alias``/``unalias``.

        ``%alias`` alone lists the aliases and returns them as ``(name, command)`` pairs
        (``alist = %alias``); ``%alias NAME`` shows one.  ``%unalias NAME`` removes one,
        ``%store NAME`` keeps it for later sessions.
        """
        manager = self.shell.alias_manager
        text = parameter_s.strip()
        if not text:
            aliases: list[tuple[str, str]] = manager.aliases
            self.shell.output.write(f"Total number of aliases: {len(aliases)}\n")
            return aliases
        name, _, command = text.partition(" ")
        if not command.strip():
            alias = manager.get_alias(name)
            if alias is None:
                raise UsageError(f"{name} is not an alias; define it with %alias {name} COMMAND")
            self.shell.output.write(f"{name} -> {alias.command}\n")
            return None
        manager.define_alias(name, command)
        return None

    @line_magic
    def unalias(self, parameter_s: str = "") -> None:
        """Remove an alias: ``%unalias NAME`` (also from the aliases kept by ``%store``)."""
        name = parameter_s.strip()
        if not name:
            raise UsageError("%unalias needs the name of an alias: %unalias NAME")
        self.shell.alias_manager.undefine_alias(name)
        db = self.shell.db
        with as_usage_error():
            stored: dict[str, str] = db.get(STORED_ALIASES_KEY, {})
            if name in stored:
                self.shell.output.write(f"Removing %stored alias {name}\n")
                del stored[name]
                db[STORED_ALIASES_KEY] = stored

    @line_magic
    @line_magic("rehash")  # the old name, still in the %alias help of many guides
    def rehashx(self, parameter_s: str = "") -> None:
        """Make every program on ``$PATH`` an alias, so it runs without ``!``.

        Dots are dropped from the names (``python3.12`` becomes ``python312``); names of
        Python keywords, builtins and magics are left out.  Run it again after
        installing programs.
        """
        manager = self.shell.alias_manager
        count = 0
        for directory in os.environ.get("PATH", "").split(os.pathsep):
            if not directory:
                continue
            for program in _executables(Path(directory)):
                name = program.replace(".", "")
                if manager.is_alias(name):
                    continue
                if manager.soft_define_alias(name, program):
                    count += 1
        completer = getattr(self.shell, "completer", None)
        modules = getattr(completer, "modules", None)
        if modules is not None:
            modules.reset()
        self.shell.output.write(f"{count} programs on $PATH are now aliases.\n")
