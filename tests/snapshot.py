"""Snapshot comparisons: the expected text lives in a file next to the tests.

``UPDATE_SNAPSHOTS=1 make pytest`` rewrites the files; review the diff and commit.
Without it, a missing or different snapshot fails the test.
"""

from __future__ import annotations

import os
from pathlib import Path


def assert_snapshot(directory: Path, name: str, text: str) -> None:
    path = directory / f"{name}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}; run with UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path} differs (UPDATE_SNAPSHOTS=1 to update after review)"
