"""Where the shell's output goes: results, displays, tracebacks, help pages.

The engine never prints directly: it calls a :class:`ShellOutput` given to it.  The
terminal shell shows text (with colours and a pager); the kernel turns each call
into a protocol message (``execute_result``, ``display_data``, ``error``, payloads).
:class:`StreamOutput` is the plain default used when the engine runs as a library.

Text is written to ``sys.stdout``/``sys.stderr`` as they are when the output happens
(the kernel captures them), falling back to the original streams if user code has
broken them (replaced ``sys.stdout`` with something that cannot be written to).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TextIO

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.display.formatters import MimeBundle

__all__ = ["ErrorReport", "ShellOutput", "StreamOutput", "write_text"]


class ErrorReport(NamedTuple):
    """An exception as the frontends need it: name, value and formatted lines."""

    ename: str
    evalue: str
    traceback: Sequence[str] = ()

    def text(self) -> str:
        return "\n".join(self.traceback) if self.traceback else f"{self.ename}: {self.evalue}"


class ShellOutput(Protocol):
    """What the engine needs from the program showing its output."""

    def show_result(self, execution_count: int, data: MimeBundle, metadata: dict[str, Any]) -> None:
        """The value of a cell (``Out[N]``)."""
        ...

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        """A ``display()`` output."""
        ...

    def clear_output(self, *, wait: bool = False) -> None: ...

    def show_error(self, report: ErrorReport) -> None:
        """An exception in user code (exactly once per exception)."""
        ...

    def page(self, data: MimeBundle, start: int = 0) -> None:
        """Long help text (``obj?``, ``%magic``): paged in a terminal, a payload in a kernel."""
        ...

    def set_next_input(self, text: str, *, replace: bool = False) -> None:
        """Offer ``text`` as the next input."""
        ...

    def open_editor(self, path: str, line: int | None) -> bool:
        """Ask the frontend to open ``path`` in its own editor (``%edit`` in a kernel:
        an ``edit_magic`` payload); False when the shell must start the editor itself."""
        ...

    def write(self, text: str, *, error: bool = False) -> None:
        """A message of the shell itself (to stderr with ``error``)."""
        ...


def _usable(stream: object) -> TextIO | None:
    return stream if callable(getattr(stream, "write", None)) else None  # type: ignore[return-value]


def write_text(text: str, *, error: bool = False) -> None:
    """Write to the current stdout/stderr, or the original one if user code broke it."""
    current = _usable(sys.stderr if error else sys.stdout)
    original = sys.__stderr__ if error else sys.__stdout__
    for stream in (current, original):
        if stream is None:
            continue
        try:
            stream.write(text)
            stream.flush()
        except Exception:  # noqa: BLE001, S112 - try the next stream
            continue
        return


class StreamOutput:
    """Plain text on stdout/stderr: the output of the engine used as a library."""

    def __init__(self) -> None:
        self.next_input: str | None = None

    def show_result(self, execution_count: int, data: MimeBundle, metadata: dict[str, Any]) -> None:
        text = str(data.get("text/plain", ""))
        prompt = f"Out[{execution_count}]: "
        separator = "\n" if "\n" in text else ""
        write_text(f"{prompt}{separator}{text}\n")

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        text = data.get("text/plain")
        if text is not None:
            write_text(f"{text}\n")

    def clear_output(self, *, wait: bool = False) -> None:
        write_text("\r")

    def show_error(self, report: ErrorReport) -> None:
        write_text(report.text() + "\n", error=True)

    def page(self, data: MimeBundle, start: int = 0) -> None:
        text = str(data.get("text/plain", ""))
        write_text(text if text.endswith("\n") else text + "\n")

    def set_next_input(self, text: str, *, replace: bool = False) -> None:
        self.next_input = text

    def open_editor(self, path: str, line: int | None) -> bool:
        return False

    def write(self, text: str, *, error: bool = False) -> None:
        write_text(text, error=error)
