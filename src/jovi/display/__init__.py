"""Layer 1: rich display: MIME bundles, formatters, the pretty printer, display objects."""

from __future__ import annotations

__all__: list[str] = []
