"""HMAC signatures (fixed test vectors) and the replay history."""

from __future__ import annotations

import pytest

from jovi.errors import ReplayedMessage, SignatureMismatch
from jovi.protocol.signing import DigestHistory, Signer, check_signature_scheme

KEY = b"a0436f6c-1916-498b-8eb9-e81ab9368e84"
HEADER = (
    b'{"msg_id":"11111111-1111-1111-1111-111111111111",'
    b'"session":"22222222-2222-2222-2222-222222222222","username":"alice",'
    b'"date":"2024-01-01T00:00:00.000000Z","msg_type":"execute_request","version":"5.3"}'
)
CONTENT = (
    b'{"code":"1+1","silent":false,"store_history":true,"user_expressions":{},'
    b'"allow_stdin":false,"stop_on_error":true}'
)
PARTS = [HEADER, b"{}", b"{}", CONTENT]
SHA256 = b"5fa2978cf1902f52e462adc10f6260ef2b835edb86be99b8c59170281c77549d"
SHA512 = (
    b"2f520a8a33d78c7bc61b1e6c5d01c6c810c4ff148babe9c6d5fc9c2e0b4d41417736a940ff4f62a5"
    b"55ce2d4bba8186e322b0f0db7b09ea46628a3f5a89b20be4"
)
TAMPERED_SHA256 = b"ee29035382776c9061278d2ab41c09274d6b7ff10225092396f7e25f2d158bf2"


def test_the_protocol_test_vectors():
    assert Signer(KEY).sign(PARTS) == SHA256
    assert Signer(KEY, "hmac-sha512").sign(PARTS) == SHA512
    tampered = [HEADER, b"{}", b"{}", CONTENT.replace(b"1+1", b"1+2")]
    assert Signer(KEY).sign(tampered) == TAMPERED_SHA256


def test_a_string_key_is_its_utf8_bytes_and_parts_may_be_memoryviews():
    assert Signer(KEY.decode()).sign([memoryview(part) for part in PARTS]) == SHA256
    assert Signer(KEY).sign([bytearray(part) for part in PARTS]) == SHA256


def test_verify_accepts_the_right_signature_and_refuses_the_others():
    signer = Signer(KEY)
    signer.verify(SHA256, PARTS)
    with pytest.raises(SignatureMismatch, match="invalid signature"):
        signer.verify(TAMPERED_SHA256, PARTS)
    with pytest.raises(SignatureMismatch, match="invalid signature"):
        signer.verify(SHA256.upper(), PARTS)
    with pytest.raises(SignatureMismatch, match="unsigned"):
        signer.verify(b"", PARTS)
    with pytest.raises(SignatureMismatch, match="invalid signature"):
        Signer(b"another key").verify(SHA256, PARTS)
    with pytest.raises(SignatureMismatch, match="invalid signature"):
        Signer(KEY, "hmac-sha512").verify(SHA256, PARTS)


def test_without_a_key_nothing_is_signed_or_checked():
    signer = Signer(b"")
    assert not signer.enabled
    assert signer.sign(PARTS) == b""
    signer.verify(b"", PARTS)
    signer.verify(b"anything", PARTS)


@pytest.mark.parametrize(
    "scheme",
    ["hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5", "hmac-sha3_256", "hmac-blake2b"],
)
def test_hmac_schemes_of_hashlib_algorithms(scheme):
    assert check_signature_scheme(scheme) == scheme
    signature = Signer(KEY, scheme).sign(PARTS)
    assert signature
    assert signature == signature.lower()
    Signer(KEY, scheme).verify(signature, PARTS)


@pytest.mark.parametrize(
    "scheme", ["sha256", "md5", "hmac-", "hmac-nosuchhash", "hmac-shake_128", "rsa-sha256", ""]
)
def test_other_schemes_are_refused(scheme):
    with pytest.raises(ValueError, match="is not a signature scheme"):
        Signer(KEY, scheme)


def test_the_history_refuses_a_signature_seen_before():
    history = DigestHistory(3)
    history.add(b"a")
    with pytest.raises(ReplayedMessage, match="already received"):
        history.add(b"a")
    assert len(history) == 1


def test_the_history_forgets_the_oldest_signature_first():
    history = DigestHistory(3)
    for signature in (b"a", b"b", b"c", b"d"):
        history.add(signature)
    assert [s in history for s in (b"a", b"b", b"c", b"d")] == [False, True, True, True]
    history.add(b"a")  # forgotten, so accepted again
    with pytest.raises(ReplayedMessage):
        history.add(b"d")


def test_a_history_of_size_zero_remembers_nothing():
    history = DigestHistory(0)
    history.add(b"a")
    history.add(b"a")
    assert len(history) == 0
    with pytest.raises(ValueError, match="0 or more"):
        DigestHistory(-1)
