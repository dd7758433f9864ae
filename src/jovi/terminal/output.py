"""The terminal's :class:`~jovi.shell.output.ShellOutput`: text, colours and the pager."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.shell.output import StreamOutput, write_text
from jovi.terminal.pager import page
from jovi.terminal.prompts import as_text

if TYPE_CHECKING:
    from jovi.display.formatters import MimeBundle
    from jovi.terminal.shell import TerminalInteractiveShell

__all__ = ["TerminalOutput"]


class TerminalOutput(StreamOutput):
    """Results after a coloured ``Out[N]:``, tracebacks to stderr, long help paged."""

    def __init__(self, shell: TerminalInteractiveShell | None = None) -> None:
        super().__init__()
        self.shell = shell

    def _out_prompt(self, execution_count: int) -> str:
        if self.shell is None:
            return f"Out[{execution_count}]: "
        tokens = self.shell.prompts.out_prompt_tokens()
        colors = self.shell.traceback_formatter.colors
        painted = []
        for style, text in tokens:
            role = "out_number" if style.endswith("number") else "out_prompt"
            painted.append(colors.paint(role, text))
        return "".join(painted) if as_text(tokens) else ""

    def show_result(self, execution_count: int, data: MimeBundle, metadata: dict[str, Any]) -> None:
        text = str(data.get("text/plain", ""))
        prompt = self._out_prompt(execution_count)
        separator = "\n" if "\n" in text and prompt else ""
        write_text(f"{prompt}{separator}{text}\n")

    def clear_output(self, *, wait: bool = False) -> None:
        write_text("\r\x1b[K")

    def page(self, data: MimeBundle, start: int = 0) -> None:
        text = str(data.get("text/plain", ""))
        lines = text.splitlines()
        page("\n".join(lines[start:]) if start else text)
