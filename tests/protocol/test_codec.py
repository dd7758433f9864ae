"""The JSON of the four message frames: what is written and what is tolerated."""

from __future__ import annotations

import fractions
import json
import math
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from jovi.errors import MalformedMessage
from jovi.protocol.codec import dumps, json_default, loads


def test_compact_utf8_without_ascii_escapes():
    assert dumps({"text": "naïve → ✓", "n": [1, 2.5, None, True]}) == (
        '{"text":"naïve → ✓","n":[1,2.5,null,true]}'.encode()
    )


def test_values_json_has_no_notation_for_are_converted_as_jupyter_does():
    aware = datetime(2024, 1, 1, 13, 0, tzinfo=timezone(timedelta(hours=1)))
    value = {
        "when": aware,
        "utc": datetime(2024, 1, 1, 12, 0, 0, 5, tzinfo=UTC),
        "day": date(2024, 1, 2),
        "raw": b"\x00\xff",
        "view": memoryview(b"ab"),
        "pair": (1, 2),
        "set": frozenset({3}),
        "frac": fractions.Fraction(3, 2),
        "gen": (i for i in range(2)),
    }
    assert json.loads(dumps(value)) == {
        "when": "2024-01-01T13:00:00+01:00",
        "utc": "2024-01-01T12:00:00.000005Z",
        "day": "2024-01-02",
        "raw": "AP8=",
        "view": "YWI=",
        "pair": [1, 2],
        "set": [3],
        "frac": 1.5,
        "gen": [0, 1],
    }


def test_nan_and_infinities_are_written_as_null():
    assert dumps({"a": math.nan, "b": [math.inf, -math.inf]}) == b'{"a":null,"b":[null,null]}'


def test_what_msgspec_refuses_goes_through_the_standard_library():
    assert json.loads(dumps({1: "a", None: 2**70, "nan": math.nan})) == {
        "1": "a",
        "null": 2**70,
        "nan": None,
    }
    assert loads(dumps("\ud800")) == "\ud800"


def test_values_without_a_json_form_are_refused():
    with pytest.raises(MalformedMessage, match="cannot be written as JSON"):
        dumps({"x": object()})
    with pytest.raises(TypeError):
        json_default(object())


def test_loads_reads_bytes_bytearray_and_memoryview():
    for data in (b'{"a":[1]}', bytearray(b'{"a":[1]}'), memoryview(b'{"a":[1]}')):
        assert loads(data) == {"a": [1]}


def test_loads_tolerates_what_old_peers_wrote():
    assert loads(b'{"x": NaN}')["x"] != loads(b'{"x": NaN}')["x"]  # NaN
    assert loads(b'{"big": 123456789012345678901234567890}') == {
        "big": 123456789012345678901234567890
    }
    assert loads(b'"\\ud800"') == "\ud800"


@pytest.mark.parametrize(
    "data", [b"", b"{", b"\xff\xfe", b"[1,]", b"{'a': 1}", b"[" * 100_000, b"\x00{}"]
)
def test_loads_refuses_what_is_not_json(data):
    with pytest.raises(MalformedMessage, match="not JSON in UTF-8"):
        loads(data)


def test_a_naive_datetime_in_content_is_written_as_it_is():
    # Header dates are always aware (Header.date); content is the sender's business.
    naive = datetime(2024, 6, 1, 12, 0)  # noqa: DTZ001 - the point of the test
    assert dumps({"t": naive}) == b'{"t":"2024-06-01T12:00:00"}'
