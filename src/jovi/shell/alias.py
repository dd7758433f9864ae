"""Aliases: short names for system commands.

``%alias parts echo first %s second %s`` makes ``parts A B`` run ``echo first A
second B``: each ``%s`` takes one word of the arguments, in order, and the words left
over are appended.  ``%l`` takes the whole argument line instead.  An alias whose
command starts with another alias's name runs that alias's command.

Aliases are line magics (``%parts A B`` works, as in IPython 2 and later); with or
without ``%`` they rank below Python variables, and a magic's name cannot be taken.
``$name``, ``{expr}`` and ``$$`` in the arguments are expanded once, as for ``!``.

Usage::

    shell.alias_manager.define_alias("la", "ls -al")
    shell.alias_manager.aliases          # [("la", "ls -al"), ...]
    shell.alias_manager.undefine_alias("la")
"""

from __future__ import annotations

import builtins
import keyword
import os
import re
import sys
from typing import TYPE_CHECKING, Any

from jovi.config import Configurable, List
from jovi.errors import UsageError

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["BLOCKED_NAMES", "TERMINAL_ALIASES", "Alias", "AliasManager", "default_aliases"]

#: Names an alias may not take: they are Python's, or the shell's directory commands.
BLOCKED_NAMES = frozenset(
    {"cd", "popd", "pushd", "dhist", "alias", "unalias"} | set(keyword.kwlist) | set(vars(builtins))
)

#: Aliases only a terminal has (they take over the screen).
TERMINAL_ALIASES: tuple[tuple[str, str], ...] = (
    ("clear", "clear"),
    ("more", "more"),
    ("less", "less"),
    ("man", "man"),
)

_BSD_LIKE = ("darwin", "freebsd", "openbsd", "netbsd", "dragonfly")


def default_aliases() -> list[tuple[str, str]]:
    """The aliases every shell starts with, for this platform (none on Windows).

    ``ls`` colours its output only when it writes to a terminal, so captured output
    (the kernel, ``%%capture``) stays free of escape codes.
    """
    if os.name != "posix":
        return []
    if sys.platform.startswith(_BSD_LIKE):
        ls, long_ls = "ls -F -G", "ls -F -l -G"
    else:
        ls, long_ls = "ls -F --color=auto", "ls -F -o --color=auto"
    return [
        ("ls", ls),
        ("ll", long_ls),
        ("lf", f"{long_ls} %l | grep ^-"),
        ("lk", f"{long_ls} %l | grep ^l"),
        ("ldir", f"{long_ls} %l | grep /$"),
        ("lx", f"{long_ls} %l | grep ^-..x"),
        ("mkdir", "mkdir"),
        ("rmdir", "rmdir"),
        ("mv", "mv -i"),
        ("rm", "rm -i"),
        ("cp", "cp -i"),
        ("cat", "cat"),
    ]


def _count_specifiers(command: str) -> int:
    """How many ``%s`` the command takes (0 with ``%l``); rejects mixing the two."""
    plain = command.replace("%%", "")
    positional = plain.count("%s")
    if positional and "%l" in plain:
        raise UsageError("The %s and %l specifiers are mutually exclusive in alias definitions.")
    return positional


class Alias:
    """One alias: calling it with the argument line runs its system command."""

    def __init__(self, manager: AliasManager, name: str, command: str) -> None:
        self.manager = manager
        self.name = name
        self.command = command
        self.nargs = _count_specifiers(command)
        self.__doc__ = f"Alias for the system command {command!r}."

    def __repr__(self) -> str:
        return f"<alias {self.name} for {self.command!r}>"

    def fill(self, rest: str) -> str:
        """The command with the argument line ``rest`` put in (``%%`` is a literal ``%``)."""
        pieces = self.command.split("%%")
        if any("%l" in piece for piece in pieces):
            return "%".join(piece.replace("%l", rest) for piece in pieces)
        if self.nargs == 0:
            return f"{'%'.join(pieces)} {rest}".rstrip()
        words = rest.split(None, self.nargs)
        if len(words) < self.nargs:
            raise UsageError(
                f"Alias <{self.name}> requires {self.nargs} arguments, {len(words)} given."
            )
        supply = iter(words[: self.nargs])
        filled = "%".join(
            "".join(
                part if index == 0 else next(supply) + part
                for index, part in enumerate(piece.split("%s"))
            )
            for piece in pieces
        )
        return f"{filled} {' '.join(words[self.nargs :])}".rstrip()

    def __call__(self, rest: str = "") -> None:
        from jovi.shell.system import system  # noqa: PLC0415 - subprocess is only for use

        command = self.manager.resolve(self.name, rest)
        if command is not None:
            self.manager.shell.user_ns["_exit_code"] = system(command)


class AliasManager(Configurable):
    """Every alias of one shell; each is also registered as a line magic."""

    default_aliases = List(
        tuple,
        default_aliases(),
        help="The aliases every shell starts with, as (name, command) pairs; "
        "the default depends on the platform.",
    )
    user_aliases = List(
        tuple,
        help="More aliases, as (name, command) pairs: [('la', 'ls -al')].",
    )

    def __init__(self, shell: InteractiveShell, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shell = shell
        self._aliases: dict[str, Alias] = {}
        self.terminal = False
        self.init_aliases()

    # ------------------------------------------------------------------ the table

    def init_aliases(self) -> None:
        """Define the default and the configured aliases (a bad one is reported and skipped)."""
        pairs = [*self.default_aliases, *self.user_aliases]
        if self.terminal:
            pairs += TERMINAL_ALIASES
        for pair in pairs:
            try:
                name, command = pair
                self.define_alias(str(name), str(command))
            except (UsageError, ValueError, TypeError) as error:
                self.shell.output.write(
                    f"jovi: the alias {pair!r} was skipped: {error}\n", error=True
                )

    def add_terminal_aliases(self) -> None:
        """Add the aliases of a terminal shell (``clear``, ``more``, ``less``, ``man``)."""
        self.terminal = True
        for name, command in TERMINAL_ALIASES:
            self.define_alias(name, command)

    def reset(self) -> None:
        """Forget every alias and define the defaults again (``%reset``)."""
        for name in list(self._aliases):
            self.undefine_alias(name)
        self.init_aliases()

    @property
    def aliases(self) -> list[tuple[str, str]]:
        """Every alias as ``(name, command)``, sorted by name."""
        return [(name, alias.command) for name, alias in sorted(self._aliases.items())]

    def is_alias(self, name: str) -> bool:
        return name in self._aliases

    def get_alias(self, name: str) -> Alias | None:
        return self._aliases.get(name)

    def get(self, name: str) -> Alias | None:
        """The alias called ``name`` (for ``name?``), or ``None``."""
        return self._aliases.get(name)

    # ------------------------------------------------------------------ changes

    def validate(self, name: str) -> None:
        """Refuse names that are not words, are Python's, or belong to another magic."""
        if not re.fullmatch(r"[A-Za-z_][\w-]*", name):
            raise UsageError(f"The name {name!r} cannot be an alias: use letters, digits, _ or -.")
        if name in BLOCKED_NAMES:
            raise UsageError(
                f"The name {name} can't be aliased because it is a keyword or builtin."
            )
        existing = self.shell.magics_manager.find("line", name)
        if existing is not None and not isinstance(existing, Alias):
            raise UsageError(
                f"The name {name} can't be aliased because it is another magic command."
            )

    def define_alias(self, name: str, command: str) -> Alias:
        """Define (or redefine) ``name`` as an alias for ``command``."""
        self.validate(name)
        if not command.strip():
            raise UsageError(f"The alias {name} needs a command.")
        alias = Alias(self, name, command.strip())
        self._aliases[name] = alias
        self.shell.magics_manager.magics["line"][name] = alias
        return alias

    def undefine_alias(self, name: str) -> None:
        """Remove the alias ``name``."""
        if name not in self._aliases:
            raise UsageError(f"{name} is not an alias.")
        alias = self._aliases.pop(name)
        if self.shell.magics_manager.magics["line"].get(name) is alias:
            del self.shell.magics_manager.magics["line"][name]

    def soft_define_alias(self, name: str, command: str) -> bool:
        """Define the alias unless the name is refused; returns whether it was defined."""
        try:
            self.define_alias(name, command)
        except UsageError:
            return False
        return True

    # ------------------------------------------------------------------ running

    def resolve(self, name: str, rest: str = "") -> str | None:
        """The system command that ``name rest`` runs, following aliases of aliases
        (``None``, with a warning, for a cycle)."""
        seen: set[str] = set()
        command = f"{name} {rest}".rstrip()
        while True:
            first, _, tail = command.partition(" ")
            alias = self._aliases.get(first)
            if alias is None:
                return command
            if first in seen:
                self.shell.output.write(
                    f"Cyclic alias definition, repeated {first!r}\n", error=True
                )
                return None
            seen.add(first)
            expanded = alias.fill(tail.strip())
            if expanded.split(" ", 1)[0] == first:
                return expanded  # ls -> "ls -F": the program itself, not the alias again
            command = expanded
