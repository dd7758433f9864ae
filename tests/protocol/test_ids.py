"""Message, session and kernel ids, keys and dates."""

from __future__ import annotations

import re
import threading
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from jovi.protocol.ids import (
    MsgIdFactory,
    format_date,
    new_kernel_id,
    new_key,
    new_session_id,
    parse_date,
    utcnow,
)


def test_session_and_kernel_ids_are_fresh_uuids():
    assert uuid.UUID(new_session_id()) != uuid.UUID(new_session_id())
    assert uuid.UUID(new_kernel_id()).version == 4


def test_keys_are_256_random_bits_in_hex():
    key = new_key()
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert key != new_key()


def test_message_ids_are_unique_across_threads_and_name_the_process(monkeypatch):
    factory = MsgIdFactory("sess")
    ids: list[str] = []

    def make() -> None:
        ids.extend(factory() for _ in range(1000))

    threads = [threading.Thread(target=make) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 4000
    monkeypatch.setattr("os.getpid", lambda: 4242)
    assert re.fullmatch(r"sess_4242_\d+", factory())


def test_dates_are_written_in_utc_with_microseconds_and_z():
    assert format_date(datetime(2024, 1, 1, tzinfo=UTC)) == "2024-01-01T00:00:00.000000Z"
    paris = timezone(timedelta(hours=2))
    assert format_date(datetime(2024, 6, 1, 2, 0, 0, 5, tzinfo=paris)) == (
        "2024-06-01T00:00:00.000005Z"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-01T00:00:00.000000Z", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-01T00:00:00Z", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-01T00:00:00.5+00:00", datetime(2024, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)),
        ("2024-01-01T02:00:00+02:00", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-01T00:00:00.123456789Z", datetime(2024, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)),
        ("2024-01-01T00:00:00.000001", datetime(2024, 1, 1, 0, 0, 0, 1, tzinfo=UTC)),
    ],
)
def test_dates_are_read_timezone_aware(text, expected):
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_a_date_survives_the_round_trip():
    now = utcnow()
    assert now.tzinfo is UTC
    assert parse_date(format_date(now)) == now


def test_text_that_is_not_a_date_is_refused():
    with pytest.raises(ValueError, match="Invalid isoformat"):
        parse_date("yesterday")
