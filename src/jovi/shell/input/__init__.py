"""Input syntax: cleaning up, rewriting IPython syntax into Python, completeness."""

from __future__ import annotations

from jovi.shell.input.transformer import Completeness, TransformedCell, TransformerManager

__all__ = ["Completeness", "TransformedCell", "TransformerManager"]
