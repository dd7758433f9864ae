"""Layer 0: pure helpers shared by every part of jovi (standard library only)."""

from __future__ import annotations

__all__: list[str] = []
