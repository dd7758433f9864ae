"""CurveZMQ: encrypted, authenticated ZeroMQ connections (an option of parallel computing).

A Curve *server* socket holds a long-term key pair; a *client* socket knows the
server's public key and makes a key pair of its own (ephemeral, one per socket).  A
peer that does not know the server's public key, or uses no Curve at all, fails the
ZeroMQ handshake: no message of it ever reaches the application, and nothing is sent
to it.  Keys are the 40-character Z85 text that ``zmq.curve_keypair`` makes.

Setting the options (before ``bind`` or ``connect``) is all there is:
:func:`make_server` and :func:`make_client`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import zmq

__all__ = ["CurveKeys", "curve_available", "make_client", "make_server", "new_server_keys"]


@dataclasses.dataclass(frozen=True, slots=True)
class CurveKeys:
    """A Curve server's keys.

    Attributes:
        public: The server's public key (Z85 text); every client needs it.
        secret: The server's secret key (Z85 text); empty where only clients are made.
    """

    public: str
    secret: str = ""

    def public_only(self) -> CurveKeys:
        """These keys without the secret one (what a client may know)."""
        return CurveKeys(self.public)


def curve_available() -> bool:
    """Whether the libzmq in use has Curve (pyzmq's wheels do)."""
    return bool(zmq.has("curve"))


def new_server_keys() -> CurveKeys:
    """A fresh server key pair.

    Raises:
        RuntimeError: libzmq was built without Curve.
    """
    if not curve_available():
        raise RuntimeError("this libzmq has no CurveZMQ (build it with libsodium)")
    public, secret = zmq.curve_keypair()
    return CurveKeys(public.decode("ascii"), secret.decode("ascii"))


def make_server(sock: zmq.Socket[Any], keys: CurveKeys) -> None:
    """Make ``sock`` (not bound yet) a Curve server with ``keys``.

    Raises:
        ValueError: ``keys`` has no secret key.
    """
    if not keys.secret:
        raise ValueError("a Curve server needs the secret key")
    sock.curve_secretkey = keys.secret.encode("ascii")
    sock.curve_publickey = keys.public.encode("ascii")
    sock.curve_server = True


def make_client(sock: zmq.Socket[Any], keys: CurveKeys) -> None:
    """Make ``sock`` (not connected yet) a Curve client of the server whose public key
    ``keys`` holds, with a key pair of its own."""
    public, secret = zmq.curve_keypair()
    sock.curve_serverkey = keys.public.encode("ascii")
    sock.curve_publickey = public
    sock.curve_secretkey = secret
