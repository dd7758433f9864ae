"""Writing magics: the ``Magics`` base class and the decorators.

A group of magics is a class::

    @magics_class
    class MyMagics(Magics):
        @line_magic
        def lmagic(self, line):           # %lmagic args
            return line

        @cell_magic("cmagic")
        def some_method(self, line, cell):   # %%cmagic args + body
            ...

        @line_cell_magic
        def both(self, line, cell=None):  # cell is None when used as %both
            ...

    shell.register_magics(MyMagics)      # or an instance: MyMagics(shell, state)

Single functions register directly on the running shell with
``@register_line_magic``, ``@register_cell_magic`` and ``@register_line_cell_magic``.
Inside a magic, ``self.shell`` is the shell; raise :class:`~jovi.errors.UsageError`
to report misuse without a traceback.
"""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, cast, overload

from jovi.errors import UsageError
from jovi.shell.current import current_shell

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = [
    "MAGIC_KINDS",
    "Magics",
    "MagicsKind",
    "Struct",
    "cell_magic",
    "line_cell_magic",
    "line_magic",
    "magics_class",
    "needs_local_scope",
    "no_var_expand",
    "output_can_be_silenced",
    "register_cell_magic",
    "register_line_cell_magic",
    "register_line_magic",
]

MagicsKind = Literal["line", "cell", "line_cell"]
MAGIC_KINDS: tuple[str, ...] = ("line", "cell", "line_cell")
F = TypeVar("F", bound="Callable[..., Any]")

_MARK = "_jovi_magic"


class Struct(dict[str, Any]):
    """A dict whose keys are also attributes (the options of ``parse_options``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


def _mark(kind: MagicsKind, name: str | None) -> Callable[[F], F]:
    def decorate(method: F) -> F:
        marks: list[tuple[str, str | None]] = list(getattr(method, _MARK, []))
        marks.append((kind, name))
        setattr(method, _MARK, marks)
        return method

    return decorate


class _MagicDecorator:
    """``@line_magic`` or ``@line_magic("name")`` (and the cell and line-cell forms)."""

    def __init__(self, kind: MagicsKind) -> None:
        self.kind: MagicsKind = kind
        self.__doc__ = (
            f"Mark a method of a ``Magics`` class as a {kind.replace('_', '-')} magic, "
            "named after the method or the name given."
        )

    @overload
    def __call__(self, arg: F) -> F: ...
    @overload
    def __call__(self, arg: str | None = None) -> Callable[[F], F]: ...
    def __call__(self, arg: Any = None) -> Any:
        if callable(arg):
            return _mark(self.kind, None)(arg)
        return _mark(self.kind, arg)


line_magic = _MagicDecorator("line")
cell_magic = _MagicDecorator("cell")
line_cell_magic = _MagicDecorator("line_cell")


def magics_class(cls: type[Magics]) -> type[Magics]:
    """Collect the magics marked in ``cls`` (required on every ``Magics`` subclass)."""
    table: dict[str, dict[str, str]] = {"line": {}, "cell": {}}
    for klass in reversed(cls.__mro__):
        for attribute, value in vars(klass).items():
            for kind, name in getattr(value, _MARK, ()):
                magic_name = name or attribute
                if kind in ("line", "line_cell"):
                    table["line"][magic_name] = attribute
                if kind in ("cell", "line_cell"):
                    table["cell"][magic_name] = attribute
    cls.magics = table
    cls.registered = True
    return cls


def needs_local_scope(function: F) -> F:
    """The magic receives ``local_ns``: the namespace of the code that called it."""
    function.needs_local_scope = True  # type: ignore[attr-defined]
    return function


def no_var_expand(function: F) -> F:
    """The line is passed as typed: ``$name`` and ``{expr}`` are not expanded."""
    function._jovi_no_var_expand = True  # type: ignore[attr-defined]
    return function


def output_can_be_silenced(function: F) -> F:
    """A trailing ``;`` on the magic's line hides its result, as for an expression."""
    function._jovi_output_can_be_silenced = True  # type: ignore[attr-defined]
    return function


def _running_shell() -> InteractiveShell:
    shell = current_shell()
    if shell is None:
        raise UsageError(
            "no jovi shell is running: register magics from inside jovi (e.g. a startup file)"
        )
    return shell


class _FunctionRegistrar:
    """``@register_line_magic`` or ``@register_line_magic("name")`` on a plain function."""

    def __init__(self, kind: MagicsKind) -> None:
        self.kind: MagicsKind = kind
        self.__doc__ = (
            f"Register a function as a {kind.replace('_', '-')} magic of the running shell."
        )

    @overload
    def __call__(self, arg: F) -> F: ...
    @overload
    def __call__(self, arg: str) -> Callable[[F], F]: ...
    def __call__(self, arg: Any) -> Any:
        if callable(arg):
            _running_shell().register_magic_function(arg, self.kind)
            return arg

        def named(function: F) -> F:
            _running_shell().register_magic_function(function, self.kind, arg)
            return function

        return named


register_line_magic = _FunctionRegistrar("line")
register_cell_magic = _FunctionRegistrar("cell")
register_line_cell_magic = _FunctionRegistrar("line_cell")


class Magics:
    """Base class of a group of magics; decorate subclasses with :func:`magics_class`."""

    magics: ClassVar[dict[str, dict[str, str]]] = {"line": {}, "cell": {}}
    registered: ClassVar[bool] = False

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        if not type(self).registered:
            raise ValueError(f"{type(self).__name__} must be decorated with @magics_class")
        # ``shell`` may be omitted (as in IPython) to build a Magics object that is never
        # run; every magic that runs has been registered with, and is bound to, a shell.
        self.shell: InteractiveShell = cast("InteractiveShell", shell)
        self.options_table: dict[str, str] = {}
        self.bound: dict[str, dict[str, Callable[..., Any]]] = {
            kind: {name: getattr(self, attribute) for name, attribute in table.items()}
            for kind, table in type(self).magics.items()
        }
        del kwargs

    def parse_options(
        self,
        arg_str: str,
        opt_str: str,
        *long_opts: str,
        mode: Literal["string", "list"] = "string",
        list_all: bool = False,
        posix: bool = True,
        strict: bool = True,
        preserve_non_opts: bool = False,
    ) -> tuple[Struct, Any]:
        """getopt-style options of a magic's argument string.

        Args:
            arg_str: The argument line.
            opt_str: Short options, getopt style (``"nl:"``: ``-n`` flag, ``-l`` with a value).
            long_opts: Long options (``"limit="``).
            mode: ``"string"``: the remaining arguments as one string; ``"list"``: a list.
            list_all: Every option value is a list (for repeatable options).
            posix: POSIX quoting rules when splitting.
            strict: Unknown options are errors (otherwise left in the arguments).
            preserve_non_opts: Options after the first argument stay in the arguments.

        Returns:
            ``(opts, args)``; ``opts`` is a :class:`Struct` from option name to value
            (``""`` for flags).

        Raises:
            UsageError: an unknown option or a missing value.
        """
        caller = self._caller_name()
        extra = self.options_table.get(caller)
        if extra:
            arg_str = f"{extra} {arg_str}"
        try:
            parts = shlex.split(arg_str, posix=posix) if arg_str.strip() else []
        except ValueError as error:
            raise UsageError(f"cannot parse the arguments ({error}): {arg_str}") from None
        import getopt  # noqa: PLC0415 - with gettext, ~0.7 ms that start-up need not pay

        splitter = getopt.gnu_getopt if preserve_non_opts else getopt.getopt
        try:
            found, rest = splitter(parts, opt_str, list(long_opts))
        except getopt.GetoptError as error:
            if strict:
                raise UsageError(
                    f"{error.msg} (the options are: {self._describe(opt_str, long_opts)})"
                ) from None
            found, rest = [], parts
        opts = Struct()
        for option, value in found:
            key = option.lstrip("-")
            if list_all:
                opts.setdefault(key, []).append(value)
            elif key in opts and isinstance(opts[key], list):
                opts[key].append(value)
            elif key in opts:
                opts[key] = [opts[key], value]
            else:
                opts[key] = value
        if mode == "string":
            return opts, " ".join(rest)
        return opts, rest

    @staticmethod
    def _describe(opt_str: str, long_opts: tuple[str, ...]) -> str:
        shorts = [f"-{c}" for c in opt_str if c != ":"]
        longs = [f"--{name.rstrip('=')}" for name in long_opts]
        return " ".join(shorts + longs) or "none"

    @staticmethod
    def _caller_name() -> str:
        frame = sys._getframe(2)
        return frame.f_code.co_name

    def default_option(self, function: str, optstr: str) -> None:
        """Always pass ``optstr`` to magic ``function`` (e.g. ``'-r'``)."""
        self.options_table[function] = optstr
