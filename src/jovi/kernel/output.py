"""The kernel's :class:`~jovi.shell.output.ShellOutput`: the shell's output as protocol messages.

========================  ==========================================================
the shell calls           the kernel sends
========================  ==========================================================
``show_result``           ``execute_result`` (not for silent requests)
``publish``               ``display_data``, or ``update_display_data`` with ``update``
``clear_output``          ``clear_output``
``show_error``            ``error`` (exactly once per exception; never on stderr too)
``page``                  a ``page`` payload in the ``execute_reply``
``set_next_input``        a ``set_next_input`` payload (the last one wins)
``open_editor``           an ``edit_magic`` payload: the frontend opens the file
``write``                 text on ``sys.stdout`` / ``sys.stderr`` (a ``stream``)
========================  ==========================================================

Before each message the output streams are flushed, so that printed text and rich
output arrive in the order the code made them.  The execute request being served is
kept per context (a subshell serves its own beside the main shell's; a task a cell
created keeps its cell's).
"""

from __future__ import annotations

import contextvars
import dataclasses
from typing import TYPE_CHECKING, Any

from jovi.protocol.iopub import (
    ClearOutput,
    DisplayData,
    ErrorOutput,
    ExecuteResult,
    UpdateDisplayData,
)
from jovi.shell.output import write_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.display.formatters import MimeBundle
    from jovi.protocol.message import Content
    from jovi.shell.output import ErrorReport

__all__ = ["ExecutionRecord", "KernelOutput"]


@dataclasses.dataclass(slots=True)
class ExecutionRecord:
    """What an execute request produced besides its IOPub messages.

    Attributes:
        execution_count: The count the request reports everywhere.
        silent: Whether results are left out (``silent=True``).
        payloads: The payloads of the reply, in order.
        errors: The errors shown (the reply reports the last).
    """

    execution_count: int
    silent: bool = False
    payloads: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    errors: list[ErrorReport] = dataclasses.field(default_factory=list)

    def add_payload(self, payload: dict[str, Any], *, unique: bool = False) -> None:
        """Add ``payload``; with ``unique``, it replaces one from the same source."""
        if unique:
            self.payloads[:] = [p for p in self.payloads if p.get("source") != payload["source"]]
        self.payloads.append(payload)


class KernelOutput:
    """Turns what the shell shows into IOPub messages and reply payloads.

    Args:
        publish: Publishes a content on IOPub, as caused by the current request.
        flush: Flushes the output streams.
    """

    def __init__(self, publish: Callable[[Content], None], flush: Callable[[], None]) -> None:
        self._publish = publish
        self._flush = flush
        self._record: contextvars.ContextVar[ExecutionRecord | None] = contextvars.ContextVar(
            "jovi_execution_record", default=None
        )

    @property
    def record(self) -> ExecutionRecord | None:
        """The execute request this context serves, if any."""
        return self._record.get()

    @record.setter
    def record(self, record: ExecutionRecord | None) -> None:
        self._record.set(record)

    def _send(self, content: Content) -> None:
        self._flush()
        self._publish(content)

    def show_result(self, execution_count: int, data: MimeBundle, metadata: dict[str, Any]) -> None:
        record = self.record
        if record is not None:
            if record.silent:
                return
            execution_count = record.execution_count
        self._send(ExecuteResult(execution_count=execution_count, data=data, metadata=metadata))

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        content_class = UpdateDisplayData if update else DisplayData
        self._send(content_class(data=data, metadata=metadata or {}, transient=transient or {}))

    def clear_output(self, *, wait: bool = False) -> None:
        self._send(ClearOutput(wait=wait))

    def show_error(self, report: ErrorReport) -> None:
        if self.record is not None:
            self.record.errors.append(report)
        self._send(
            ErrorOutput(ename=report.ename, evalue=report.evalue, traceback=tuple(report.traceback))
        )

    def page(self, data: MimeBundle, start: int = 0) -> None:
        payload = {"source": "page", "data": dict(data), "start": start}
        if self.record is not None:
            self.record.add_payload(payload)
        else:  # not while executing (a comm callback): show the text instead
            write_text(str(data.get("text/plain", "")) + "\n")

    def set_next_input(self, text: str, *, replace: bool = False) -> None:
        if self.record is not None:
            payload = {"source": "set_next_input", "text": text, "replace": replace}
            self.record.add_payload(payload, unique=True)

    def open_editor(self, path: str, line: int | None) -> bool:
        if self.record is None:
            return False
        payload = {"source": "edit_magic", "filename": path, "line_number": line}
        self.record.add_payload(payload, unique=True)
        return True

    def write(self, text: str, *, error: bool = False) -> None:
        write_text(text, error=error)
