"""Immutable JSON: the metadata and MIME bundles held by notebook value objects.

A notebook's metadata and its outputs' MIME bundles are free-form JSON that jovi must
keep intact, unknown keys included.  The model holds them frozen (docs/design/style.md, C11):

* a JSON object is a :class:`FrozenDict`, a read-only :class:`~collections.abc.Mapping`
  whose updates (:meth:`FrozenDict.set`, :meth:`FrozenDict.delete`, ``|``) return copies;
* a JSON array is a :class:`FrozenList`, a tuple that also compares equal to a list
  with the same items;
* strings, numbers, booleans and ``None`` are themselves.

:func:`freeze` turns plain JSON (``dict``/``list``) into this form, :func:`thaw` turns
it back; both return their argument unchanged when there is nothing to convert, so
freezing an already frozen value costs nothing.

Usage::

    meta = freeze({"tags": ["slow"], "jupyter": {"source_hidden": True}})
    meta == {"tags": ["slow"], "jupyter": {"source_hidden": True}}   # True
    meta.set("collapsed", True)                                       # a new FrozenDict
    thaw(meta)                                                        # plain dicts and lists
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeAlias, overload

__all__ = [
    "EMPTY",
    "FrozenDict",
    "FrozenList",
    "JSONValue",
    "PlainJSON",
    "freeze",
    "freeze_fields",
    "freeze_parsed",
    "thaw",
]

JSONValue: TypeAlias = "str | int | float | bool | FrozenList | FrozenDict | None"
"""A frozen JSON value, as the model holds it."""

PlainJSON: TypeAlias = "str | int | float | bool | list[PlainJSON] | dict[str, PlainJSON] | None"
"""A plain JSON value, as :func:`json.loads` returns it and :func:`json.dumps` takes it."""


class FrozenList(tuple[JSONValue, ...]):
    """A JSON array that cannot change; equal to a ``list`` or tuple with equal items."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            other = tuple(other)
        return tuple.__eq__(self, other) if isinstance(other, tuple) else NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        return f"FrozenList({list(self)!r})"


class FrozenDict(Mapping[str, JSONValue]):
    """A JSON object that cannot change.  Updates return new objects.

    Args:
        items: A mapping or ``(key, value)`` pairs; values are frozen with :func:`freeze`.
    """

    __slots__ = ("_data", "_hash")

    _data: dict[str, JSONValue]
    _hash: int | None

    def __init__(self, items: Mapping[str, object] | Iterable[tuple[str, object]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._data = {_key(key): freeze(value) for key, value in pairs}
        self._hash = None

    @classmethod
    def _wrap(cls, data: dict[str, JSONValue]) -> FrozenDict:
        # Internal: adopt a dict whose values are already frozen, without copying.
        new = cls.__new__(cls)
        new._data = data
        new._hash = None
        return new

    def __getitem__(self, key: str) -> JSONValue:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __or__(self, other: Mapping[str, object]) -> FrozenDict:
        merged = dict(self._data)
        merged.update((_key(key), freeze(value)) for key, value in other.items())
        return FrozenDict._wrap(merged)

    def set(self, key: str, value: object) -> FrozenDict:
        """A copy with ``key`` set to ``value`` (frozen)."""
        return self | {key: value}

    def delete(self, *keys: str) -> FrozenDict:
        """A copy without ``keys`` (keys that are not there are ignored)."""
        if not any(key in self._data for key in keys):
            return self
        return FrozenDict._wrap({k: v for k, v in self._data.items() if k not in keys})


EMPTY = FrozenDict()
"""The empty JSON object, the default metadata of every model object."""


def _key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"JSON object keys are strings, not {type(key).__name__} ({key!r})")
    return key


@overload
def freeze(value: Mapping[str, object]) -> FrozenDict: ...
@overload
def freeze(value: object) -> JSONValue: ...
def freeze(value: object) -> JSONValue:
    """The frozen form of a JSON value (dicts become FrozenDicts, lists FrozenLists).

    Raises:
        TypeError: ``value`` holds something JSON cannot represent.
    """
    kind = type(value)
    if kind is str or value is None or kind is int or kind is float or kind is bool:
        return value  # type: ignore[return-value]
    if kind is dict:
        # JSON as parsed: plain dicts (checked first: the ABC check below is slow).
        return FrozenDict._wrap({_key(k): freeze(v) for k, v in value.items()})  # type: ignore[attr-defined]
    if kind is list:
        return FrozenList([freeze(item) for item in value])  # type: ignore[attr-defined]
    if isinstance(value, str | int | float | FrozenDict | FrozenList):
        return value
    if isinstance(value, Mapping):
        return FrozenDict._wrap({_key(k): freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return FrozenList(freeze(item) for item in value)
    raise TypeError(f"{type(value).__name__} is not a JSON value: {value!r:.80}")


def freeze_parsed(value: object) -> JSONValue:
    """:func:`freeze` for a value straight from a JSON parser (only ``dict``, ``list``,
    ``str`` keys and scalars in it): the same result, without the checks."""
    kind = type(value)
    if kind is dict:
        return FrozenDict._wrap({k: freeze_parsed(v) for k, v in value.items()})  # type: ignore[attr-defined]
    if kind is list:
        return FrozenList([freeze_parsed(item) for item in value])  # type: ignore[attr-defined]
    return value  # type: ignore[return-value]


def freeze_fields(obj: object, *names: str) -> None:
    """Freeze the named fields of a frozen dataclass in place (for ``__post_init__``).

    Frozen dataclasses accept plain dicts and lists at run time; this stores them
    frozen, and ``None`` stays ``None``.
    """
    for name in names:
        value = getattr(obj, name)
        if value is not None and not isinstance(value, FrozenDict):
            object.__setattr__(obj, name, freeze(value))


@overload
def thaw(value: FrozenDict) -> dict[str, PlainJSON]: ...
@overload
def thaw(value: object) -> PlainJSON: ...
def thaw(value: object) -> PlainJSON:
    """The plain form of a (frozen or plain) JSON value: new dicts and lists throughout."""
    if isinstance(value, Mapping):
        return {_key(k): thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"{type(value).__name__} is not a JSON value: {value!r:.80}")
