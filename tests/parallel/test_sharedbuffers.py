"""Shared-memory buffers without sockets: written once, mapped read-only, described
safely, removed when the last request using them is answered."""

from __future__ import annotations

import stat

import pytest

from jovi.parallel.sharedbuffers import ALIGNMENT, SHM_DIR, SharedBuffers, SharedLedger, open_shared


def test_buffers_round_trip_aligned_and_read_only():
    shared = SharedBuffers.write([b"abc", bytearray(b"defgh"), memoryview(b"")])
    try:
        assert stat.S_IMODE((SHM_DIR / shared.name).stat().st_mode) == 0o600
        assert all(offset % ALIGNMENT == 0 for offset in shared.offsets)
        views = open_shared(shared.descriptor())
        assert [bytes(v) for v in views] == [b"abc", b"defgh", b""]
        assert all(v.readonly for v in views)
    finally:
        shared.unlink()
    assert bytes(views[1]) == b"defgh"  # a mapping outlives the file


@pytest.mark.parametrize(
    "descriptor",
    [
        {},
        {"name": "../etc/passwd", "offsets": [0], "sizes": [1]},
        {"name": "jovi-1-0123456789abcdef", "offsets": [0, 1], "sizes": [1]},
        {"name": "jovi-1-0123456789abcdef", "offsets": "x", "sizes": [1]},
    ],
)
def test_a_malformed_description_is_refused(descriptor):
    with pytest.raises(ValueError, match="malformed"):
        open_shared(descriptor)


def test_a_file_gone_or_too_short_is_said_plainly():
    shared = SharedBuffers.write([b"0123"])
    descriptor = shared.descriptor()
    with pytest.raises(ValueError, match="shorter"):
        open_shared({**descriptor, "sizes": [4096]})
    shared.unlink()
    with pytest.raises(ValueError, match="cannot be opened"):
        open_shared(descriptor)


def test_the_ledger_removes_a_file_when_its_last_request_is_answered():
    ledger = SharedLedger()
    first, second = SharedBuffers.write([b"1"]), SharedBuffers.write([b"2"])
    ledger.add(first, ["a", "b"])
    ledger.add(second, ["c"])
    ledger.answered("a")
    ledger.answered("unknown")
    assert (SHM_DIR / first.name).exists()
    ledger.answered("b")
    assert not (SHM_DIR / first.name).exists()
    assert len(ledger) == 1
    ledger.close()
    assert not (SHM_DIR / second.name).exists()
    assert len(ledger) == 0
