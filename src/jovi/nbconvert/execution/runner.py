"""Running a notebook's code cells, one after the other, in one kernel.

For each cell the runner sends one ``execute_request`` and reads the kernel's IOPub
messages until the kernel is idle again, then takes the reply: what nbclient does.
The next cell is sent only then, so a cell that fails stops the run before anything
after it has run (sending ahead would save about 0.3 ms a cell on a trivial
notebook; see docs/guide/nbconvert.md).  Waiting costs no polling: the client
blocks on its sockets and looks at the kernel's process only when nothing comes for
a tenth of a second, so a kernel that dies is seen at once.

A cell that runs longer than its time limit is interrupted, when that is asked for,
and its outputs (the ``KeyboardInterrupt``) are kept; otherwise the run stops with
:class:`~jovi.errors.CellTimeoutError`.  A cell that raises stops the run with
:class:`~jovi.errors.CellExecutionError` unless it may raise.  A kernel that sends a
reply but never says it is idle is waited for ``iopub_timeout`` seconds after the
reply, then its cell counts as done.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from jovi.errors import (
    CellExecutionError,
    CellTimeoutError,
    ExecutionError,
    KernelDied,
    KernelTimeout,
)
from jovi.nbconvert.execution.outputs import OutputRecorder, timestamp
from jovi.nbformat.cells import CodeCell, Error

if TYPE_CHECKING:
    from jovi.client import BlockingKernelClient, Message
    from jovi.kernels import KernelManager
    from jovi.nbconvert.execution.outputs import CellRecord
    from jovi.nbformat.cells import Cell

__all__ = ["CellRunner", "RunLimits", "describe_cell"]

_REPLY_GRACE_S = 5.0  # how long a reply may lag behind the idle status


def describe_cell(position: int, cell: Cell) -> str:
    """``cell 3 (id 'a1b2')``: the cell as messages name it."""
    return f"cell {position}" + (f" (id {cell.id!r})" if cell.id else "")


def _seconds(value: float) -> str:
    return f"{value:g} s"


@dataclass(frozen=True, slots=True)
class RunLimits:
    """How long cells may take."""

    timeout: float | None = None
    """Seconds one cell may run (``None``: no limit)."""
    interrupt_on_timeout: bool = False
    """Interrupt a cell at its limit and go on, instead of stopping the run."""
    iopub_timeout: float = 4.0
    """Seconds to wait for the idle status after a cell's reply."""


class CellRunner:
    """Runs code cells in a ready kernel and records their outputs.

    Args:
        client: A client of the kernel, shell and IOPub channels started.
        manager: The kernel's manager (to interrupt it, and to know it died).
        limits: The time limits.
        record_timing: Store each cell's times in ``metadata.execution``.
    """

    def __init__(
        self,
        client: BlockingKernelClient,
        manager: KernelManager,
        limits: RunLimits,
        *,
        record_timing: bool = False,
    ) -> None:
        self.client = client
        self.manager = manager
        self.limits = limits
        self.recorder = OutputRecorder(record_timing=record_timing)
        self.executed = 0
        """How many cells were sent to the kernel."""

    def run(self, position: int, cell: CodeCell, *, may_raise: bool) -> CodeCell:
        """Run ``cell`` (at ``position``); the cell with its new outputs and count.

        Raises:
            CellExecutionError: it raised and may not.
            CellTimeoutError: it ran out of time (and was not to be interrupted, or
                did not stop when it was).
            ExecutionError: the kernel died or sent no reply.
        """
        record = self.recorder.begin(position)
        msg_id = self.client.execute(
            cell.source, store_history=True, allow_stdin=False, stop_on_error=not may_raise
        )
        self.executed += 1
        try:
            reply, interrupted = self._await(msg_id, record, position, cell)
        except KernelDied as error:
            raise ExecutionError(
                f"{describe_cell(position, cell)} did not finish: {error}", cell_index=position
            ) from None
        content = reply.content
        count = getattr(content, "execution_count", None)
        if not isinstance(count, int):
            count = record.execution_count if record.execution_count is not None else self.executed
        metadata = cell.metadata
        if record.timing is not None:
            record.timing["shell.execute_reply"] = timestamp(reply)
            metadata = metadata.set("execution", dict(sorted(record.timing.items())))
        done = replace(cell, outputs=record.outputs(), execution_count=count, metadata=metadata)
        if content.status == "error" and not may_raise and not interrupted:
            raise _cell_error(position, done, content)
        return done

    def updated(self, cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
        """``cells`` with the outputs recorded since, as later display updates left
        them (a cell's outputs can change after it ran)."""
        changed = list(cells)
        for position in self.recorder.changed_later:
            cell = changed[position]
            if isinstance(cell, CodeCell):
                changed[position] = replace(cell, outputs=self.recorder.cells[position].outputs())
        return tuple(changed)

    # ------------------------------------------------------------ waiting
    def _await(
        self, msg_id: str, record: CellRecord, position: int, cell: CodeCell
    ) -> tuple[Message[Any], bool]:
        """Read the cell's messages until the kernel is idle again; its reply, and
        whether it was interrupted at its time limit."""
        limits = self.limits
        deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
        interrupted = False
        reply: Message[Any] | None = None
        replied_at = 0.0
        # After this long without a message, look for a reply that came without idle.
        quiet = limits.iopub_timeout if limits.iopub_timeout > 0 else 1.0
        while True:
            wait = quiet
            if deadline is not None:
                left = max(0.0, deadline - time.monotonic())
                wait = min(wait, left)
            try:
                message = self.client.get_iopub_msg(timeout=wait)
            except KernelTimeout:
                message = None
            if message is not None:
                if message.parent_msg_id == msg_id and self.recorder.feed(record, message):
                    break
                continue
            # Nothing came for a while: a reply without idle, or the time limit.
            if reply is None:
                reply = self._peek_reply(msg_id)
                replied_at = time.monotonic()  # counts only once there is a reply
            elif time.monotonic() - replied_at >= limits.iopub_timeout:
                return reply, interrupted  # the kernel replied but never said it was idle
            if deadline is not None and time.monotonic() >= deadline:
                if interrupted or not limits.interrupt_on_timeout:
                    raise self._timeout_error(position, cell, interrupted=interrupted)
                self.manager.interrupt()
                interrupted = True
                deadline = time.monotonic() + max(limits.timeout or 0.0, _REPLY_GRACE_S)
        if reply is None:
            reply = self._reply_after_idle(msg_id, position, cell)
        return reply, interrupted

    def _reply_after_idle(self, msg_id: str, position: int, cell: CodeCell) -> Message[Any]:
        try:
            return self.client.get_reply(msg_id, timeout=_REPLY_GRACE_S)
        except KernelTimeout:
            raise ExecutionError(
                f"{describe_cell(position, cell)} ran, but the kernel sent no reply to it "
                f"within {_seconds(_REPLY_GRACE_S)}",
                cell_index=position,
            ) from None

    def _peek_reply(self, msg_id: str) -> Message[Any] | None:
        try:
            return self.client.get_reply(msg_id, timeout=0)  # only what has arrived
        except KernelTimeout:
            return None

    def _timeout_error(
        self, position: int, cell: CodeCell, *, interrupted: bool
    ) -> CellTimeoutError:
        where = describe_cell(position, cell)
        limit = _seconds(self.limits.timeout or 0.0)
        if interrupted:
            return CellTimeoutError(
                f"{where} ran longer than its time limit of {limit} and did not stop when "
                "the kernel was interrupted",
                cell_index=position,
            )
        return CellTimeoutError(
            f"{where} did not finish within {limit}; give cells more time with "
            "--ExecutePreprocessor.timeout=SECONDS, or interrupt them and go on with "
            "--ExecutePreprocessor.interrupt_on_timeout=True",
            cell_index=position,
        )


def _cell_error(position: int, cell: CodeCell, content: Any) -> CellExecutionError:
    from jovi.nbconvert.filters.ansi import strip_ansi  # noqa: PLC0415 - only on errors

    ename = content.ename or "Error"
    evalue = content.evalue or ""
    lines = content.traceback
    if not lines:
        errors = [output for output in cell.outputs if isinstance(output, Error)]
        lines = errors[-1].traceback if errors else ()
    traceback = strip_ansi("\n".join(lines))
    sentence = (
        f"{describe_cell(position, cell)} raised {ename} and the run stopped there "
        "(--allow-errors, or the tag raises-exception on the cell, lets it go on)"
    )
    detail = traceback or (f"{ename}: {evalue}" if evalue else "")
    return CellExecutionError(
        f"{sentence}:\n\n{detail}" if detail else sentence,
        cell_index=position,
        ename=ename,
        evalue=evalue,
        traceback=traceback,
    )
