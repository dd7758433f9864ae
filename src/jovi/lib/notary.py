"""Trusted notebooks: the user's secret and the store of signatures (the scheme Jupyter's notebook shares).

A notebook is trusted when its signature (:func:`jovi.nbformat.trust.compute_signature`,
an HMAC keyed with the user's secret) is in the store. The files are Jupyter's own,
in the Jupyter data directory, so that a notebook trusted with ``jovi trust`` is
trusted by Jupyter on this machine, and the other way round:

* ``notebook_secret``: the secret (random, base64 text, mode 0600), made on first use;
* ``nbsignatures.db``: an SQLite table ``nbsignatures (id, algorithm, signature,
  path, last_seen)``; when it holds more than ``cache_size`` signatures, the quarter
  least recently seen is dropped.

The store may be used from any thread (the notebook server reads and saves notebooks
on worker threads): one connection, used by one thread at a time.

A store that cannot be opened (a read-only or damaged file) falls back to memory for
the session, with one warning: trusting then lasts until the program ends.

Usage::

    notary = Notary()
    notary.sign(nb)                 # trust it
    notary.check_signature(nb)      # True
    notary.forget(nb)               # stop trusting it
"""

from __future__ import annotations

import base64
import os
import sqlite3
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jovi.nbformat.trust import compute_json_signature, compute_signature, untrusted_cells
from jovi.utils.atomic import atomic_write
from jovi.utils.log import get_logger
from jovi.utils.paths import jupyter_data_dir

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.nbformat.notebook import Notebook

__all__ = ["DEFAULT_CACHE_SIZE", "Notary"]

log = get_logger("jovi")

DEFAULT_CACHE_SIZE = 65535
"""How many signatures the store keeps (Jupyter's default)."""
_SCHEMA = (
    (
        "CREATE TABLE IF NOT EXISTS nbsignatures (id integer PRIMARY KEY AUTOINCREMENT,"
        " algorithm text, signature text, path text, last_seen timestamp)"
    ),
    "CREATE INDEX IF NOT EXISTS algosig ON nbsignatures(algorithm, signature)",
)


class Notary:
    """Signs notebooks and checks their signatures against the user's store.

    Args:
        data_dir: Where ``notebook_secret`` and ``nbsignatures.db`` are (default: the
            Jupyter data directory).
        algorithm: The hash of the HMAC (``sha256``, as Jupyter).
        cache_size: How many signatures the store keeps.
        db_file: The store; ``":memory:"`` keeps it for this process only.
    """

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        algorithm: str = "sha256",
        cache_size: int = DEFAULT_CACHE_SIZE,
        db_file: str | None = None,
    ) -> None:
        self.data_dir = data_dir if data_dir is not None else jupyter_data_dir()
        self.algorithm = algorithm
        self.cache_size = cache_size
        self.db_file = db_file if db_file is not None else str(self.data_dir / "nbsignatures.db")
        self._secret: bytes | None = None
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ the secret

    @property
    def secret_file(self) -> Path:
        return self.data_dir / "notebook_secret"

    @property
    def secret(self) -> bytes:
        """The user's secret, read from ``notebook_secret`` (made there on first use)."""
        with self._lock:  # two threads must not each make a secret
            if self._secret is None:
                try:
                    self._secret = self.secret_file.read_bytes()
                except FileNotFoundError:
                    secret = base64.encodebytes(os.urandom(1024))
                    self.data_dir.mkdir(parents=True, exist_ok=True)
                    atomic_write(self.secret_file, secret, permissions=0o600)
                    self._secret = secret
            return self._secret

    # ------------------------------------------------------------------ the store

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                if self.db_file != ":memory:":
                    self.data_dir.mkdir(parents=True, exist_ok=True)
                self._db = self._open(self.db_file)
            except (OSError, sqlite3.DatabaseError) as error:
                log.warning(
                    "the notebook signature store %s cannot be used (%s); trusted notebooks "
                    "are remembered until jovi ends",
                    self.db_file,
                    error,
                )
                self._db = self._open(":memory:")
        return self._db

    @staticmethod
    def _open(path: str) -> sqlite3.Connection:
        connection = sqlite3.connect(
            path, timeout=10, isolation_level=None, check_same_thread=False
        )
        for statement in _SCHEMA:
            connection.execute(statement)
        return connection

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def signature(self, nb: Notebook | Mapping[str, Any]) -> str:
        """The notebook's signature with this notary's secret (``nb`` may be its
        nbformat 4 JSON without transient values, as read from a file)."""
        if isinstance(nb, Mapping):
            return compute_json_signature(nb, self.secret, self.algorithm)
        return compute_signature(nb, self.secret, self.algorithm)

    def check_signature(self, nb: Notebook | Mapping[str, Any]) -> bool:
        """Whether the notebook is trusted (its signature is in the store)."""
        signature = self.signature(nb)
        with self._lock:
            db = self._connection()
            found = db.execute(
                "SELECT id FROM nbsignatures WHERE algorithm = ? AND signature = ?",
                (self.algorithm, signature),
            ).fetchone()
            if found is None:
                return False
            db.execute("UPDATE nbsignatures SET last_seen = ? WHERE id = ?", (_now(), found[0]))
            return True

    def sign(self, nb: Notebook, path: str = "") -> str:
        """Trust the notebook: store its signature; return it."""
        signature = self.signature(nb)
        with self._lock:
            self._store(self._connection(), signature, path)
        return signature

    def _store(self, db: sqlite3.Connection, signature: str, path: str) -> None:
        known = db.execute(
            "SELECT id FROM nbsignatures WHERE algorithm = ? AND signature = ?",
            (self.algorithm, signature),
        ).fetchone()
        if known is None:
            db.execute(
                "INSERT INTO nbsignatures (algorithm, signature, path, last_seen)"
                " VALUES (?, ?, ?, ?)",
                (self.algorithm, signature, path, _now()),
            )
            self._cull(db)
        else:
            db.execute("UPDATE nbsignatures SET last_seen = ? WHERE id = ?", (_now(), known[0]))

    def forget(self, nb: Notebook) -> None:
        """Stop trusting the notebook."""
        signature = self.signature(nb)
        with self._lock:
            self._connection().execute(
                "DELETE FROM nbsignatures WHERE algorithm = ? AND signature = ?",
                (self.algorithm, signature),
            )

    def _cull(self, db: sqlite3.Connection) -> None:
        count = db.execute("SELECT count(*) FROM nbsignatures").fetchone()[0]
        if count > self.cache_size:
            drop = max(count - int(self.cache_size * 0.75), 1)
            db.execute(
                "DELETE FROM nbsignatures WHERE id IN"
                " (SELECT id FROM nbsignatures ORDER BY last_seen ASC LIMIT ?)",
                (drop,),
            )

    def reset(self) -> None:
        """Forget every trusted notebook and make a new secret (every signature made
        before is invalid from now on)."""
        self.close()
        for path in (self.secret_file, self.data_dir / "nbsignatures.db"):
            path.unlink(missing_ok=True)
        self._secret = None

    @staticmethod
    def needs_trust(nb: Notebook) -> bool:
        """Whether the notebook has outputs that are shown only when it is trusted."""
        return bool(untrusted_cells(nb))


def _now() -> str:
    # UTC without an offset, "YYYY-MM-DD HH:MM:SS.ffffff": the form Jupyter's notary
    # stores (sqlite3's timestamp adapter), which it can read back.
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
