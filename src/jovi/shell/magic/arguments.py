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

import shlex
from types import MethodType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from jovi.errors import UsageError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from jovi.shell.magic.parser import MagicArgumentParser

__all__ = [
    "ArgumentMagic",
    "argument",
    "argument_group",
    "defaults",
    "kwds",
    "magic_arguments",
    "parse_argstring",
]

F = TypeVar("F", bound="Callable[..., Any]")
_STEPS = "_jovi_magic_argument_steps"


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
    import argparse  # noqa: PLC0415 - only when a magic is first used
    import inspect  # noqa: PLC0415 - start-up cost

    from jovi.shell.magic.parser import MagicArgumentParser  # noqa: PLC0415 - cycle

    steps = list(reversed(getattr(function, _STEPS, [])))
    parser_kwargs: dict[str, Any] = {}
    for kind, _args, kwargs in steps:
        if kind == "kwds":
            parser_kwargs.update(kwargs)
    prog = "%" + (name or function.__name__.removeprefix("magic_"))
    description = inspect.cleandoc(function.__doc__ or "")
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


class ArgumentMagic:
    """A magic function with its argument parser and help, both built on first use.

    Building an ``argparse`` parser costs about a millisecond (argparse looks up its
    translations on disk), so a shell with dozens of such magics would pay for all of
    them at start-up.  This wrapper defers the parser to the first call of the magic
    and the generated help to the first time ``__doc__`` is read (``%name?``).
    """

    def __init__(self, function: Callable[..., Any], name: str | None) -> None:
        self.__dict__.update(getattr(function, "__dict__", {}))
        self.__wrapped__ = function
        self.__name__: str = function.__name__
        self.__qualname__: str = getattr(function, "__qualname__", function.__name__)
        self.__module__ = function.__module__
        self._name = name
        self._parser: MagicArgumentParser | None = None
        self._help: str | None = None

    @property
    def parser(self) -> MagicArgumentParser:
        if self._parser is None:
            self._parser = construct_parser(self.__wrapped__, self._name)
        return self._parser

    @property
    def __doc__(self) -> str:  # type: ignore[override]
        if self._help is None:
            usage = self.parser.format_usage()
            help_text = self.parser.format_help()
            body = help_text.removeprefix(usage).lstrip("\n")
            usage = usage.strip().replace("\n", "\n  ")
            self._help = f"::\n\n  {usage}\n\n{body}".rstrip() + "\n"
        return self._help

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return self if instance is None else MethodType(self, instance)

    def __repr__(self) -> str:
        return f"<magic function {self.__qualname__} with arguments>"


def magic_arguments(name: str | None = None) -> Callable[[F], F]:
    """Parse the ``@argument`` decorators below into a parser, and the help from it.

    Both are built when first needed (:class:`ArgumentMagic`).
    """

    def decorate(function: F) -> F:
        return cast("F", ArgumentMagic(function, name))

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
