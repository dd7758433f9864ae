"""Capturing what code prints and displays: ``%%capture`` and :func:`capture_output`.

Usage::

    with capture_output(shell=get_ipython()) as captured:
        print("hi")
        display(HTML("<b>x</b>"))
    captured.stdout      # 'hi\\n'
    captured.outputs     # [<RichOutput text/plain, text/html>]
    captured()           # show it all again

Standard output and error are captured by replacing ``sys.stdout`` and
``sys.stderr``; displays (``display()``, a cell's result, help pages) by putting a
recording layer in front of the shell's output and the display host.  Tracebacks
are not captured: an error inside stays visible.  The replacement is global to the
process, as ``sys.stdout`` is.
"""

from __future__ import annotations

import contextlib
import io
import sys
from typing import TYPE_CHECKING, Any

from jovi.display import host as display_host

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from jovi.display.formatters import MimeBundle
    from jovi.shell.interactiveshell import InteractiveShell
    from jovi.shell.output import ErrorReport, ShellOutput

__all__ = ["CapturedIO", "RichOutput", "capture_output"]


class RichOutput:
    """One captured display: its MIME bundle and metadata; ``display()`` shows it again."""

    def __init__(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        self.data = dict(data)
        self.metadata = dict(metadata or {})
        self.transient = dict(transient or {})
        self.update = update

    def display(self) -> None:
        from jovi.display.functions import publish_display_data  # noqa: PLC0415 - start-up cost

        publish_display_data(
            self.data, self.metadata, transient=self.transient or None, update=self.update
        )

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> tuple[MimeBundle, dict[str, Any]]:
        return self.data, self.metadata

    def __repr__(self) -> str:
        text = self.data.get("text/plain")
        if isinstance(text, str):
            return text
        return f"<RichOutput {', '.join(self.data)}>"


class CapturedIO:
    """What a ``%%capture`` cell printed and displayed.

    ``.stdout`` and ``.stderr`` are the text, ``.outputs`` the displays (results
    included) as :class:`RichOutput`; ``.show()`` (or calling the object) shows them
    all again, in that order.
    """

    def __init__(
        self,
        stdout: io.StringIO | None,
        stderr: io.StringIO | None,
        outputs: list[RichOutput] | None = None,
    ) -> None:
        self._stdout = stdout
        self._stderr = stderr
        self.outputs: list[RichOutput] = outputs if outputs is not None else []

    def __repr__(self) -> str:
        parts = [f"{len(self.stdout)} characters of stdout"] if self._stdout else []
        if self._stderr:
            parts.append(f"{len(self.stderr)} characters of stderr")
        count = len(self.outputs)
        parts.append(f"{count} display{'' if count == 1 else 's'}")
        return f"<CapturedIO: {', '.join(parts)}>"

    def __str__(self) -> str:
        return self.stdout

    @property
    def stdout(self) -> str:
        return self._stdout.getvalue() if self._stdout is not None else ""

    @property
    def stderr(self) -> str:
        return self._stderr.getvalue() if self._stderr is not None else ""

    def show(self) -> None:
        """Write the captured text to the real streams and display the outputs again."""
        for text, stream in ((self.stdout, sys.stdout), (self.stderr, sys.stderr)):
            if text and stream is not None:
                stream.write(text)
                stream.flush()
        for output in self.outputs:
            output.display()

    __call__ = show


class _CapturingOutput:
    """A ShellOutput in front of the shell's own: displays and text are kept, errors pass."""

    def __init__(
        self, inner: ShellOutput, captured: CapturedIO, *, text: bool, err: bool, rich: bool
    ) -> None:
        self.inner = inner
        self.captured = captured
        self.text = text
        self.err = err
        self.rich = rich

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # frontend extras (next_input, shell ...)

    def show_result(self, execution_count: int, data: MimeBundle, metadata: dict[str, Any]) -> None:
        if self.rich:
            self.captured.outputs.append(RichOutput(data, metadata))
        else:
            self.inner.show_result(execution_count, data, metadata)

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        if self.rich:
            self.captured.outputs.append(RichOutput(data, metadata, transient, update))
        else:
            self.inner.publish(data, metadata, transient=transient, update=update)

    def clear_output(self, *, wait: bool = False) -> None:
        if self.rich:
            self.captured.outputs.clear()
        else:
            self.inner.clear_output(wait=wait)

    def show_error(self, report: ErrorReport) -> None:
        self.inner.show_error(report)

    def page(self, data: MimeBundle, start: int = 0) -> None:
        if self.text:
            text = str(data.get("text/plain", ""))
            self.write(text if text.endswith("\n") else text + "\n")
        else:
            self.inner.page(data, start)

    def set_next_input(self, text: str, *, replace: bool = False) -> None:
        self.inner.set_next_input(text, replace=replace)

    def open_editor(self, path: str, line: int | None) -> bool:
        return self.inner.open_editor(path, line)

    def write(self, text: str, *, error: bool = False) -> None:
        stream = sys.stderr if error else sys.stdout
        if (self.err if error else self.text) and stream is not None:
            stream.write(text)
        else:
            self.inner.write(text, error=error)


class _CapturingHost:
    """The display host while capturing outside a cell: formats, and keeps what is shown."""

    def __init__(self, shell: InteractiveShell | None, captured: CapturedIO) -> None:
        self.shell = shell
        self.captured = captured

    def format(
        self,
        obj: object,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> tuple[MimeBundle, dict[str, Any]]:
        if self.shell is not None:
            result: tuple[MimeBundle, dict[str, Any]] = self.shell.format(obj, include, exclude)
            return result
        return display_host.PrintingHost().format(obj, include, exclude)

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        self.captured.outputs.append(RichOutput(data, metadata, transient, update))

    def clear_output(self, *, wait: bool = False) -> None:
        self.captured.outputs.clear()


@contextlib.contextmanager
def capture_output(
    stdout: bool = True,
    stderr: bool = True,
    display: bool = True,
    *,
    shell: InteractiveShell | None = None,
) -> Iterator[CapturedIO]:
    """Capture standard output, error output and displays while the block runs.

    Args:
        stdout: Capture ``sys.stdout``.
        stderr: Capture ``sys.stderr``.
        display: Capture displays (``display()``, results, pages) instead of showing them.
        shell: The shell whose output is captured too (``get_ipython()``), if any.
    """
    out = io.StringIO() if stdout else None
    err = io.StringIO() if stderr else None
    captured = CapturedIO(out, err)
    saved_streams = sys.stdout, sys.stderr
    saved_output: ShellOutput | None = shell.output if shell is not None else None
    previous_host = display_host.set_host(_CapturingHost(shell, captured)) if display else None
    if out is not None:
        sys.stdout = out
    if err is not None:
        sys.stderr = err
    if shell is not None and saved_output is not None:
        shell.output = _CapturingOutput(
            saved_output, captured, text=stdout, err=stderr, rich=display
        )
    try:
        yield captured
    finally:
        sys.stdout, sys.stderr = saved_streams
        if shell is not None and saved_output is not None:
            shell.output = saved_output
        if display:
            display_host.set_host(previous_host)
