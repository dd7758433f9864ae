"""Serving ``execute_request``: run the code in the shell, publish, reply.

The sequence on the wire (Jupyter messaging protocol: the execution sequence)::

    iopub  status busy
    iopub  execute_input {code, execution_count}          (not when silent)
    iopub  stream / display_data / execute_result / error ...
    shell  execute_reply {status, execution_count, payload, user_expressions}
    iopub  status idle

``execution_count`` is the count of this input when it is stored in history, and
the count of the last stored input otherwise; the same number appears in
``execute_input``, ``execute_result`` and the reply.  The cell runs inside its
executor's event loop (:mod:`~jovi.kernel.executor`), so top-level ``await`` works.
On the main shell an interrupt (SIGINT, or ``interrupt_request``) raises
``KeyboardInterrupt`` in the running code only: the gate is open exactly while the
shell runs the cell (a cell that awaits is cancelled instead); one sent while the
cell waited its turn ends it before it runs.  After an error with
``stop_on_error``, the executes queued on the same executor are answered ``aborted``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from jovi.kernel.output import ExecutionRecord
from jovi.kernel.requests import user_expressions
from jovi.protocol.iopub import BUSY, IDLE, ExecuteInput
from jovi.protocol.shell import ExecuteReply, ExecuteRequest
from jovi.shell.output import ErrorReport

if TYPE_CHECKING:
    from jovi.kernel.executor import Executor
    from jovi.kernel.kernel import Kernel
    from jovi.kernel.server import Request
    from jovi.shell.execution import ExecutionResult

__all__ = ["ExecuteRunner"]


def _quiet_exit(error: BaseException | None) -> bool:
    """Whether ``error`` is ``SystemExit`` without a failure code (``exit()`` in a script)."""
    return isinstance(error, SystemExit) and error.code in (None, 0)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat().replace("+00:00", "Z")


class ExecuteRunner:
    """Runs execute requests for a kernel, on the executor each belongs to."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel

    async def run(self, request: Request, executor: Executor, *, main: bool) -> None:
        """Serve one ``execute_request`` (busy and idle are sent by the caller)."""
        kernel = self.kernel
        content = request.content
        assert isinstance(content, ExecuteRequest)
        shell = kernel._require_shell()
        started = _now()
        silent = content.silent
        store = content.store_history and not silent
        count = shell.execution_count if store else shell.execution_count - 1
        if not silent:
            kernel.server.publish(
                ExecuteInput(code=content.code, execution_count=count), request.header
            )
        record = ExecutionRecord(count, silent)
        kernel.output.record = record
        gate = kernel.gate
        result: ExecutionResult | None = None
        interrupted = False
        try:
            if main and not gate.enter(request.header.msg_id):
                raise KeyboardInterrupt  # sent while the cell waited its turn
            result = await shell.run_cell_async(content.code, store_history=store, silent=silent)
        except KeyboardInterrupt as error:
            # The interrupt came outside the cell's own error handling: the user's code
            # has no frame in it to show.
            interrupted = True
            gate.open = False
            shell.showtraceback(error.with_traceback(None))
        finally:
            if main:
                gate.open = False
        if shell.exit_now:
            shell.exit_now = False
            keep = shell.keep_kernel_on_exit
            record.add_payload({"source": "ask_exit", "keepkernel": keep}, unique=True)
            if keep and kernel.parent_watch is not None:
                kernel.parent_watch.release()  # the frontend that started us may now leave
        reply = self._reply(content, record, result, interrupted)
        kernel.output.record = None
        kernel.flush_output(final=True)
        # Taken before the reply goes out: a request sent after the client saw the
        # error must not be aborted.
        stopped = (
            executor.take_queued(_is_execute)
            if reply.status == "error" and content.stop_on_error
            else []
        )
        metadata: dict[str, Any] = {
            "started": started,
            "dependencies_met": True,
            "engine": kernel.session.session_id,
            "status": reply.status,
        }
        kernel.reply(request, reply, metadata)
        for queued in stopped:
            self.abort(queued, shell.execution_count)

    def _reply(
        self,
        content: ExecuteRequest,
        record: ExecutionRecord,
        result: ExecutionResult | None,
        interrupted: bool,
    ) -> ExecuteReply:
        kernel = self.kernel
        error: BaseException | None = None
        if result is not None:
            error = result.error_before_exec or result.error_in_exec
        failed = interrupted or (error is not None and not _quiet_exit(error))
        payload = tuple(record.payloads)
        if not failed:
            expressions = user_expressions(kernel._require_shell(), content.user_expressions)
            return ExecuteReply(
                execution_count=record.execution_count,
                payload=payload,
                user_expressions=expressions,
            )
        if record.errors:
            report = record.errors[-1]
        elif error is not None:
            report = ErrorReport(type(error).__name__, str(error), [])
        else:
            report = ErrorReport("KeyboardInterrupt", "", [])
        return ExecuteReply(
            status="error",
            ename=report.ename,
            evalue=report.evalue,
            traceback=tuple(report.traceback),
            execution_count=record.execution_count,
            payload=payload,
        )

    def abort(self, request: Request, execution_count: int) -> None:
        """Answer a queued execute as aborted (an earlier one failed with stop_on_error)."""
        kernel = self.kernel
        kernel.status(BUSY, request.header)
        kernel.reply(
            request,
            ExecuteReply(status="aborted", execution_count=execution_count),
            {"status": "aborted", "dependencies_met": True, "engine": kernel.session.session_id},
        )
        kernel.status(IDLE, request.header)


def _is_execute(request: Request) -> bool:
    return isinstance(request.content, ExecuteRequest)
