"""Typed options: what a configurable class declares, with type, default and help.

An option is a descriptor on a :class:`~jovi.config.Configurable` subclass::

    class InteractiveShell(Configurable):
        colors = Enum(("NoColor", "Linux", "LightBG", "Neutral"), "Linux",
                      help="Colour scheme of prompts, tracebacks and object info.")
        cache_size = Int(1000, min=0, help="How many results the output cache keeps.")

Reading ``shell.colors`` gives a ``str`` (type checkers know it); assigning checks the
value, converts it where that is unambiguous (``'linux'`` becomes ``'Linux'``, ``3``
becomes ``3.0`` for a float) and tells the observers.  Each option can also turn
text from the command line or the environment into a value (:meth:`Option.parse`)
and describe what it accepts, for error messages and generated help.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from jovi.errors import OptionValueError
from jovi.utils.text import closest_match, quoted_list

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Self

__all__ = [
    "Bool",
    "Dict",
    "Enum",
    "Float",
    "Int",
    "List",
    "LogLevel",
    "Option",
    "Str",
]

T = TypeVar("T")

_TRUE_WORDS = frozenset({"true", "yes", "on", "1", "y"})
_FALSE_WORDS = frozenset({"false", "no", "off", "0", "n"})


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


_UNSET = _Unset()

# Defaults of these types are handed out as they are (a copy would be equal and useless).
_IMMUTABLE = (str, int, float, bool, bytes, type(None))


def _literal(text: str) -> object:
    """A Python literal written as text, or the text itself when it is not one."""
    import ast  # noqa: PLC0415 - only for values written as text

    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return text


class Option(Generic[T]):
    """A typed, documented configuration option (a data descriptor).

    Subclasses define :meth:`validate` (Python value to checked value), may refine
    :meth:`parse` (text to value) and :meth:`describe` (what is allowed, in words).
    """

    #: A short name for the kind of value, shown in help (``int``, ``bool`` ...).
    type_name: str = "value"

    name: str
    owner: type

    def __init__(
        self,
        default: T | _Unset = _UNSET,
        *,
        help: str,  # noqa: A002 - the word every configuration system uses
        default_factory: Callable[[], T] | None = None,
        default_text: str | None = None,
    ) -> None:
        if isinstance(default, _Unset) and default_factory is None:
            raise TypeError("an option needs a default or a default_factory")
        self._default = default
        self._default_factory = default_factory
        self.help = " ".join(help.split())
        self._default_text = default_text
        if not isinstance(default, _Unset):
            self.validate(default)

    # ------------------------------------------------------------ descriptor protocol

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.owner = owner

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> Self | T:
        if instance is None:
            return self
        values: dict[str, Any] = instance.__dict__["_option_values"]
        try:
            return values[self.name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(f"option {self.name!r} is not set yet") from None

    def __set__(self, instance: object, value: T) -> None:
        setter = getattr(instance, "_set_option_value", None)
        checked = self.validate(value)
        if setter is None:
            instance.__dict__["_option_values"][self.name] = checked
        else:
            setter(self.name, checked)

    # ------------------------------------------------------------ values

    def default(self) -> T:
        """A fresh default value (mutable defaults are copied, factories called)."""
        if self._default_factory is not None:
            return self.validate(self._default_factory())
        default = self._default
        assert not isinstance(default, _Unset)
        if isinstance(default, _IMMUTABLE):
            return default
        import copy  # noqa: PLC0415 - only for mutable defaults

        return copy.deepcopy(default)

    @property
    def default_text(self) -> str | None:
        """Words describing a default that depends on the environment, if any."""
        return self._default_text

    def default_repr(self) -> str:
        """The default as shown in help: the words of ``default_text``, else the literal."""
        if self._default_text is not None:
            return self._default_text
        return self.default_literal()

    def default_literal(self) -> str:
        """The default written as Python source (computed now, for a dynamic default)."""
        if self._default_factory is not None:
            try:
                return self.literal(self.default())
            except Exception:  # noqa: BLE001 - help must render even if a factory fails
                return "None"
        assert not isinstance(self._default, _Unset)
        return self.literal(self._default)

    def validate(self, value: object) -> T:
        """Check (and where unambiguous, convert) ``value``; raise :class:`OptionValueError`."""
        raise NotImplementedError

    def parse(self, text: str) -> T:
        """Turn text from the command line or the environment into a value."""
        return self.validate(_literal(text))

    def describe(self) -> str:
        """What the option accepts, in words (``one of 'a', 'b'``)."""
        return "a value"

    def literal(self, value: object) -> str:
        """``value`` written as Python source, for generated config files."""
        return repr(value)

    def _reject(self, value: object, hint: str = "") -> OptionValueError:
        return OptionValueError(f"{value!r} is not {self.describe()}{hint}")

    def __repr__(self) -> str:
        owner = getattr(self, "owner", None)
        where = f"{owner.__name__}.{self.name}" if owner is not None else "unbound"
        return f"<{type(self).__name__} {where}>"


class Bool(Option[bool]):
    """``True`` or ``False``; on the command line also yes/no, on/off, 1/0."""

    type_name = "bool"

    def __init__(self, default: bool, *, help: str) -> None:  # noqa: A002
        super().__init__(default, help=help)

    def validate(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise self._reject(value)

    def parse(self, text: str) -> bool:
        word = text.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        raise self._reject(text)

    def describe(self) -> str:
        return "True or False"


def _in_range(number: float, low: float | None, high: float | None) -> bool:
    return (low is None or number >= low) and (high is None or number <= high)


def _range_words(noun: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{noun} from {low:g} to {high:g}"
    if low is not None:
        return f"{noun} of at least {low:g}"
    if high is not None:
        return f"{noun} of at most {high:g}"
    return noun


class Int(Option[int]):
    """A whole number, optionally bounded by ``min`` and ``max`` (inclusive)."""

    type_name = "int"

    def __init__(
        self,
        default: int,
        *,
        help: str,  # noqa: A002
        min: int | None = None,  # noqa: A002
        max: int | None = None,  # noqa: A002
    ) -> None:
        self.min = min
        self.max = max
        super().__init__(default, help=help)

    def validate(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._reject(value)
        if not _in_range(value, self.min, self.max):
            raise self._reject(value)
        return value

    def describe(self) -> str:
        return _range_words("a whole number", self.min, self.max)


class Float(Option[float]):
    """A number (whole numbers are accepted and stored as floats)."""

    type_name = "float"

    def __init__(
        self,
        default: float,
        *,
        help: str,  # noqa: A002
        min: float | None = None,  # noqa: A002
        max: float | None = None,  # noqa: A002
    ) -> None:
        self.min = min
        self.max = max
        super().__init__(default, help=help)

    def validate(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._reject(value)
        if not _in_range(value, self.min, self.max):
            raise self._reject(value)
        return float(value)

    def describe(self) -> str:
        return _range_words("a number", self.min, self.max)


class Str(Option[str]):
    """Text.  On the command line the text is taken as written (quotes are optional)."""

    type_name = "str"

    def __init__(
        self,
        default: str | _Unset = _UNSET,
        *,
        help: str,  # noqa: A002
        default_factory: Callable[[], str] | None = None,
        default_text: str | None = None,
    ) -> None:
        super().__init__(
            default, help=help, default_factory=default_factory, default_text=default_text
        )

    def validate(self, value: object) -> str:
        if not isinstance(value, str):
            raise self._reject(value)
        return value

    def parse(self, text: str) -> str:
        stripped = text.strip()
        if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "'\"":
            literal = _literal(stripped)
            if isinstance(literal, str):
                return literal
        return text

    def describe(self) -> str:
        return "text"


class Enum(Option[str]):
    """One of a fixed set of words; matched without regard to case unless asked."""

    type_name = "enum"

    def __init__(
        self,
        values: Sequence[str],
        default: str,
        *,
        help: str,  # noqa: A002
        case_sensitive: bool = False,
    ) -> None:
        self.values = tuple(values)
        self.case_sensitive = case_sensitive
        super().__init__(default, help=help)

    def validate(self, value: object) -> str:
        if isinstance(value, str):
            for allowed in self.values:
                if value == allowed or (
                    not self.case_sensitive and value.casefold() == allowed.casefold()
                ):
                    return allowed
            suggestion = closest_match(value, self.values)
            raise self._reject(value, f" (did you mean {suggestion!r}?)" if suggestion else "")
        raise self._reject(value)

    def parse(self, text: str) -> str:
        stripped = text.strip()
        if len(stripped) >= 2 and stripped[0] == stripped[-1] and stripped[0] in "'\"":
            stripped = stripped[1:-1]
        return self.validate(stripped)

    def describe(self) -> str:
        case = "" if self.case_sensitive else " (any case)"
        return f"one of {quoted_list(self.values)}{case}"


class LogLevel(Option[int]):
    """A logging level, by name (``DEBUG`` ... ``CRITICAL``) or number (0, 10 ... 50)."""

    type_name = "loglevel"
    _NAMES: Mapping[str, int] = {
        # The values of logging.NOTSET ... logging.CRITICAL, fixed by the standard
        # library; written out so that declaring options does not import logging.
        "NOTSET": 0,
        "DEBUG": 10,
        "INFO": 20,
        "WARN": 30,
        "WARNING": 30,
        "ERROR": 40,
        "CRITICAL": 50,
    }

    def __init__(self, default: int, *, help: str) -> None:  # noqa: A002
        super().__init__(default, help=help)

    def validate(self, value: object) -> int:
        if isinstance(value, str):
            level = self._NAMES.get(value.strip().upper())
            if level is not None:
                return level
            if value.strip().isdigit():
                value = int(value.strip())
        if isinstance(value, int) and not isinstance(value, bool) and value in self._NAMES.values():
            return value
        raise self._reject(value)

    def parse(self, text: str) -> int:
        return self.validate(text)

    def describe(self) -> str:
        return (
            "a level name (DEBUG, INFO, WARNING, ERROR, CRITICAL) or number (0, 10, 20, 30, 40, 50)"
        )

    def literal(self, value: object) -> str:
        names = {number: name for name, number in self._NAMES.items() if name != "WARN"}
        name = names.get(value) if isinstance(value, int) else None
        return repr(name) if name is not None else repr(value)


_ITEM_WORDS: dict[type, str] = {
    str: "text",
    int: "whole number",
    float: "number",
    bool: "True/False",
}


class List(Option[list[T]]):
    """A list whose items are all of one Python type (``str`` by default).

    On the command line, write a Python list (``--C.names="['a', 'b']"``); a value that
    is not a list literal is taken as a list of one item.
    """

    type_name = "list"

    def __init__(
        self,
        item_type: type[T],
        default: Sequence[T] = (),
        *,
        help: str,  # noqa: A002
    ) -> None:
        self.item_type = item_type
        super().__init__(list(default), help=help)

    def _check_item(self, item: object) -> T:
        if self.item_type is float and isinstance(item, int) and not isinstance(item, bool):
            return float(item)  # type: ignore[return-value]
        if isinstance(item, self.item_type) and not (
            self.item_type is int and isinstance(item, bool)
        ):
            return item
        raise self._reject(item, f" (every item must be a {self._item_word()})")

    def validate(self, value: object) -> list[T]:
        if isinstance(value, list | tuple):
            return [self._check_item(item) for item in value]
        raise self._reject(value)

    def parse(self, text: str) -> list[T]:
        literal = _literal(text)
        if isinstance(literal, list | tuple):
            return self.validate(literal)
        if self.item_type is str:
            return self.validate([text])
        return self.validate([literal])

    def _item_word(self) -> str:
        return _ITEM_WORDS.get(self.item_type, self.item_type.__name__)

    def describe(self) -> str:
        return f"a list of {self._item_word()} items, e.g. {self._example()}"

    def _example(self) -> str:
        examples: dict[type, str] = {
            str: "['a', 'b']",
            int: "[1, 2]",
            float: "[0.5, 2.0]",
            bool: "[True]",
        }
        return examples.get(self.item_type, "[...]")


class Dict(Option[dict[str, Any]]):
    """A mapping from text keys to values; on the command line, a Python dict literal."""

    type_name = "dict"

    def __init__(self, default: Mapping[str, Any] | None = None, *, help: str) -> None:  # noqa: A002
        super().__init__(dict(default or {}), help=help)

    def validate(self, value: object) -> dict[str, Any]:
        if isinstance(value, dict) and all(isinstance(key, str) for key in value):
            return dict(value)
        raise self._reject(value)

    def describe(self) -> str:
        return "a dict with text keys, e.g. {'key': 'value'}"
