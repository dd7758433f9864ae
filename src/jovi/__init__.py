"""jovi: interactive computing for Python.

Importing ``jovi`` is cheap and imports nothing outside the standard library; the
parts (shell, kernel, clients, frontends) are imported when they are used.
"""

from __future__ import annotations

from jovi._version import __version__

__all__ = ["__version__"]
