"""JSON for the four JSON frames of a message: UTF-8, compact, strict where it matters.

jovi encodes with `orjson <https://github.com/ijl/orjson>`_: on the message workload it
is 10 to 20 times faster than the standard library at encoding and never slower at
decoding (``bench/json_codecs.py``; the numbers are in ``docs/reference/protocol.md``).

What is written (PROTOCOL.md §1.2):

* UTF-8 without ``\\u`` escapes for non-ASCII text (``ensure_ascii=False``);
* values JSON has no notation for are converted as Jupyter does: ``datetime`` to ISO
  8601 in UTC with ``Z``, ``date`` to ISO 8601, ``bytes`` (and other binary buffers)
  to base64 text, tuples, sets and other iterables to arrays, integer and real number
  types (numpy scalars, ``Decimal``) to numbers;
* NaN and infinities, which JSON cannot carry, are written as ``null`` (as
  JavaScript's ``JSON.stringify`` does) rather than as invalid JSON;
* keys that are not strings (``1``, ``None``) become strings, as with :mod:`json`.

What is read: any valid JSON in UTF-8.  Tolerated for old or sloppy peers, through
the standard library: ``NaN`` and ``Infinity`` tokens, integers beyond 64 bits, and
escaped lone surrogates.  Everything else is a :class:`~jovi.errors.MalformedMessage`.
"""

from __future__ import annotations

import base64
import json
import math
import numbers
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import orjson

from jovi.errors import MalformedMessage
from jovi.protocol.ids import format_date

__all__ = ["dumps", "json_default", "loads"]

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_SERIALIZE_NUMPY


def json_default(value: Any) -> Any:
    """The JSON form of ``value``, for a value JSON has no notation for.

    Raises:
        TypeError: ``value`` has no JSON form.
    """
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, Iterable) and not isinstance(value, str):
        return list(value)
    raise TypeError(f"{type(value).__name__} has no JSON form")


def _finite(value: Any) -> Any:
    # Only for the rare standard-library path: orjson already writes NaN as null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _default_for_stdlib(value: Any) -> Any:
    return _finite(json_default(value))


def dumps(value: Any) -> bytes:
    """``value`` as compact UTF-8 JSON.

    Raises:
        MalformedMessage: ``value`` (or something inside it) has no JSON form.
    """
    try:
        return orjson.dumps(value, default=json_default, option=_OPTIONS)
    except TypeError:
        # orjson refuses keys that are not strings, integers beyond 64 bits and text
        # with lone surrogates; the standard library takes all three.
        pass
    try:
        text = json.dumps(
            _finite(value),
            default=_default_for_stdlib,
            ensure_ascii=False,
            allow_nan=False,
            separators=(",", ":"),
        )
    except (TypeError, ValueError, RecursionError) as error:
        raise MalformedMessage(f"cannot be written as JSON: {error}") from None
    return text.encode("utf-8", "surrogatepass")


def loads(data: bytes | bytearray | memoryview) -> Any:
    """The value written as UTF-8 JSON in ``data``.

    Raises:
        MalformedMessage: ``data`` is not JSON in UTF-8.
    """
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(bytes(data).decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as error:
        # UnicodeDecodeError and json.JSONDecodeError are both ValueErrors.
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise MalformedMessage(f"not JSON in UTF-8: {reason}") from None
