"""Numbered prompts, ``Out[n]:``, the kernel's payloads and other clients' output.

:class:`JupyterWidget` is the plain-text console of a Jupyter kernel: ``In [n]:``
before each input and ``Out[n]:`` before each result (``in_prompt``, ``out_prompt``),
the payloads of ``execute_reply`` (``page`` to the pager, ``set_next_input`` for
``%load``, ``ask_exit`` for ``exit``, ``edit_magic`` to the editor), and, with
``include_other_output``, other clients' inputs and outputs after
``other_output_prefix``.
"""

from __future__ import annotations

import html
import re
import shlex
from typing import Any, Final

from PySide6.QtCore import QProcess

from jovi.qt.ansi import AnsiParser, Styled
from jovi.qt.frontend_widget import FrontendWidget

__all__ = ["JupyterWidget"]

_NUMBER: Final = "%i"


def ansi_to_html(text: str) -> str:
    """Text with ANSI colours as HTML (for the pager)."""
    parts = []
    for action in AnsiParser().feed(text):
        if not isinstance(action, Styled):
            continue
        escaped = html.escape(action.text)
        style = action.style
        css = []
        if style.foreground:
            css.append(f"color:{style.foreground}")
        if style.background:
            css.append(f"background-color:{style.background}")
        if style.bold:
            css.append("font-weight:bold")
        parts.append(f'<span style="{";".join(css)}">{escaped}</span>' if css else escaped)
    return f"<pre>{''.join(parts)}</pre>"


class JupyterWidget(FrontendWidget):
    """A plain console of a Jupyter kernel, with qtconsole's prompts and payloads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.execution_count = 1
        """The number of the next input."""
        self._next_input = ""
        self._ready = False
        self.display_banner = True
        """Whether the banner shows at start (``--no-banner`` turns it off)."""

    # ------------------------------------------------------------------ prompts

    def redraw_prompt(self, source: str = "") -> None:
        if not self._ready:
            return
        self.flush_output()
        if not self.control.document().isEmpty():
            self.separate(self.settings.input_sep)
        prompt = self.settings.in_prompt
        number = str(self.execution_count)
        at = prompt.find(_NUMBER)
        shown = prompt.replace(_NUMBER, number)
        self.show_prompt(shown, None if at < 0 else (at, at + len(number)))
        text = source or self._next_input
        self._next_input = ""
        if text:
            self.input_buffer = text

    def kernel_connected(self) -> None:
        self._ask_count()

    def _ask_count(self) -> None:
        # The first prompt's number: a silent run's reply says where the kernel is.
        self._count_request = self._send(
            "execute", lambda c: c.execute("", silent=True, store_history=False)
        )

    def kernel_ready(self) -> None:
        if self._ready:
            self.redraw_prompt()
            return
        banner = self.settings.banner or self.kernel_info.get("banner", "")
        if banner and self.display_banner:
            self.append_stream(banner.rstrip("\n") + "\n")
        if self._count_known:
            self._open_first_prompt()
        elif not self._count_request:
            self._ask_count()

    _count_request = ""
    _count_known = False
    """Whether the first prompt's number came (its reply may come before the kernel is
    ready: the prompt then opens once it is, after the banner)."""

    def _on_execute_reply(self, message: dict[str, Any]) -> None:
        if message["parent_header"].get("msg_id") == self._count_request:
            self._count_request = ""
            count = message["content"].get("execution_count")
            if isinstance(count, int):
                self.execution_count = count + 1  # the reply names the last run
            self._count_known = True
            if self.kernel_is_ready:
                self._open_first_prompt()
            return
        super()._on_execute_reply(message)

    def _open_first_prompt(self) -> None:
        self._ready = True
        self.flush_output()
        self.redraw_prompt()

    def restarted(self) -> None:
        self.execution_count = 1
        self._ready = False
        self._count_known = False

    def execute_replied(self, message: dict[str, Any]) -> None:
        content = message["content"]
        count = content.get("execution_count")
        if isinstance(count, int):
            self.execution_count = count + 1
        for payload in content.get("payload", []) or []:
            self.handle_payload(payload)

    def handle_payload(self, payload: dict[str, Any]) -> None:
        """Do what a payload of ``execute_reply`` asks."""
        source = payload.get("source")
        if source == "page":
            self.page(
                payload.get("data", {}).get("text/plain", "") or payload.get("text", ""),
                payload.get("data", {}),
            )
        elif source == "set_next_input":
            if payload.get("replace") and self.input_open():
                self.input_buffer = payload.get("text", "")
            else:  # shown in the next prompt's input
                self._next_input = payload.get("text", "")
        elif source == "ask_exit":
            self.exit_requested.emit(bool(payload.get("keepkernel", False)))
        elif source == "edit_magic":
            self.open_editor(payload.get("filename", ""), payload.get("line_number"))

    def page(self, text: str, data: dict[str, Any] | None = None) -> None:
        """Show paged text where ``paging`` says."""
        mode = self.settings.paging
        if mode == "none":
            self.append_stream(text if text.endswith("\n") else text + "\n")
        elif mode == "custom":
            self.custom_page_requested.emit(text)
        else:
            rich = (data or {}).get("text/html")
            self.pager.page(rich if isinstance(rich, str) else ansi_to_html(text))

    def open_editor(self, filename: str, line: int | None = None) -> None:
        """Open ``filename`` in ``editor`` (at ``line`` with ``editor_line``)."""
        template = (
            self.settings.editor_line
            if line is not None and self.settings.editor_line
            else self.settings.editor
        )
        if not template:
            self.append_stream(
                "No editor is set: set JupyterWidget.editor to a command.\n", "stderr"
            )
            return
        if "{filename}" not in template:
            template += " {filename}"
        command = template.format(filename=shlex.quote(filename), line=line or 0)
        words = shlex.split(command)
        QProcess.startDetached(words[0], words[1:])

    # ------------------------------------------------------------------ output

    def show_output(self, kind: str, message: dict[str, Any]) -> None:
        if kind == "execute_result":
            content = message["content"]
            count = content.get("execution_count", self.execution_count)
            self.show_result(count, content.get("data", {}), content.get("metadata", {}))
        elif kind == "clear_output":
            self.clear_run_output(bool(message["content"].get("wait")))
        elif kind == "execute_input":
            return
        else:
            self.cancel_wait()
            super().show_output(kind, message)

    def show_result(self, count: int, data: dict[str, Any], metadata: dict[str, Any]) -> None:
        """Show ``Out[count]:`` and the result's text."""
        self.cancel_wait()
        prompt = self.settings.out_prompt.replace(_NUMBER, str(count))
        self.append_plain(self.settings.output_sep)
        self.append_prompt_text(prompt)
        text = data.get("text/plain", "")
        if "\n" in text:
            text = "\n" + text
        self.append_stream(text + "\n" + self.settings.output_sep2)

    def append_prompt_text(self, prompt: str) -> None:
        """Show an output prompt in the out-prompt colour."""
        from PySide6.QtGui import QColor, QTextCharFormat  # noqa: PLC0415 - beside its use

        char_format = QTextCharFormat()
        char_format.setForeground(QColor(self.palette_.out_prompt))
        self.append_plain(prompt, char_format)

    # clear_output(wait=True) clears when the next output comes.
    _clear_waiting = False

    def clear_run_output(self, wait: bool) -> None:
        """``clear_output``: remove the current run's output (at the next output if ``wait``)."""
        if wait:
            self._clear_waiting = True
        else:
            self.append_later(lambda _cursor: self._clear_current_run())

    def cancel_wait(self) -> None:
        """Output came: a waiting ``clear_output`` clears first."""
        if self._clear_waiting:
            self._clear_waiting = False
            self.append_later(lambda _cursor: self._clear_current_run())

    def _clear_current_run(self) -> None:
        """Remove the output after the last input (the input stays)."""
        from PySide6.QtGui import QTextCursor  # noqa: PLC0415 - beside its use

        document = self.control.document()
        block = (
            document.lastBlock()
            if not self._prompt_shown
            else document.findBlock(self._prompt.position()).previous()
        )
        end_block = block
        while block.isValid() and block.userState() < 0:
            block = block.previous()
        if not block.isValid():
            return
        start = (
            block.next().position()
            if block.next().isValid()
            else block.position() + block.length() - 1
        )
        end = end_block.position() + end_block.length() - 1
        if end <= start:
            return
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self._carriage_return = False

    def other_output(self, kind: str, message: dict[str, Any]) -> None:
        if not self.settings.include_other_output:
            return
        prefix = self.settings.other_output_prefix
        content = message["content"]
        if kind == "execute_input":
            count = content.get("execution_count", "")
            prompt = self.settings.in_prompt.replace(_NUMBER, str(count))
            self.append_plain(f"{prefix}{prompt}{content.get('code', '')}\n")
        elif kind == "execute_result":
            count = content.get("execution_count", "")
            prompt = self.settings.out_prompt.replace(_NUMBER, str(count))
            self.append_plain(f"{prefix}{prompt}{content.get('data', {}).get('text/plain', '')}\n")
        elif kind == "stream":
            text = content.get("text", "")
            self.append_stream(
                re.sub(r"^(?=.)", prefix, text, flags=re.MULTILINE), content.get("name", "stdout")
            )
        elif kind == "error":
            self.append_stream(prefix + "\n".join(content.get("traceback", [])) + "\n", "stderr")
        elif kind == "display_data":
            self.show_output(kind, message)
