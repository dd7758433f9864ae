"""The public test kit (STYLE.md C22): conformance checks and doubles for jovi's parts.

Nothing in jovi imports this package; tests and other projects do.

* :mod:`~jovi.testing.transport`: :func:`check_channel_pair`,
  :func:`check_router_dealers`, :func:`check_fanout` for any channel implementation.
"""

from __future__ import annotations

from jovi.testing.transport import check_channel_pair, check_fanout, check_router_dealers

__all__ = ["check_channel_pair", "check_fanout", "check_router_dealers"]
