"""Run one child process and take the operating system's accounting of it.

Wall time is taken around spawn and reap with ``time.perf_counter_ns``; CPU time and
peak resident memory come from ``os.wait4`` (``ru_utime + ru_stime``, ``ru_maxrss``).
The child leads its own process group, so that a timeout, or a kernel a driver left
behind, is ended with the group and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench.model import ProcessFigures

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = ["Finished", "run_measured"]

# ru_maxrss is in kibibytes on Linux and in bytes on macOS.
_MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024


@dataclass(frozen=True)
class Finished:
    """A child that has been reaped: the OS figures, its output, whether it was killed."""

    figures: ProcessFigures
    stdout: str
    stderr: str
    timed_out: bool


def _end_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def run_measured(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float,
) -> Finished:
    """Run ``argv`` to its end (or kill it after ``timeout`` seconds) and measure it.

    Output goes to temporary files rather than pipes, so that the parent can block in
    ``wait4`` without the child ever blocking on a full pipe.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter_ns()
        child = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
        )
        killed = threading.Event()

        def expire() -> None:
            killed.set()
            _end_group(child.pid)

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        end = time.perf_counter_ns()
        child.returncode = os.waitstatus_to_exitcode(status)
        # Whatever the child started and left running (a kernel) goes with its group.
        _end_group(child.pid)
        out.seek(0)
        err.seek(0)
        figures = ProcessFigures(
            wall_s=(end - start) / 1e9,
            cpu_s=usage.ru_utime + usage.ru_stime,
            peak_rss_bytes=usage.ru_maxrss * _MAXRSS_UNIT,
            exit_code=child.returncode,
        )
        return Finished(
            figures,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            killed.is_set(),
        )
