"""JSON for the four JSON frames of a message: UTF-8, compact, strict where it matters.

jovi reads and writes JSON with `msgspec <https://jcristharif.com/msgspec/>`_: on the
message workload it is about ten times faster than the standard library both ways,
and unlike orjson it keeps integers beyond 64 bits exact (``bench/json_codecs.py``;
the numbers are in ``docs/reference/protocol.md``).

What is written (Jupyter messaging protocol: the wire format):

* UTF-8 without ``\\u`` escapes for non-ASCII text (``ensure_ascii=False``);
* values JSON has no notation for are converted as Jupyter does: ``datetime`` and
  ``date`` to ISO 8601 (``Z`` for UTC; header dates always have microseconds and
  ``Z``, see :func:`~jovi.protocol.ids.format_date`), ``bytes`` (and other binary
  buffers) to base64 text, tuples, sets and other iterables to arrays, integer and
  real number types (numpy scalars, fractions) to numbers;
* NaN and infinities, which JSON cannot carry, are written as ``null`` (as
  JavaScript's ``JSON.stringify`` does) rather than as invalid JSON;
* keys that are not strings (``1``, ``None``) become strings, as with :mod:`json`.

What is read: any valid JSON in UTF-8.  Tolerated for old or sloppy peers, through
the standard library: ``NaN`` and ``Infinity`` tokens and escaped lone surrogates.
Everything else is a :class:`~jovi.errors.MalformedMessage`.
"""

from __future__ import annotations

import base64
import json
import math
import numbers
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import msgspec

from jovi.errors import MalformedMessage
from jovi.protocol.ids import format_date

__all__ = ["dumps", "json_default", "loads"]


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


# Encoders and decoders keep no state between calls: one of each serves every thread.
_encoder = msgspec.json.Encoder(enc_hook=json_default)
_decoder = msgspec.json.Decoder()


def _finite(value: Any) -> Any:
    # Only for the rare standard-library path: msgspec already writes NaN as null.
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
        return _encoder.encode(value)
    except (TypeError, ValueError):
        # msgspec refuses keys that are not strings or integers and text with lone
        # surrogates (a UnicodeEncodeError); the standard library takes both.
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
        return _decoder.decode(data)
    except (msgspec.DecodeError, ValueError, RecursionError):
        # ValueError: msgspec raises UnicodeDecodeError for invalid UTF-8 in strings.
        pass
    try:
        return json.loads(bytes(data).decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as error:
        # UnicodeDecodeError and json.JSONDecodeError are both ValueErrors.
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise MalformedMessage(f"not JSON in UTF-8: {reason}") from None
