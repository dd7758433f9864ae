"""Showing what engines printed and displayed: ``[stdout:0] hi``, ``Out[0:3]: 42``.

:func:`display_outputs` writes the outputs of a finished request, one engine after the
other (``groupby="engine"``), all the stdout then all the stderr then the displays
(``"type"``, the default), or the first display of each engine, then the second...
(``"order"``).  Text goes to the current jovi shell's output (the terminal, or the
kernel's streams in a notebook) or to ``sys.stdout``/``sys.stderr`` when no shell runs;
rich displays of the engines are republished through the shell.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["GROUPINGS", "EngineOutput", "OutputSink", "current_sink", "display_outputs"]

GROUPINGS = ("type", "engine", "order")

Grouping = Literal["type", "engine", "order"]


class OutputSink(Protocol):
    """Where outputs are shown: a jovi shell's output, or the standard streams."""

    def write(self, text: str, *, error: bool = False) -> None:
        """Text (on the error stream when ``error``)."""

    def publish(
        self,
        data: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        """A rich display (``update``: replace the display named in ``transient``)."""


class _StandardStreams:
    """The sink of a plain Python process: text on the standard streams."""

    def write(self, text: str, *, error: bool = False) -> None:
        stream = sys.stderr if error else sys.stdout
        stream.write(text)
        stream.flush()

    def publish(
        self,
        data: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        del metadata, transient, update
        text = data.get("text/plain")
        if text is not None:
            self.write(f"{text}\n")


def current_sink() -> OutputSink:
    """The output of the jovi shell running here (if one is), else the standard streams."""
    if "jovi.shell.current" in sys.modules:  # else no shell was ever made here
        from jovi.shell.current import current_shell  # noqa: PLC0415 - only with a shell

        shell = current_shell()
        if shell is not None:
            sink: OutputSink = shell.output
            return sink
    return _StandardStreams()


class EngineOutput(NamedTuple):
    """What one engine printed and displayed for one request."""

    engine_id: int | None
    stdout: str
    stderr: str
    outputs: Sequence[Mapping[str, Any]]
    execute_result: Mapping[str, Any] | None

    @classmethod
    def from_metadata(cls, record: Mapping[str, Any]) -> EngineOutput:
        """The outputs kept in a request's metadata."""
        engine = record.get("engine_id")
        return cls(
            engine if isinstance(engine, int) else None,
            str(record.get("stdout") or ""),
            str(record.get("stderr") or ""),
            list(record.get("outputs") or []),
            record.get("execute_result"),
        )


def _stream(sink: OutputSink, text: str, label: str | None, *, error: bool) -> None:
    if not text:
        return
    if not text.endswith("\n"):
        text += "\n"
    if label is None:
        sink.write(text, error=error)
    elif text.count("\n") == 1:
        sink.write(f"{label} {text}", error=error)
    else:
        sink.write(f"{label}\n{text}", error=error)


def _result(sink: OutputSink, output: EngineOutput, single: bool) -> None:
    result = output.execute_result
    if result is None:
        return
    data = dict(result.get("data") or {})
    text = str(data.get("text/plain", ""))
    count = result.get("execution_count")
    label = f"Out[{count}]:" if single else f"Out[{_engine(output)}:{count}]:"
    if set(data) - {"text/plain"}:
        # A rich value (HTML, an image...): the label, then the value as a display,
        # so that a notebook shows it as the engine made it.
        sink.write(f"{label}\n")
        sink.publish(data, dict(result.get("metadata") or {}))
        return
    sink.write(f"{label} {text}\n" if "\n" not in text else f"{label}\n{text}\n")


def _engine(output: EngineOutput) -> str:
    return "?" if output.engine_id is None else str(output.engine_id)


def _display(
    sink: OutputSink, output: EngineOutput, display: Mapping[str, Any], single: bool
) -> None:
    if not single:
        sink.write(f"[output:{_engine(output)}]\n")
    sink.publish(dict(display.get("data") or {}), dict(display.get("metadata") or {}))


def display_outputs(
    outputs: Sequence[EngineOutput],
    groupby: str = "type",
    *,
    single: bool = False,
    sink: OutputSink | None = None,
) -> None:
    """Show the outputs of each engine, labelled with its id (none for ``single``).

    Raises:
        ValueError: ``groupby`` is not ``"type"``, ``"engine"`` or ``"order"``.
    """
    if groupby not in GROUPINGS:
        raise ValueError(f"groupby must be one of {', '.join(GROUPINGS)}, not {groupby!r}")
    sink = current_sink() if sink is None else sink

    def label(kind: str, output: EngineOutput) -> str | None:
        return None if single else f"[{kind}:{_engine(output)}]"

    if groupby == "engine":
        for output in outputs:
            _stream(sink, output.stdout, label("stdout", output), error=False)
            _stream(sink, output.stderr, label("stderr", output), error=True)
            for display in output.outputs:
                _display(sink, output, display, single)
            _result(sink, output, single)
        return
    for output in outputs:
        _stream(sink, output.stdout, label("stdout", output), error=False)
    for output in outputs:
        _stream(sink, output.stderr, label("stderr", output), error=True)
    if groupby == "order":
        rounds = max((len(output.outputs) for output in outputs), default=0)
        for index in range(rounds):
            for output in outputs:
                if index < len(output.outputs):
                    _display(sink, output, output.outputs[index], single)
    else:
        for output in outputs:
            for display in output.outputs:
                _display(sink, output, display, single)
    for output in outputs:
        _result(sink, output, single)
