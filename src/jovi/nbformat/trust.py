"""Notebook trust signatures: the digest part (the scheme Jupyter's notebook shares).

A notebook's outputs are *trusted* (its JavaScript runs, its HTML is not sanitised)
when its signature is in the user's store of signatures.  The signature is an HMAC
(SHA-256 unless said otherwise) over the notebook's content, keyed with a secret
only the user's files hold; it is computed as nbformat computes it, so a signature
made by Jupyter on this machine is one jovi recognises, and the other way round:

* the digest covers the notebook as plain JSON (strings whole), without its
  transient values (``metadata.signature``, ``orig_nbformat``, each cell's ``trusted``);
* objects are fed key by key in sorted key order (each key, then its value), arrays
  item by item, strings as UTF-8, and other values as their Python ``str()``
  (``True``, ``None``, ``1.5``) — so the digest does not depend on the JSON layout.

This module is the pure part.  Where the secret and the signature store live (a
SQLite database in the Jupyter data directory, and ``jovi trust``) is the notebook
server's business: layer 1 reads and writes no files of that kind.

Usage::

    signature = compute_signature(nb, secret)           # "9f86d08...", hex
    if not outputs_need_trust(nb): ...                  # nothing unsafe to show anyway
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING

from jovi.nbformat.cells import CodeCell, RichOutput
from jovi.nbformat.convert import to_json
from jovi.nbformat.layout import strip_transient_v4

if TYPE_CHECKING:
    from jovi.nbformat.notebook import Notebook

__all__ = ["compute_json_signature", "compute_signature", "outputs_need_trust", "untrusted_cells"]


def _digest_parts(value: object, parts: list[bytes]) -> None:
    """Append what the signature digests of ``value``, in order, to ``parts``: every
    key (sorted) and value of the JSON, strings as UTF-8, the rest as ``str()``."""
    if isinstance(value, dict):
        for key in sorted(value):
            parts.append(key.encode())
            _digest_parts(value[key], parts)
    elif isinstance(value, list | tuple):
        for item in value:
            _digest_parts(item, parts)
    elif isinstance(value, str):
        parts.append(value.encode("utf-8"))
    else:
        parts.append(str(value).encode("utf-8"))


def compute_signature(nb: Notebook, secret: bytes, algorithm: str = "sha256") -> str:
    """The notebook's signature: a hex HMAC digest of its content.

    Args:
        nb: The notebook.
        secret: The user's notary secret.
        algorithm: A :mod:`hashlib` algorithm name (``sha256``, ``sha512``...).

    Raises:
        ValueError: ``algorithm`` is not one :mod:`hashlib` has (or cannot key).
    """
    return compute_json_signature(strip_transient_v4(to_json(nb)), secret, algorithm)


def compute_json_signature(obj: object, secret: bytes, algorithm: str = "sha256") -> str:
    """:func:`compute_signature` of a notebook given as nbformat 4 JSON that holds no
    transient values (what :func:`~jovi.nbformat.convert.to_json` gives for a notebook
    read from a file): the same signature, without building the JSON again."""
    if algorithm not in hashlib.algorithms_available or algorithm.startswith("shake_"):
        raise ValueError(f"{algorithm!r} is not a hash algorithm this Python can use for HMAC")
    parts: list[bytes] = []
    _digest_parts(obj, parts)
    # One update of the joined parts digests what one update per part would.
    return hmac.new(secret, b"".join(parts), digestmod=algorithm).hexdigest()


def untrusted_cells(nb: Notebook) -> list[int]:
    """The indices of the code cells whose outputs need trust to be shown as they are.

    Those are the cells with rich output (``display_data`` or ``execute_result``, as
    nbformat judges it); streams and errors are always safe to show.
    """
    return [
        index
        for index, cell in enumerate(nb.cells)
        if isinstance(cell, CodeCell)
        and any(isinstance(output, RichOutput) for output in cell.outputs)
    ]


def outputs_need_trust(nb: Notebook) -> bool:
    """Whether any output of the notebook is unsafe to show unless the notebook is trusted."""
    return bool(untrusted_cells(nb))
