"""Errors raised on engines, seen by the client.

A call that failed on an engine raises :class:`RemoteError` in the client: the
remote exception's name, value and traceback (as text).  A call on several engines
raises :class:`CompositeError` holding one :class:`RemoteError` per failure; its text
shows the first ``tb_limit`` tracebacks.  :class:`EngineError` is a remote error whose
engine died (or was never there); :class:`TaskAborted` one skipped by ``abort``
before it ran.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from jovi.errors import JoviError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "AbortedTask",
    "CompositeError",
    "DependencyTimeout",
    "EngineError",
    "ImpossibleDependency",
    "RemoteError",
    "TaskAborted",
    "TimeoutError",
    "UnmetDependency",
    "remote_error",
]

TimeoutError = TimeoutError  # noqa: A001, PLW0127 - ipyparallel's name, the builtin


class RemoteError(JoviError):
    """An exception raised on an engine.

    Attributes:
        ename: The remote exception's class name (``"ZeroDivisionError"``).
        evalue: Its text.
        traceback: The remote traceback, as text.
        engine_info: ``engine_id``, ``engine_uuid`` and ``method`` of the engine.
    """

    def __init__(
        self,
        ename: str,
        evalue: str,
        traceback: str = "",
        engine_info: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(ename, evalue)
        self.ename = ename
        self.evalue = evalue
        self.traceback = traceback
        self.engine_info = dict(engine_info or {})

    @property
    def engine_id(self) -> int | None:
        """The id of the engine it was raised on."""
        value = self.engine_info.get("engine_id")
        return value if isinstance(value, int) else None

    def __str__(self) -> str:
        return f"{self.ename}({self.evalue})"

    def render_traceback(self) -> list[str]:
        """The remote traceback's lines (the shell shows these, not a local traceback)."""
        return (self.traceback or f"{self.ename}: {self.evalue}").splitlines()

    def _render_traceback_(self) -> list[str]:
        return self.render_traceback()


class EngineError(RemoteError):
    """The engine of a call died, or was not there."""


class UnmetDependency(RemoteError):  # noqa: N818 - ipyparallel's name
    """A task's ``@require`` or ``@depend`` check failed on the engine it was sent to."""


class ImpossibleDependency(UnmetDependency):
    """A load-balanced task's dependencies can never be met: they failed, no engine can
    run it, or every engine that may run it found its requirements unmet (a kind of
    :class:`UnmetDependency`, as in ipyparallel)."""


class DependencyTimeout(RemoteError):  # noqa: N818 - ipyparallel's name
    """A load-balanced task's dependencies were not met within its ``timeout``."""


class TaskAborted(RemoteError):  # noqa: N818 - ipyparallel's name
    """The request was aborted (``Client.abort``) before it ran."""


AbortedTask = TaskAborted
"""IPython's older name of :class:`TaskAborted`."""


class CompositeError(RemoteError):
    """Errors from several engines.

    Attributes:
        elist: One :class:`RemoteError` per failed engine, in engine order.
        tb_limit: How many tracebacks the text shows (class attribute).
    """

    tb_limit: ClassVar[int] = 5

    def __init__(self, message: str, elist: Sequence[RemoteError]) -> None:
        super().__init__("CompositeError", message)
        self.elist = list(elist)

    def _label(self, error: RemoteError) -> str:
        engine = error.engine_id
        where = "?" if engine is None else str(engine)
        method = error.engine_info.get("method", "apply")
        return f"[{where}:{method}]"

    def __str__(self) -> str:
        lines = [f"one or more exceptions raised in parallel: {self.evalue}"]
        lines += [f"{self._label(e)}: {e.ename}: {e.evalue}" for e in self.elist]
        return "\n".join(lines)

    def render_traceback(self, excid: int | None = None) -> list[str]:
        """The tracebacks (all of them, up to ``tb_limit``, or the ``excid``-th)."""
        if excid is not None:
            error = self.elist[excid]
            return [f"{self._label(error)}: ", *error.render_traceback()]
        lines: list[str] = []
        for error in self.elist[: self.tb_limit]:
            lines.append(f"{self._label(error)}: ")
            lines.extend(error.render_traceback())
            lines.append("")
        more = len(self.elist) - self.tb_limit
        if more > 0:
            lines.append(f"... {more} more exceptions ...")
        return lines

    def print_traceback(self, excid: int | None = None) -> None:
        """Print the tracebacks (all of them, up to ``tb_limit``, or the ``excid``-th)."""
        print("\n".join(self.render_traceback(excid)))  # noqa: T201 - what it is for

    print_tracebacks = print_traceback

    def raise_exception(self, excid: int = 0) -> NoReturn:
        """Raise the ``excid``-th remote error."""
        raise self.elist[excid]


def remote_error(content: Mapping[str, Any], engine_info: Mapping[str, Any]) -> RemoteError:
    """The error a reply's content describes."""
    if content.get("status") == "aborted":
        return TaskAborted("TaskAborted", "the task was aborted before it ran", "", engine_info)
    ename = str(content.get("ename") or "Error")
    lines = content.get("traceback") or []
    text = "".join(str(line) if str(line).endswith("\n") else f"{line}\n" for line in lines)
    kind = _KINDS.get(ename, RemoteError)
    return kind(ename, str(content.get("evalue") or ""), text, engine_info)


_KINDS: dict[str, type[RemoteError]] = {
    "EngineError": EngineError,
    "ImpossibleDependency": ImpossibleDependency,
    "DependencyTimeout": DependencyTimeout,
    "TaskAborted": TaskAborted,
    "UnmetDependency": UnmetDependency,
}
