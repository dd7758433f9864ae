"""Tracebacks: modes, colour schemes and structured reports of exceptions."""

from __future__ import annotations

from jovi.shell.tracebacks.colors import SCHEMES, ColorScheme, scheme
from jovi.shell.tracebacks.formatter import MODES, TracebackFormatter

__all__ = ["MODES", "SCHEMES", "ColorScheme", "TracebackFormatter", "scheme"]
