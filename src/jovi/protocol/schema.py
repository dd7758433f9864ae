"""Typed records that are read from and written to JSON objects, checked once at the edge.

A :class:`Record` is a frozen ``msgspec.Struct`` whose fields say what the JSON object
holds (a struct class is made in microseconds, a frozen dataclass in half a millisecond:
the protocol defines about fifty, and every kernel and client imports them).  ``Record.from_json(obj)`` checks every field against its annotation and
raises :class:`~jovi.errors.MalformedMessage` with the path of the first bad value;
``record.to_json()`` gives the JSON object back.  Keys the class does not declare are
kept in ``extra`` and written again by ``to_json``, so a message passed through jovi
(a notebook server relaying a kernel's reply to a browser) loses nothing.

The annotations a field may have: ``str``, ``int``, ``float``, ``bool``, ``Any``,
``datetime`` (ISO 8601 text on the wire), ``X | None``, unions of these,
``tuple[X, ...]`` (a JSON array), ``Mapping[str, X]`` (a JSON object) and any
:class:`JsonCodable` class, such as another record.

Rules, chosen to be strict about types and liberal about presence:

* a field without a default is required;
* ``null`` for a field that has a default and does not allow ``None`` means the default
  (JavaScript clients send ``null`` for "not given");
* a field whose default is ``None`` is left out of the JSON object while it is ``None``;
* ``int`` does not accept booleans; ``float`` accepts integers.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar, NamedTuple, Self, Union

import msgspec

from jovi.errors import MalformedMessage
from jovi.protocol.ids import format_date, parse_date

__all__ = ["JsonCodable", "Record", "describe_json"]


class JsonCodable:
    """A value with a JSON form of its own (a record, or a JSON array such as a history
    entry).  Subclasses may appear in the annotations of record fields."""

    __slots__ = ()

    # Every subclass by class name, so that annotations naming classes of other
    # modules resolve without a runtime import in the annotating module.
    _by_name: ClassVar[dict[str, type[JsonCodable]]] = {}

    def __init_subclass__(cls) -> None:
        # No zero-argument super(): dataclass(slots=True) re-creates the class.
        known = JsonCodable._by_name.get(cls.__name__)
        if known is not None and known.__qualname__ + known.__module__ != (
            cls.__qualname__ + cls.__module__
        ):
            raise TypeError(f"two JSON classes are named {cls.__name__}")
        JsonCodable._by_name[cls.__name__] = cls

    @classmethod
    def from_json(cls, value: Any, *, where: str = "") -> Self:
        """The instance that ``value`` (decoded JSON) describes.

        Args:
            value: Decoded JSON.
            where: Where ``value`` came from, for error messages.

        Raises:
            MalformedMessage: ``value`` does not describe an instance.
        """
        raise NotImplementedError

    def to_json(self) -> Any:
        """This instance as JSON-ready data (dicts, lists, strings, numbers)."""
        raise NotImplementedError


def describe_json(value: Any) -> str:
    """A short description of a decoded JSON value, for error messages."""
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        type(None): "null",
    }
    name = names.get(type(value), type(value).__name__)
    if isinstance(value, bool | int | float):
        return f"{name} ({value!r})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{name} ({shown!r})"
    return name


class _Converter(NamedTuple):
    decode: Callable[[Any, str], Any]
    encode: Callable[[Any], Any]
    expected: str
    kind: type | tuple[type, ...]  # the Python type(s) of decoded values


def _same(value: Any) -> Any:
    return value


def _bad(value: Any, where: str, expected: str) -> MalformedMessage:
    return MalformedMessage(f"{where} must be {expected}, not {describe_json(value)}")


def _decode_str(value: Any, where: str) -> Any:
    if isinstance(value, str):
        return value
    raise _bad(value, where, "a string")


def _decode_int(value: Any, where: str) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _bad(value, where, "an integer")


def _decode_bool(value: Any, where: str) -> Any:
    if isinstance(value, bool):
        return value
    raise _bad(value, where, "a boolean")


def _decode_float(value: Any, where: str) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise _bad(value, where, "a number")


def _decode_none(value: Any, where: str) -> Any:
    if value is None:
        return None
    raise _bad(value, where, "null")


def _decode_any(value: Any, where: str) -> Any:
    return value


def _decode_date(value: Any, where: str) -> Any:
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            pass
    raise _bad(value, where, "an ISO 8601 date")


def _encode_date(value: Any) -> Any:
    return format_date(value)


_ANY = _Converter(_decode_any, _same, "any JSON value", object)
_SIMPLE: dict[Any, _Converter] = {
    str: _Converter(_decode_str, _same, "a string", str),
    int: _Converter(_decode_int, _same, "an integer", int),
    bool: _Converter(_decode_bool, _same, "a boolean", bool),
    float: _Converter(_decode_float, _same, "a number", float),
    type(None): _Converter(_decode_none, _same, "null", type(None)),
    Any: _ANY,
    datetime: _Converter(_decode_date, _encode_date, "an ISO 8601 date", datetime),
}


def _union(options: list[_Converter]) -> _Converter:
    expected = " or ".join(option.expected for option in options)
    allows_none = any(option.kind is type(None) for option in options)
    others = [option for option in options if option.kind is not type(None)]

    def decode(value: Any, where: str) -> Any:
        if value is None and allows_none:
            return None
        if len(others) == 1:
            # X | None: X's own error names the bad value precisely.
            return others[0].decode(value, where)
        for option in others:
            try:
                return option.decode(value, where)
            except MalformedMessage:
                continue
        raise _bad(value, where, expected)

    def encode(value: Any) -> Any:
        for option in options:
            if isinstance(value, option.kind):
                return option.encode(value)
        return value

    if all(option.encode is _same for option in options):
        encode = _same
    kinds = tuple(
        kind
        for option in options
        for kind in (option.kind if isinstance(option.kind, tuple) else (option.kind,))
    )
    return _Converter(decode, encode, expected, kinds)


_PLURALS = {
    "a string": "strings",
    "an integer": "integers",
    "a boolean": "booleans",
    "a number": "numbers",
    "an object": "objects",
    "any JSON value": "JSON values",
}


def _plural(expected: str) -> str:
    return _PLURALS.get(expected, f"values that are each {expected}")


def _array(item: _Converter) -> _Converter:
    expected = f"an array of {_plural(item.expected)}"

    def decode(value: Any, where: str) -> Any:
        if not isinstance(value, list | tuple):
            raise _bad(value, where, expected)
        return tuple(item.decode(element, f"{where}[{i}]") for i, element in enumerate(value))

    def encode(value: Any) -> Any:
        if item.encode is _same:
            return list(value)
        return [item.encode(element) for element in value]

    return _Converter(decode, encode, expected, tuple)


def _object(item: _Converter) -> _Converter:
    expected = "an object" if item is _ANY else f"an object of {_plural(item.expected)}"

    def decode(value: Any, where: str) -> Any:
        if not isinstance(value, dict):
            raise _bad(value, where, expected)
        if item is _ANY:
            return value
        return {key: item.decode(element, f"{where}[{key!r}]") for key, element in value.items()}

    def encode(value: Any) -> Any:
        return {key: item.encode(element) for key, element in value.items()}

    return _Converter(decode, _same if item.encode is _same else encode, expected, Mapping)


def _codable(cls: type[JsonCodable]) -> _Converter:
    def decode(value: Any, where: str) -> Any:
        return cls.from_json(value, where=where)

    def encode(value: Any) -> Any:
        return value.to_json()

    article = "an" if cls.__name__[:1] in "AEIOU" else "a"
    return _Converter(decode, encode, f"{article} {cls.__name__}", cls)


def _converter(hint: Any) -> _Converter:
    if hint in _SIMPLE:
        return _SIMPLE[hint]
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        return _union([_converter(arg) for arg in args])
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _array(_converter(args[0]))
    if origin in (Mapping, dict) and args and args[0] is str:
        return _object(_converter(args[1]))
    if isinstance(hint, type) and issubclass(hint, JsonCodable):
        return _codable(hint)
    raise TypeError(f"no JSON form for the annotation {hint!r}")


class _Field(NamedTuple):
    name: str
    converter: _Converter
    required: bool
    nullable: bool
    omit_none: bool
    exact: type | None  # a value of exactly this type is taken as it is (the fast path)
    plain: bool  # written as it is (no conversion)


_MISSING: Any = object()


def _exact_type(hint: Any) -> type | None:
    """The type whose values pass a field of annotation ``hint`` unchanged, if any."""
    if hint in (str, int, bool, float):
        return typing.cast("type", hint)
    if typing.get_origin(hint) is Mapping and typing.get_args(hint)[1] is Any:
        return dict
    return None


class _RecordCodec:
    __slots__ = ("_encode", "cls", "fields", "keep_nulls", "names")

    def __init__(self, cls: type[Record]) -> None:
        namespace = {
            **vars(sys.modules[cls.__module__]),
            **JsonCodable._by_name,
            "JsonCodable": JsonCodable,
            "Any": Any,
            "ClassVar": ClassVar,
            "Mapping": Mapping,
            "Sequence": Sequence,
            "datetime": datetime,
        }
        hints = typing.get_type_hints(cls, globalns=namespace)
        specs = []
        for name, default in zip(cls.__struct_fields__, cls.__struct_defaults__, strict=True):
            if name == "extra":
                continue
            hint = hints[name]
            has_default = default is not msgspec.NODEFAULT
            nullable = type(None) in typing.get_args(hint)
            others = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            base = others[0] if nullable and len(others) == 1 else hint
            converter = _converter(hint)
            specs.append(
                _Field(
                    name,
                    converter,
                    required=not has_default,
                    nullable=nullable,
                    omit_none=nullable and default is None,
                    exact=_exact_type(base),
                    plain=converter.encode is _same,
                )
            )
        self.cls = cls
        self.keep_nulls = bool(getattr(cls, "KEEP_NULLS", False))
        self.fields: tuple[_Field, ...] = tuple(specs)
        self.names = frozenset(spec.name for spec in specs)
        self._encode: Callable[[Record], dict[str, Any]] | None = None

    def decode(self, data: Any, where: str) -> Any:
        if not isinstance(data, dict):
            raise _bad(data, where, "an object")
        values: dict[str, Any] = {}
        present = 0
        nulls: list[str] | None = None  # null fields that encoding would leave out
        get = data.get
        for spec in self.fields:
            value = get(spec.name, _MISSING)
            if value is _MISSING:
                if spec.required:
                    raise MalformedMessage(f"{where} has no {spec.name!r}")
                continue
            present += 1
            if type(value) is spec.exact:
                values[spec.name] = value
            elif value is None and not spec.nullable and not spec.required:
                continue  # null means "not given": the default applies
            elif value is None and spec.omit_none and self.keep_nulls:
                # Kept as an extra key, so that the record is written back with it (a
                # parent header echoes the request's ``"subshell_id": null``).
                nulls = [*(nulls or ()), spec.name]
            else:
                values[spec.name] = spec.converter.decode(value, f"{where}.{spec.name}")
        if present < len(data) or nulls:
            extra = {key: item for key, item in data.items() if key not in self.names}
            extra.update(dict.fromkeys(nulls or (), None))
            values["extra"] = extra
        return self.cls(**values)

    def encode(self, record: Record) -> dict[str, Any]:
        encode = self._encode
        if encode is None:
            encode = self._encode = _compiled_encoder(self.fields)
        return encode(record)


def _compiled_encoder(fields: tuple[_Field, ...]) -> Callable[[Record], dict[str, Any]]:
    """An encoder for records with ``fields``, written out field by field.

    Every message the kernel sends encodes three or four records, so the loop over
    the fields is unrolled once per class (as dataclasses and attrs do): a field is
    read, left out when it is None and may be omitted, converted when its type needs
    it, and stored under its name; the ``extra`` keys come last.
    """
    lines = ["def encode(record):", "    result = {}"]
    namespace: dict[str, Any] = {}
    for index, spec in enumerate(fields):
        key = repr(spec.name)
        lines.append(f"    value = record.{spec.name}")
        stored = "value"
        if not spec.plain:
            namespace[f"_convert{index}"] = spec.converter.encode
            stored = f"_convert{index}(value)"
        if spec.omit_none:
            lines.append(f"    if value is not None: result[{key}] = {stored}")
        elif spec.plain:
            lines.append(f"    result[{key}] = value")
        else:
            lines.append(f"    result[{key}] = None if value is None else {stored}")
    lines += [
        "    extra = record.extra",
        "    if extra:",
        "        for key, value in extra.items():",
        "            result.setdefault(key, value)",
        "    return result",
    ]
    exec("\n".join(lines), namespace)  # noqa: S102 - source made above from field names
    encoder: Callable[[Record], dict[str, Any]] = namespace["encode"]
    return encoder


_codecs: dict[type, _RecordCodec] = {}


def _codec_for(cls: type[Record]) -> _RecordCodec:
    # Built on first use and cached; two threads racing build equal codecs.
    codec = _codecs.get(cls)
    if codec is None:
        codec = _codecs[cls] = _RecordCodec(cls)
    return codec


class Record(msgspec.Struct, JsonCodable, frozen=True, kw_only=True):
    """A JSON object with typed fields (see the module documentation).

    Attributes:
        extra: Keys of the JSON object that the class does not declare, kept so that
            ``to_json`` writes them again.
    """

    extra: Mapping[str, Any] = msgspec.field(default_factory=dict)

    KEEP_NULLS: ClassVar[bool] = False
    """Write back the fields that were given as ``null`` (others leave null fields out)."""

    @classmethod
    def from_json(cls, value: Any, *, where: str = "") -> Self:
        """The record that the JSON object ``value`` describes.

        Raises:
            MalformedMessage: ``value`` is not an object, lacks a required field, or
                has a field of the wrong type; the message names the field.
        """
        decoded: Self = _codec_for(cls).decode(value, where or cls.__name__)
        return decoded

    def to_json(self) -> dict[str, Any]:
        """The JSON object of this record, with the ``extra`` keys."""
        return _codec_for(type(self)).encode(self)
