"""``AsyncResult.wait_interactive()``: how many requests finished, while waiting.

In a terminal (or a plain Python process) one line is rewritten in place::

    3/8 tasks finished after 2 s

In a notebook (a jovi kernel) the line is a display, updated in place with
``update_display_data`` rather than printed again at each interval.  The last state
ends with ``done`` once every request finished.
"""

from __future__ import annotations

import sys
import time
import uuid
from typing import TYPE_CHECKING

from jovi.parallel.outputs import OutputSink, current_sink

if TYPE_CHECKING:
    from jovi.parallel.asyncresult import AsyncResult

__all__ = ["in_notebook", "progress_line", "wait_interactive"]


def progress_line(done: int, total: int, elapsed: float) -> str:
    """``"3/8 tasks finished after 2 s"`` (``"... done"`` once all are)."""
    line = f"{done}/{total} tasks finished after {elapsed:.0f} s"
    return f"{line}: done" if done >= total else line


def in_notebook() -> bool:
    """Whether the code runs in a jovi kernel (whose outputs go to a notebook)."""
    zmqshell = sys.modules.get("jovi.kernel.zmqshell")
    if zmqshell is None:
        return False
    from jovi.shell.current import current_shell  # noqa: PLC0415 - loaded with the kernel

    return isinstance(current_shell(), zmqshell.ZMQInteractiveShell)


class _Display:
    """One display, updated in place (a notebook)."""

    def __init__(self, sink: OutputSink) -> None:
        self.sink = sink
        self.display_id = uuid.uuid4().hex
        self.shown = False

    def show(self, line: str, *, last: bool) -> None:
        del last
        self.sink.publish(
            {"text/plain": line},
            transient={"display_id": self.display_id},
            update=self.shown,
        )
        self.shown = True


class _Line:
    """One line, rewritten in place (a terminal)."""

    def __init__(self, sink: OutputSink) -> None:
        self.sink = sink
        self.width = 0

    def show(self, line: str, *, last: bool) -> None:
        padding = " " * max(0, self.width - len(line))
        self.width = len(line)
        self.sink.write(f"\r{line}{padding}" + ("\n" if last else ""))


def wait_interactive(result: AsyncResult, interval: float = 1.0, timeout: float = -1) -> None:
    """Wait for ``result``, showing its progress every ``interval`` seconds, for at most
    ``timeout`` seconds (-1: no limit)."""
    sink = current_sink()
    view = _Display(sink) if in_notebook() else _Line(sink)
    total = len(result.msg_ids)
    deadline = None if timeout < 0 else time.monotonic() + timeout
    while True:
        finished = result.wait(
            interval if deadline is None else min(interval, max(0.0, deadline - time.monotonic()))
        )
        done = result.progress
        view.show(progress_line(done, total, result.elapsed), last=finished)
        if finished or (deadline is not None and time.monotonic() >= deadline):
            if not finished:
                sink.write("\n")
            return
