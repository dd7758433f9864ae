"""tests/nbformat: nbformat's own test suite (``upstream/``) is test data, run by
``test_upstream.py`` in its own process against jovi, never collected here."""

from __future__ import annotations

collect_ignore = ["upstream"]
