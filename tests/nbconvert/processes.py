"""Helpers of the execution tests: whether a kernel's process has ended."""

from __future__ import annotations

import os
import time


def process_gone(pid: int, within: float = 10.0) -> bool:
    """Whether the process ``pid`` ends within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False
