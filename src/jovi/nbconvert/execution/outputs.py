"""Outputs of a notebook run, recorded from the kernel's IOPub messages.

:class:`OutputRecorder` does what a notebook frontend does with the messages a cell
causes, without any I/O (the runner feeds it what it reads):

* ``stream``: text; a chunk that follows text of the same stream is added to it,
  so a cell that prints in a loop has one output per stream run, as in Jupyter;
* ``display_data`` and ``execute_result``: the MIME bundle and its metadata (the
  result with its ``execution_count``); ``transient`` is not kept;
* ``error``: the exception's name, value and traceback;
* ``clear_output``: removes the cell's outputs at once, or with ``wait=True`` just
  before its next output, so that animations do not flicker;
* ``update_display_data``, and any display carrying a ``display_id``: every output
  shown earlier with that id, in this cell or an earlier one, gets the new bundle;
* ``execute_input``: the execution count; ``status``: the cell's end (idle), and
  with timing on, the ``metadata.execution`` times nbclient records.

Other messages (comms, for instance) change nothing.  Cells are numbered by their
position in the notebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from jovi.nbformat.cells import DisplayData, Error, ExecuteResult, Output, Stream

if TYPE_CHECKING:
    from jovi.client import Message

__all__ = ["CellRecord", "OutputRecorder", "timestamp"]


def timestamp(message: Message[Any]) -> str:
    """When ``message`` was made, as nbclient writes it (UTC, ``...T12:00:00.000000Z``)."""
    date = message.header.date
    when = dt.datetime.now(dt.UTC) if date is None else date.astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(slots=True)
class _StreamRun:
    """Consecutive text of one stream, joined when the cell's outputs are read."""

    name: str
    parts: list[str]

    def output(self) -> Stream:
        return Stream(name=self.name, text="".join(self.parts))


_Slot: TypeAlias = Output | _StreamRun


@dataclass(slots=True)
class CellRecord:
    """What one cell's run produced so far."""

    position: int
    """The cell's position in the notebook."""
    slots: list[_Slot] = field(default_factory=list)
    execution_count: int | None = None
    """The count the kernel announced in ``execute_input`` (``None``: not yet)."""
    timing: dict[str, str] | None = None
    """``metadata.execution`` times, when they are recorded."""
    clear_pending: bool = False
    """A ``clear_output(wait=True)`` waits for the next output."""

    def outputs(self) -> tuple[Output, ...]:
        """The outputs, in order."""
        return tuple(slot.output() if isinstance(slot, _StreamRun) else slot for slot in self.slots)

    def note_time(self, key: str, message: Message[Any]) -> None:
        if self.timing is not None:
            self.timing[key] = timestamp(message)


class OutputRecorder:
    """The outputs of every cell of one run, from the messages each cell caused.

    Args:
        record_timing: Keep the ``metadata.execution`` times of each cell.
    """

    def __init__(self, *, record_timing: bool = False) -> None:
        self.record_timing = record_timing
        self.cells: dict[int, CellRecord] = {}
        self.changed_later: set[int] = set()
        """Positions of cells whose outputs a later cell updated (display updates)."""
        # display id -> cell position -> indices of the outputs showing it
        self._displays: dict[str, dict[int, list[int]]] = {}

    def begin(self, position: int) -> CellRecord:
        """Start recording the cell at ``position`` (again: its old record is dropped)."""
        self._forget_displays(position)
        record = CellRecord(position, timing={} if self.record_timing else None)
        self.cells[position] = record
        return record

    def feed(self, record: CellRecord, message: Message[Any]) -> bool:
        """Record ``message``, caused by the cell of ``record``; whether it ends the
        cell (the kernel is idle again)."""
        kind = message.msg_type
        content = message.content
        if kind == "status":
            state = content.execution_state
            if state in ("busy", "idle"):
                record.note_time(f"iopub.status.{state}", message)
            return bool(state == "idle")
        if kind == "execute_input":
            record.execution_count = content.execution_count
            record.note_time("iopub.execute_input", message)
        elif kind == "stream":
            self._add_stream(record, content.name, content.text)
        elif kind in ("display_data", "execute_result"):
            self._add_display(record, message)
        elif kind == "update_display_data":
            self._update_displays(record, content.display_id, content.data, content.metadata)
        elif kind == "error":
            self._add(
                record,
                Error(ename=content.ename, evalue=content.evalue, traceback=content.traceback),
            )
        elif kind == "clear_output":
            if content.wait:
                record.clear_pending = True
            else:
                self._clear(record)
        return False

    # ------------------------------------------------------------ outputs
    def _clear(self, record: CellRecord) -> None:
        record.slots.clear()
        record.clear_pending = False
        self._forget_displays(record.position)

    def _forget_displays(self, position: int) -> None:
        for cells in self._displays.values():
            cells.pop(position, None)

    def _add(self, record: CellRecord, output: _Slot) -> int:
        if record.clear_pending:
            self._clear(record)
        record.slots.append(output)
        return len(record.slots) - 1

    def _add_stream(self, record: CellRecord, name: str, text: str) -> None:
        if record.clear_pending:
            self._clear(record)
        last = record.slots[-1] if record.slots else None
        if isinstance(last, _StreamRun) and last.name == name:
            last.parts.append(text)
        else:
            record.slots.append(_StreamRun(name, [text]))

    def _add_display(self, record: CellRecord, message: Message[Any]) -> None:
        content = message.content
        display_id = content.display_id
        if display_id:
            # A display with an id that is shown already updates the earlier ones too.
            self._update_displays(record, display_id, content.data, content.metadata)
        output: Output
        if message.msg_type == "execute_result":
            output = ExecuteResult(
                data=content.data,
                metadata=content.metadata,
                execution_count=content.execution_count,
            )
        else:
            output = DisplayData(data=content.data, metadata=content.metadata)
        index = self._add(record, output)
        if display_id:
            self._displays.setdefault(display_id, {}).setdefault(record.position, []).append(index)

    def _update_displays(
        self, record: CellRecord, display_id: str | None, data: Any, metadata: Any
    ) -> None:
        if not display_id:
            return
        for position, indices in self._displays.get(display_id, {}).items():
            if position != record.position and indices:
                self.changed_later.add(position)
            slots = self.cells[position].slots
            for index in indices:
                old = slots[index]
                if isinstance(old, ExecuteResult):
                    slots[index] = ExecuteResult(
                        data=data, metadata=metadata, execution_count=old.execution_count
                    )
                else:
                    slots[index] = DisplayData(data=data, metadata=metadata)
