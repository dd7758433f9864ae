"""Layer 2: the interactive engine shared by the terminal shell and the kernel."""

from __future__ import annotations

__all__: list[str] = []
