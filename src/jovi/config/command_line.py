"""Parsing a command line into a configuration layer (no I/O).

Three forms set options:

* ``--Class.option=value``: any option of any configurable class.  The ``=`` is
  required; the text is turned into a value by the option's type.
* aliases, short names for one option: ``--profile foo``, ``--profile=foo``, ``-c CODE``;
* flags, which set one or more options to fixed values: ``--debug``, ``--no-banner``.

A name may be both: ``--matplotlib`` alone is the flag, ``--matplotlib=qt`` the alias.

``-h``/``--help``, ``--help-all`` and ``-V``/``--version`` are requests, reported
separately.  Everything else is a positional argument; ``--`` ends the options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from jovi.config.values import Config, Origin
from jovi.errors import CommandLineError
from jovi.utils.text import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = ["Alias", "CommandLine", "Flag", "parse_command_line"]

_REQUESTS = {
    "-h": "help",
    "--help": "help",
    "--help-all": "help-all",
    "-V": "version",
    "--version": "version",
}


def _spelling(name: str) -> str:
    return f"-{name}" if len(name) == 1 else f"--{name}"


class Alias(NamedTuple):
    """A short name for one option: ``--profile NAME`` sets ``JoviApp.profile``."""

    name: str
    target: str
    help: str = ""
    metavar: str = "VALUE"

    @property
    def spelling(self) -> str:
        return _spelling(self.name)

    def section_and_option(self) -> tuple[str, str]:
        section, _, option = self.target.rpartition(".")
        return section, option


class Flag(NamedTuple):
    """A switch that sets options to fixed values: ``--debug`` sets the log level."""

    name: str
    settings: Mapping[str, Mapping[str, Any]]
    help: str = ""

    @property
    def spelling(self) -> str:
        return _spelling(self.name)


class CommandLine(NamedTuple):
    """The result of parsing: a config layer, positional arguments and requests."""

    config: Config
    positionals: list[str]
    requests: set[str]


def parse_command_line(
    argv: Sequence[str],
    *,
    aliases: Iterable[Alias] = (),
    flags: Iterable[Flag] = (),
    stop_at_positional: bool = False,
) -> CommandLine:
    """Parse ``argv`` (without the program name).

    Args:
        argv: The arguments.
        aliases: The aliases this command accepts.
        flags: The flags this command accepts.
        stop_at_positional: Treat everything from the first positional argument on as
            positional (``jovi script.py --its-own-option``).

    Raises:
        CommandLineError: an argument that is none of the accepted forms.
    """
    alias_by_spelling = {alias.spelling: alias for alias in aliases}
    flag_by_spelling = {flag.spelling: flag for flag in flags}
    result = CommandLine(Config(), [], set())
    args = list(argv)
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            result.positionals.extend(args[index:])
            break
        if arg in _REQUESTS:
            result.requests.add(_REQUESTS[arg])
            continue
        if not arg.startswith("-") or arg == "-":
            result.positionals.append(arg)
            if stop_at_positional:
                result.positionals.extend(args[index:])
                break
            continue
        spelled, has_value, inline_value = arg.partition("=")
        if spelled.startswith("--") and "." in spelled:
            _class_option(result.config, arg, spelled, has_value, inline_value)
            continue
        alias = alias_by_spelling.get(spelled)
        if alias is not None and not has_value and spelled in flag_by_spelling:
            alias = None  # same name as a flag: the flag without a value, the alias with "="
        if alias is not None:
            if has_value:
                value = inline_value
            elif index < len(args):
                value = args[index]
                index += 1
            else:
                raise CommandLineError(f"{spelled} needs a value: {spelled} {alias.metavar}")
            section, option = alias.section_and_option()
            origin = Origin("command line", f"{spelled} {value}" if not has_value else arg)
            result.config.section(section).set(option, value, origin, from_text=True)
            continue
        flag = flag_by_spelling.get(spelled)
        if flag is not None:
            if has_value:
                raise CommandLineError(
                    f"{spelled} is a switch and takes no value; write just {spelled}"
                )
            for section, options in flag.settings.items():
                for option, value in options.items():
                    result.config.section(section).set(
                        option, value, Origin("command line", spelled)
                    )
            continue
        known = [*alias_by_spelling, *flag_by_spelling, *_REQUESTS]
        raise CommandLineError(f"unrecognised argument {arg!r}{did_you_mean(spelled, known)}")
    return result


def _class_option(config: Config, arg: str, spelled: str, has_value: str, value: str) -> None:
    target = spelled[2:]
    section, _, option = target.rpartition(".")
    if not section or not option or not section[:1].isupper() or not option.isidentifier():
        raise CommandLineError(
            f"{arg!r} is not of the form --Class.option=value (a class name, a dot, an option name)"
        )
    if not has_value:
        raise CommandLineError(
            f"{spelled} needs a value: write {spelled}=VALUE (with '=' and no spaces)"
        )
    config.section(section).set(option, value, Origin("command line", arg), from_text=True)
