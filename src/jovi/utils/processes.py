"""Is a process still running?  One answer for every part that asks.

:func:`pid_running` says whether the process ``pid`` exists and has not ended: a
process that ended but was not yet reaped by its parent (a zombie) has ended.  When
it cannot tell (another user's process, a platform without signals), it says yes, so
that callers keep what belongs to a process that may still run.  :func:`pid_taken`
says only whether some process has the number, a zombie included.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["pid_running", "pid_taken"]


def pid_taken(pid: int) -> bool:
    """Whether some process has the number ``pid``, running or ended and not yet reaped
    (True when that cannot be known)."""
    if os.name == "nt":
        return True  # os.kill(pid, 0) is no probe there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists (another user's), or it cannot be told
    return True


def pid_running(pid: int) -> bool:
    """Whether the process ``pid`` runs (True when that cannot be known)."""
    if not pid_taken(pid):
        return False
    with contextlib.suppress(OSError, IndexError):
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    return True
