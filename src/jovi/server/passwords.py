"""Password hashes for the server's login: argon2 by default, older forms still read.

A hash is ``<algorithm>:<rest>``.  :func:`hash_password` writes
``argon2:$argon2id$...`` (the argon2-cffi package); :func:`check_password` also
reads IPython 1.x's ``sha1:<salt>:<hex digest>`` and any hashlib algorithm in that form,
so a password set with IPython or Jupyter keeps working.  The password itself is
never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["check_password", "hash_password", "legacy_hash"]

_SALT_HEX_DIGITS = 12


def hash_password(password: str) -> str:
    """The ``argon2:`` hash of ``password``."""
    from argon2 import PasswordHasher  # noqa: PLC0415 - only when a password is set

    hasher = PasswordHasher(memory_cost=10240, time_cost=10, parallelism=8)
    return "argon2:" + hasher.hash(password)


def check_password(hashed: str, password: str) -> bool:
    """Whether ``password`` is the one ``hashed`` was made from (False for a hash jovi
    cannot read)."""
    algorithm, _, rest = hashed.partition(":")
    if algorithm == "argon2":
        from argon2 import PasswordHasher  # noqa: PLC0415 - start-up cost
        from argon2.exceptions import Argon2Error, InvalidHashError  # noqa: PLC0415 - start-up cost

        try:
            return PasswordHasher().verify(rest, password)
        except (Argon2Error, InvalidHashError):
            return False
    salt, _, digest = rest.partition(":")
    if not digest or algorithm not in hashlib.algorithms_available:
        return False
    computed = hashlib.new(algorithm, (password + salt).encode("utf-8")).hexdigest()
    return hmac.compare_digest(computed, digest)


def legacy_hash(password: str, algorithm: str = "sha1") -> str:
    """``algorithm:salt:digest`` as IPython 1.x wrote it (for tests and migrations)."""
    salt = secrets.token_hex(_SALT_HEX_DIGITS // 2)
    digest = hashlib.new(algorithm, (password + salt).encode("utf-8")).hexdigest()
    return f"{algorithm}:{salt}:{digest}"
