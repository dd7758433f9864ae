"""The server's routes, one module per part of the API."""

from __future__ import annotations

__all__: list[str] = []
