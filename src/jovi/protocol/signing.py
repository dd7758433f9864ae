"""Message signatures and replay protection (Jupyter messaging protocol: signing).

The signature of a message is the lowercase hex HMAC of its four JSON frames
(header, parent header, metadata, content), in that order, with the connection's
``key`` and ``signature_scheme`` (``hmac-sha256`` by default; any ``hmac-<name>``
whose ``<name>`` is a fixed-length hashlib algorithm).  Buffers are not signed.  An
empty key means no signing: the signature frame is empty and nothing is checked.

Checking a received message, in this order:

1. a key is set and the signature is empty: :class:`~jovi.errors.SignatureMismatch`;
2. the signature differs from the HMAC of the frames as received (compared in
   constant time): :class:`~jovi.errors.SignatureMismatch`;
3. the signature was already seen: :class:`~jovi.errors.ReplayedMessage`; otherwise
   it is remembered.

Unlike jupyter_client, jovi remembers only signatures that verified: an attacker
without the key can then neither fill the history with junk (pushing real
signatures out so that they can be replayed) nor make a genuine message look like a
replay.  The history keeps the last ``size`` signatures (65536 by default) and
forgets the oldest first.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import threading
from typing import TYPE_CHECKING, Any

from jovi.errors import ReplayedMessage, SignatureMismatch

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "DEFAULT_DIGEST_HISTORY_SIZE",
    "DEFAULT_SIGNATURE_SCHEME",
    "DigestHistory",
    "Signer",
    "check_signature_scheme",
]

DEFAULT_SIGNATURE_SCHEME = "hmac-sha256"
DEFAULT_DIGEST_HISTORY_SIZE = 65536


def check_signature_scheme(scheme: str) -> str:
    """Return ``scheme`` if messages can be signed with it.

    Raises:
        ValueError: ``scheme`` is not ``hmac-<name>`` for a fixed-length hashlib
            algorithm (``sha256``, ``sha512``, ``sha1``, ``md5``, ``sha3_256``,
            ``blake2b``...).
    """
    _digest_constructor(scheme)
    return scheme


def _digest_constructor(scheme: str) -> Any:
    prefix, _, name = scheme.partition("-")
    constructor = getattr(hashlib, name, None) if prefix == "hmac" and name else None
    if constructor is not None and name in hashlib.algorithms_available:
        try:
            digest_size = constructor().digest_size
        except (TypeError, ValueError):
            digest_size = 0
        if digest_size:
            return constructor
    raise ValueError(
        f"{scheme!r} is not a signature scheme; use 'hmac-' followed by a hashlib "
        "algorithm, such as 'hmac-sha256' (the default) or 'hmac-sha512'"
    )


class Signer:
    """Signs and checks the signatures of messages with one key and scheme.

    Args:
        key: The shared secret (the connection file's ``key``, as UTF-8).  Empty:
            messages are neither signed nor checked.
        scheme: ``"hmac-<hashlib name>"``.

    Raises:
        ValueError: ``scheme`` is not a signature scheme.

    Usage::

        signer = Signer(b"secret")
        signature = signer.sign([header, parent, metadata, content])
        signer.verify(signature, [header, parent, metadata, content])  # raises if bad
    """

    __slots__ = ("_hmac", "key", "scheme")

    def __init__(self, key: bytes | str = b"", scheme: str = DEFAULT_SIGNATURE_SCHEME) -> None:
        self.key = key.encode("utf-8") if isinstance(key, str) else bytes(key)
        self.scheme = scheme
        constructor = _digest_constructor(scheme)
        # A keyed HMAC made once and copied per message: cheaper than hmac.new each time.
        self._hmac = hmac.new(self.key, digestmod=constructor) if self.key else None

    @property
    def enabled(self) -> bool:
        """Whether messages are signed (the key is not empty)."""
        return self._hmac is not None

    def sign(self, parts: Sequence[bytes | bytearray | memoryview]) -> bytes:
        """The signature of ``parts`` (the four JSON frames): lowercase hex as ASCII
        bytes, or ``b""`` without a key."""
        if self._hmac is None:
            return b""
        digest = self._hmac.copy()
        for part in parts:
            digest.update(part)
        return digest.hexdigest().encode("ascii")

    def verify(self, signature: bytes, parts: Sequence[bytes | bytearray | memoryview]) -> None:
        """Check that ``signature`` is the signature of ``parts``.

        Raises:
            SignatureMismatch: a key is set and ``signature`` is empty or wrong.
        """
        if self._hmac is None:
            return
        if not signature:
            raise SignatureMismatch("unsigned message: the signature frame is empty")
        if not hmac.compare_digest(signature, self.sign(parts)):
            raise SignatureMismatch(
                "invalid signature: the message was changed after signing, or signed "
                "with another key or scheme"
            )

    def __repr__(self) -> str:
        state = "with a key" if self.enabled else "without a key"
        return f"Signer({self.scheme!r}, {state})"


class DigestHistory:
    """The signatures seen recently, to refuse replayed messages.

    Args:
        size: How many signatures to remember; the oldest is forgotten first.
            0 turns replay protection off.
    """

    __slots__ = ("_lock", "_order", "_seen", "size")

    def __init__(self, size: int = DEFAULT_DIGEST_HISTORY_SIZE) -> None:
        if size < 0:
            raise ValueError(f"the digest history size must be 0 or more, not {size}")
        self.size = size
        self._seen: set[bytes] = set()
        self._order: collections.deque[bytes] = collections.deque()
        # Shell, control and stdin may be read on different threads; one check-and-add
        # must not interleave with another.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, signature: object) -> bool:
        return signature in self._seen

    def add(self, signature: bytes) -> None:
        """Remember ``signature``.

        Raises:
            ReplayedMessage: ``signature`` was already remembered.
        """
        if not self.size:
            return
        with self._lock:
            if signature in self._seen:
                raise ReplayedMessage(
                    "replayed message: a message with this signature was already received"
                )
            self._seen.add(signature)
            self._order.append(signature)
            if len(self._order) > self.size:
                self._seen.discard(self._order.popleft())
