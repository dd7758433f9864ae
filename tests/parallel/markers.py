"""Calls that say on disk when they have started, so a test waits for that event
rather than for a guessed time."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def started_then_sleeps(marker: Path, seconds: float) -> Callable[..., Any]:
    """A call (any arguments) that creates ``marker`` when it starts, then sleeps."""
    return lambda *_: (marker.touch(), __import__("time").sleep(seconds))


def wait_for(marker: Path, timeout: float = 30) -> None:
    """Wait until ``marker`` exists."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert time.monotonic() < deadline, f"{marker} never appeared"
        time.sleep(0.02)
