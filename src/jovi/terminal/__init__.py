"""Layer 5: the terminal shell (prompt_toolkit) and, later, the terminal console."""

from __future__ import annotations

__all__: list[str] = []
