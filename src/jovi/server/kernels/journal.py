"""What each execution printed, kept by the server: for tabs opened later, and floods.

Every ``execute_request`` a client sends through the server opens an
:class:`Execution` in the kernel's :class:`ExecutionJournal`; the IOPub messages whose
parent is that request are recorded in it as they pass.  Two promises rest on it:

* **Outputs survive closing the tab.**  An execution that produced output while no
  client was connected is *unattended*.  A client that connects with a new session
  id gets, before any live message, every message of the executions still running and
  of the unattended ones, in order: the tab opened later shows what happened
  meanwhile, and the rest streams in.  Nothing is sent twice, because the replay and
  the switch to live messages happen in one step of the event loop.
* **Floods never reach the browser whole.**  Per execution, at most
  :attr:`OutputLimits.lines` lines and :attr:`OutputLimits.bytes` bytes of output
  are passed to clients.  What comes after goes to a spill file the UI can open
  (``GET /api/kernels/{id}/executions/{msg_id}/spill``), and clients get one notice
  in the cell (a ``display_data`` updated with the final counts when the execution
  ends).  The kernel is never slowed, and nothing it printed is lost.

The journal decides without I/O, except for appending to spill files.
"""

from __future__ import annotations

import collections
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from jovi.server.kernels.frames import KernelFrames

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["KEPT_EXECUTIONS", "SPILL_MIME", "Execution", "ExecutionJournal", "OutputLimits"]

KEPT_EXECUTIONS: Final = 64
"""Executions remembered per kernel (the oldest finished ones are forgotten first)."""
SPILL_MIME: Final = "application/vnd.jovi.spill+json"
"""The MIME type of the flood notice's machine-readable part (for jovi's UI)."""
_OUTPUT_TYPES: Final = frozenset(
    {"stream", "display_data", "update_display_data", "execute_result", "error"}
)


@dataclass(frozen=True, slots=True)
class OutputLimits:
    """How much output of one execution reaches clients (the rest is spilled)."""

    lines: int = 10_000
    bytes: int = 5_000_000


@dataclass(slots=True)
class Execution:
    """One ``execute_request`` relayed by the server, and what it printed."""

    msg_id: str
    session: str
    cell_id: str | None
    code: str
    started: float = field(default_factory=time.time)
    finished: float | None = None
    messages: list[KernelFrames] = field(default_factory=list)
    unattended: bool = False
    passed_lines: int = 0
    passed_bytes: int = 0
    spilled_lines: int = 0
    spilled_bytes: int = 0
    spill_path: Path | None = None
    notice_id: str = ""

    @property
    def running(self) -> bool:
        return self.finished is None

    def model(self) -> dict[str, Any]:
        """The execution as ``/api/kernels/{id}/executions`` lists it."""
        return {
            "msg_id": self.msg_id,
            "session": self.session,
            "cell_id": self.cell_id,
            "status": "running" if self.running else "done",
            "started": self.started,
            "finished": self.finished,
            "unattended": self.unattended,
            "spilled": {"lines": self.spilled_lines, "bytes": self.spilled_bytes},
        }


class ExecutionJournal:
    """The executions of one kernel.

    Args:
        spill_dir: Where spill files go (made on first use).
        limits: How much of each execution reaches clients.
        spill_url: The URL path of an execution's spill file, given its msg_id.
    """

    def __init__(
        self, spill_dir: Path, limits: OutputLimits, spill_url: Any = lambda msg_id: ""
    ) -> None:
        self.spill_dir = spill_dir
        self.limits = limits
        self.spill_url = spill_url
        self.executions: collections.OrderedDict[str, Execution] = collections.OrderedDict()

    # ------------------------------------------------------------------ recording

    def started(self, message: KernelFrames, session: str) -> None:
        """A client sent ``message``, an ``execute_request``: open its execution."""
        header = message.header()
        metadata = json.loads(message.parts[2] or b"{}")
        content = message.content()
        cell_id = metadata.get("cellId") if isinstance(metadata, dict) else None
        execution = Execution(
            msg_id=str(header.get("msg_id", "")),
            session=session,
            cell_id=cell_id if isinstance(cell_id, str) else None,
            code=str(content.get("code", "")),
        )
        self.executions[execution.msg_id] = execution
        self._forget_old()

    def passing(
        self,
        message: KernelFrames,
        msg_type: str,
        parent_id: str | None,
        attended: bool,
        *,
        hold: bool = False,
    ) -> list[KernelFrames]:
        """What of the kernel's IOPub ``message`` goes to clients (none, it, or a notice
        in its place), recording it in its execution; with ``hold`` (a rate limit says
        so), an output is kept back like a flood's."""
        execution = self.executions.get(parent_id or "")
        if execution is None:
            return [] if hold and msg_type in _OUTPUT_TYPES and msg_type != "error" else [message]
        if not attended:
            execution.unattended = True
        if msg_type == "status" and message.content().get("execution_state") == "idle":
            execution.finished = time.time()
            sent = [message]
            notice = self._final_notice(execution)
            if notice is not None:
                sent.insert(0, notice)
            execution.messages.extend(sent)
            return sent
        limited = msg_type in _OUTPUT_TYPES and msg_type != "error"  # a traceback always passes
        if not limited:
            execution.messages.append(message)
            return [message]
        head: KernelFrames | None = None
        if hold:
            self._held(execution, message, msg_type)
        else:
            head = self._within_limit(execution, message, msg_type)
        sent = [head] if head is not None else []
        if head is not message:
            notice = self._first_notice(execution, message)
            if notice is not None:
                sent.append(notice)
        execution.messages.extend(sent)
        return sent

    def replay(self) -> list[KernelFrames]:
        """What a new client gets first: the running and unattended executions' messages."""
        replayed: list[KernelFrames] = []
        for execution in self.executions.values():
            if execution.running or execution.unattended:
                replayed.extend(execution.messages)
                if not execution.running:
                    execution.unattended = False  # a client has it now, and can save it
        return replayed

    # ------------------------------------------------------------------ floods

    def _within_limit(
        self, execution: Execution, message: KernelFrames, msg_type: str
    ) -> KernelFrames | None:
        """``message`` if it fits in what is left of the limits; for a stream, the lines
        of it that fit; None when nothing fits.  What does not fit is spilled."""
        limits = self.limits
        size = len(message.parts[3])
        text = str(message.content().get("text", "")) if msg_type == "stream" else ""
        lines = text.count("\n")
        if (
            execution.spill_path is None
            and execution.passed_lines + lines <= limits.lines
            and execution.passed_bytes + size <= limits.bytes
        ):
            execution.passed_lines += lines
            execution.passed_bytes += size
            return message
        if msg_type != "stream" or execution.spill_path is not None:
            held = text or message.parts[3].decode("utf-8", "replace") + "\n"
            self._hold(execution, held, lines, size)
            return None
        head = _head(
            text, limits.lines - execution.passed_lines, limits.bytes - execution.passed_bytes
        )
        tail = text[len(head) :]
        self._hold(execution, tail, tail.count("\n"), len(tail.encode("utf-8")))
        if not head:
            return None
        execution.passed_lines += head.count("\n")
        execution.passed_bytes += len(head.encode("utf-8"))
        content = {**message.content(), "text": head}
        return KernelFrames(
            message.channel,
            (message.parts[0], message.parts[1], message.parts[2], json.dumps(content).encode()),
            message.buffers,
        )

    def _held(self, execution: Execution, message: KernelFrames, msg_type: str) -> None:
        """Keep all of ``message`` back (a rate limit holds it)."""
        text = str(message.content().get("text", "")) if msg_type == "stream" else ""
        held = text or message.parts[3].decode("utf-8", "replace") + "\n"
        self._hold(execution, held, text.count("\n"), len(message.parts[3]))

    def _hold(self, execution: Execution, text: str, lines: int, size: int) -> None:
        self._spill(execution, text)
        execution.spilled_lines += lines
        execution.spilled_bytes += size

    def _spill(self, execution: Execution, text: str) -> None:
        if execution.spill_path is None:
            self.spill_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            execution.spill_path = self.spill_dir / f"{execution.msg_id}.txt"
        with execution.spill_path.open("a", encoding="utf-8", errors="replace") as spill:
            spill.write(text)

    def _first_notice(self, execution: Execution, cause: KernelFrames) -> KernelFrames | None:
        if execution.notice_id:
            return None
        execution.notice_id = f"jovi-spill-{uuid.uuid4().hex}"
        return _notice(execution, cause, "display_data", self.limits, self.spill_url)

    def _final_notice(self, execution: Execution) -> KernelFrames | None:
        if not execution.notice_id or not execution.messages:
            return None
        return _notice(
            execution, execution.messages[-1], "update_display_data", self.limits, self.spill_url
        )

    def _forget_old(self) -> None:
        while len(self.executions) > KEPT_EXECUTIONS:
            oldest = next((m for m, e in self.executions.items() if not e.running), None)
            if oldest is None:
                return
            del self.executions[oldest]


def _notice(
    execution: Execution, cause: KernelFrames, msg_type: str, limits: OutputLimits, url: Any
) -> KernelFrames:
    """The cell's notice that output was held back (a display message, in the cell)."""
    held = f"{execution.spilled_lines:,} lines, {execution.spilled_bytes:,} bytes"
    text = (
        f"[jovi] Output of this cell past the server's limits ({limits.lines:,} lines, "
        f"{limits.bytes:,} bytes, or the IOPub rate if one is set) was held back so the "
        f"browser stays responsive; the rest ({held} so far) is kept by the server: "
        f"{url(execution.msg_id)}"
    )
    if msg_type == "update_display_data":
        text = text.replace(" so far", "")
    header = {
        "msg_id": str(uuid.uuid4()),
        "msg_type": msg_type,
        "session": cause.header().get("session", ""),
        "username": "jovi-server",
        "date": cause.header().get("date", ""),
        "version": "5.3",
    }
    content = {
        "data": {
            "text/plain": text,
            SPILL_MIME: {
                "url": url(execution.msg_id),
                "lines": execution.spilled_lines,
                "bytes": execution.spilled_bytes,
            },
        },
        "metadata": {},
        "transient": {"display_id": execution.notice_id},
    }
    return KernelFrames(
        "iopub",
        (
            json.dumps(header).encode(),
            cause.parts[1],
            b"{}",
            json.dumps(content).encode(),
        ),
    )


def _head(text: str, lines: int, size: int) -> str:
    """The whole lines at the start of ``text``: at most ``lines`` of them, ``size`` bytes."""
    end = 0
    used = 0
    for _ in range(max(lines, 0)):
        newline = text.find("\n", end)
        if newline < 0:
            break
        step = len(text[end : newline + 1].encode("utf-8"))
        if used + step > size:
            break
        used += step
        end = newline + 1
    return text[:end]
