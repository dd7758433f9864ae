"""argparse-based argument parsing for magics, with the help built from it.

Usage::

    @magic_arguments()
    @argument("-o", "--option", help="An optional argument.")
    @argument("arg", type=int, help="An integer positional argument.")
    def magic_cool(self, line):
        "A really cool magic command."
        args = parse_argstring(magic_cool, line)

The decorated function's docstring gains the usage and the help of every argument,
so ``%cool?`` lists them.  A bad argument raises :class:`~jovi.errors.UsageError`.
"""

from __future__ import annotations

import argparse
import shlex
import textwrap
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from jovi.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "MagicArgumentParser",
    "argument",
    "argument_group",
    "defaults",
    "kwds",
    "magic_arguments",
    "parse_argstring",
]

F = TypeVar("F", bound="Callable[..., Any]")
_STEPS = "_jovi_magic_argument_steps"


class MagicArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that reports errors as ``UsageError`` instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise UsageError(message.strip() if message else f"{self.prog}: see {self.prog}? for help")


def _steps(function: Any) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    steps: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = getattr(function, _STEPS, None) or []
    setattr(function, _STEPS, steps)
    return steps


def argument(*args: Any, **kwargs: Any) -> Callable[[F], F]:
    """Add an argument (``ArgumentParser.add_argument``'s arguments)."""

    def decorate(function: F) -> F:
        _steps(function).append(("argument", args, kwargs))
        return function

    return decorate


def argument_group(title: str, description: str | None = None) -> Callable[[F], F]:
    """Start a group: the arguments written below it are listed under ``title``."""

    def decorate(function: F) -> F:
        _steps(function).append(("group", (title, description), {}))
        return function

    return decorate


def kwds(**kwargs: Any) -> Callable[[F], F]:
    """Extra keyword arguments for the ``ArgumentParser`` itself."""

    def decorate(function: F) -> F:
        _steps(function).append(("kwds", (), kwargs))
        return function

    return decorate


def defaults(**kwargs: Any) -> Callable[[F], F]:
    """Defaults for the parsed namespace (``ArgumentParser.set_defaults``)."""

    def decorate(function: F) -> F:
        _steps(function).append(("defaults", (), kwargs))
        return function

    return decorate


def construct_parser(function: Any, name: str | None = None) -> MagicArgumentParser:
    steps = list(reversed(getattr(function, _STEPS, [])))
    parser_kwargs: dict[str, Any] = {}
    for kind, _args, kwargs in steps:
        if kind == "kwds":
            parser_kwargs.update(kwargs)
    prog = "%" + (name or function.__name__.removeprefix("magic_"))
    description = textwrap.dedent(function.__doc__ or "").strip()
    parser = MagicArgumentParser(
        prog=prog,
        description=description,
        add_help=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **parser_kwargs,
    )
    target: Any = parser
    for kind, args, kwargs in steps:
        if kind == "argument":
            target.add_argument(*args, **kwargs)
        elif kind == "group":
            target = parser.add_argument_group(*args)
        elif kind == "defaults":
            parser.set_defaults(**kwargs)
    return parser


def magic_arguments(name: str | None = None) -> Callable[[F], F]:
    """Build the parser from the ``@argument`` decorators below, and the help from it."""

    def decorate(function: F) -> F:
        parser = construct_parser(function, name)
        function.parser = parser  # type: ignore[attr-defined]
        usage = parser.format_usage().strip()
        help_text = parser.format_help()
        body = help_text.split("\n", 1)[1] if "\n" in help_text else ""
        function.__doc__ = f"::\n\n  {usage}\n\n{body}".rstrip() + "\n"
        return function

    return decorate


def parse_argstring(magic_function: Any, argstring: str) -> argparse.Namespace:
    """Parse ``argstring`` with the parser of ``magic_function``."""
    parser: MagicArgumentParser | None = getattr(magic_function, "parser", None)
    if parser is None:
        raise TypeError(f"{magic_function!r} is not decorated with @magic_arguments")
    try:
        parts = shlex.split(argstring)
    except ValueError as error:
        raise UsageError(f"{parser.prog}: cannot split the arguments: {error}") from None
    return parser.parse_args(parts)
