"""The console talking to a kernel: run input, show its output, complete, calltips,
``input()``, interrupt and restart.

:class:`FrontendWidget` adds a kernel to :class:`~jovi.qt.console_widget.ConsoleWidget`.
Messages come from a :class:`~jovi.qt.kernel_bridge.KernelBridge` on the Qt thread;
each request it sends is remembered by ``msg_id`` with what its reply is for.  A run
ends (and the next prompt shows) when both its ``execute_reply`` and its ``idle``
status have come.  Output of the console's own runs is shown; other clients' only
with ``include_other_output`` (see :mod:`~jovi.qt.jupyter_widget`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor

from jovi.qt.calltip import CallTip, calltip_text
from jovi.qt.completion import CompletionList, common_prefix, plain_listing
from jovi.qt.console_widget import ConsoleWidget
from jovi.qt.kernel_bridge import KernelBridge

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QKeyEvent

    from jovi.client import BlockingKernelClient
    from jovi.kernels import KernelManager

__all__ = ["FrontendWidget"]

_IS_COMPLETE_WAIT_MS: Final = 1000
_IOPUB_RETRY_MS: Final = 250
"""How often ``kernel_info`` is asked again until IOPub is heard (a kernel just
(re)started publishes before a subscriber's connection is up: those messages are lost)."""
_IOPUB_RETRIES: Final = 40
"""After this many, the console is ready anyway (a kernel that publishes no status)."""


class _Run:
    """One execution the console asked for."""

    def __init__(self, msg_id: str, hidden: bool) -> None:
        self.msg_id = msg_id
        self.hidden = hidden
        self.replied = False
        self.idle = False


class FrontendWidget(ConsoleWidget):
    """A console in front of one kernel (its client, and its manager when the console
    started it)."""

    exit_requested = Signal(bool)
    """The kernel asked the console to close (``exit``); True keeps the kernel."""
    kernel_died = Signal(float)
    """The kernel stopped answering its heartbeat (seconds since the last beat)."""
    kernel_restarted = Signal()
    kernel_shut_down = Signal()
    """Another client shut the kernel down for good."""
    custom_interrupt_requested = Signal()
    custom_restart_requested = Signal()
    executing = Signal(str)
    executed_reply = Signal(dict)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kernel_manager: KernelManager | None = None
        self._kernel_client: BlockingKernelClient | None = None
        self._bridge: KernelBridge | None = None
        self._requests: dict[str, str] = {}
        self._runs: dict[str, _Run] = {}
        self._evaluations: dict[str, Callable[[dict[str, Any]], object]] = {}
        self._running: _Run | None = None
        self._reading: dict[str, Any] | None = None
        self._secret = ""
        self._is_complete: str | None = None
        self._completion_request: tuple[str, str, int] | None = None
        self._dead = False
        self.custom_interrupt = False
        self.custom_restart = False
        self.kernel_info: dict[str, Any] = {}
        self._info_ids: set[str] = set()  # this connection's kernel_info requests
        self._info_replied = False
        self._iopub_heard = False
        self._info_retries = 0
        self._ready_done = False
        self.calltip = CallTip(self.control.viewport())
        self.completion = CompletionList(
            self.control.viewport(),
            grid=self.settings.gui_completion == "ncurses",
            max_rows=self.settings.gui_completion_height,
        )
        self.completion.chosen.connect(self._insert_completion)
        self.control.cursorPositionChanged.connect(self._cursor_moved)

    # ------------------------------------------------------------------ the kernel

    @property
    def kernel_manager(self) -> KernelManager | None:
        """The manager of the kernel, when this console started it (None: remote)."""
        return self._kernel_manager

    @kernel_manager.setter
    def kernel_manager(self, manager: KernelManager | None) -> None:
        self._kernel_manager = manager

    @property
    def kernel_client(self) -> BlockingKernelClient | None:
        """The kernel's client; setting it connects the console."""
        return self._kernel_client

    @kernel_client.setter
    def kernel_client(self, client: BlockingKernelClient | None) -> None:
        if self._bridge is not None:
            self._bridge.unwatch()
            self._bridge.message_received.disconnect(self._dispatch)
            self._bridge = None
        self._kernel_client = client
        if client is None:
            return
        self._bridge = KernelBridge(client, self)
        self._bridge.message_received.connect(self._dispatch)
        self._bridge.heartbeat_failed.connect(
            self._heartbeat_failed, Qt.ConnectionType.QueuedConnection
        )
        self._bridge.start()
        self._dead = False
        self._ask_kernel_info()
        self.kernel_connected()
        self._send("history", lambda c: c.history(hist_access_type="tail", n=1000, raw=True))

    def _ask_kernel_info(self) -> None:
        """Ask ``kernel_info``; the console is ready once it is answered and IOPub is
        heard (the status of one of these requests), asking again until it is."""
        self._info_ids.clear()
        self._info_replied = self._iopub_heard = self._ready_done = False
        self._info_retries = 0
        self._info_ids.add(self._send("kernel_info", lambda c: c.kernel_info()))

    def _ask_again_unless_heard(self) -> None:
        if self._iopub_heard or self._dead or self._kernel_client is None:
            return
        self._info_retries += 1
        if self._info_retries > _IOPUB_RETRIES:
            self._iopub_heard = True  # a kernel that publishes no status: go on
            self._ready_if_both()
            return
        self._info_ids.add(self._send("kernel_info", lambda c: c.kernel_info()))
        QTimer.singleShot(_IOPUB_RETRY_MS, self._ask_again_unless_heard)

    def _ready_if_both(self) -> None:
        if self._info_replied and self._iopub_heard and not self._ready_done:
            self._ready_done = True
            self.kernel_ready()

    @property
    def kernel_is_ready(self) -> bool:
        """Whether the kernel answered ``kernel_info`` and its IOPub was heard since
        the console connected or the kernel restarted (:meth:`kernel_ready` ran)."""
        return self._ready_done

    def kernel_connected(self) -> None:
        """The channels are up and ``kernel_info`` is asked (subclasses ask more)."""

    @property
    def is_local(self) -> bool:
        """Whether this console started its kernel (it may restart and stop it)."""
        return self._kernel_manager is not None

    def _send(self, kind: str, request: Any) -> str:
        """Send ``request(client)``, remembering its ``msg_id`` as ``kind``."""
        assert self._kernel_client is not None
        assert self._bridge is not None
        msg_id: str = request(self._kernel_client)
        self._requests[msg_id] = kind
        self._bridge.drain_soon()
        return msg_id

    def close_kernel_channels(self) -> None:
        """Stop listening and close the client's channels (the kernel is left as it is)."""
        if self._bridge is not None:
            self._bridge.stop()

    # ------------------------------------------------------------------ running code

    def execute(
        self, source: str | None = None, hidden: bool = False, interactive: bool = False
    ) -> None:
        """Run ``source`` (default: the input) in the kernel.

        Hidden code shows neither input nor output and leaves the prompt alone;
        otherwise ``source`` replaces the input and runs as if typed, except that
        ``interactive`` code that the kernel finds incomplete waits for more input.
        """
        if hidden:
            assert source is not None
            msg_id = self._send(
                "execute", lambda c: c.execute(source, silent=True, store_history=False)
            )
            self._runs[msg_id] = _Run(msg_id, hidden=True)
            return
        if source is not None:
            self.input_buffer = source
        if interactive:
            self._ask_is_complete()
        else:
            self.submit()

    def evaluate(self, expression: str, callback: Callable[[dict[str, Any]], object]) -> None:
        """Evaluate ``expression`` silently in the kernel (a user expression of an empty
        run) and call ``callback`` with its result: ``{"status": "ok", "data": {...}}``
        or the error's fields."""
        msg_id = self._send(
            "execute",
            lambda c: c.execute(
                "", silent=True, store_history=False, user_expressions={"value": expression}
            ),
        )
        self._runs[msg_id] = _Run(msg_id, hidden=True)
        self._evaluations[msg_id] = callback

    def submit(self, source: str | None = None) -> None:
        if source is None and self.submit_input_reply():
            return
        self.completion.hide()
        self.calltip.hide()
        text = self.finish_input() if source is None else source
        self.history.add(text)
        self.executed.emit(text)
        self._run(text)

    def _run(self, source: str) -> None:
        if self._kernel_client is None or self._dead:
            self.append_plain("The kernel is not running.\n", self._error_format())
            self.redraw_prompt()
            return
        msg_id = self._send("execute", lambda c: c.execute(source))
        run = _Run(msg_id, hidden=False)
        self._runs[msg_id] = run
        self._running = run
        self.executing.emit(source)

    def key_enter(self, event: QKeyEvent) -> None:
        if self.submit_input_reply():
            return
        source = self.input_buffer
        cursor = self.control.textCursor()
        at_end = cursor.atEnd()
        lines = source.split("\n")
        if not self.settings.execute_on_complete_input or not at_end:
            self.insert_newline()
        elif len(lines) > 1 and not lines[-1].strip():
            self.submit()  # a blank line ends a cell
        elif not source.strip():
            self.submit()
        else:
            self._ask_is_complete()

    def _ask_is_complete(self) -> None:
        source = self.input_buffer
        msg_id = self._send("is_complete", lambda c: c.is_complete(source))
        self._is_complete = msg_id
        QTimer.singleShot(_IS_COMPLETE_WAIT_MS, lambda: self._is_complete_late(msg_id))

    def _is_complete_late(self, msg_id: str) -> None:
        if self._is_complete == msg_id:  # no verdict in time: run it
            self._is_complete = None
            self.submit()

    def _on_is_complete_reply(self, message: dict[str, Any]) -> None:
        msg_id = message["parent_header"].get("msg_id")
        if msg_id != self._is_complete or not self._prompt_shown:
            return
        self._is_complete = None
        content = message["content"]
        if content.get("status") == "incomplete":
            self.insert_newline()
            indent = content.get("indent", "")
            self.control.textCursor().insertText(indent if isinstance(indent, str) else "")
            self._replay_typed_ahead()
        else:
            self.submit()

    def input_open(self) -> bool:
        return super().input_open() and self._is_complete is None

    # ------------------------------------------------------------------ messages

    def _dispatch(self, channel: str, message: dict[str, Any]) -> None:
        kind = message["msg_type"]
        parent = message["parent_header"].get("msg_id", "")
        if channel == "iopub":
            if not self._iopub_heard and parent in self._info_ids:
                self._iopub_heard = True
                self._ready_if_both()
            self._on_iopub(kind, parent, message)
            return
        if channel == "stdin" and kind == "input_request":
            self._on_input_request(message)
            return
        purpose = self._requests.pop(parent, None)
        handler = getattr(self, f"_on_{kind}", None)
        if purpose is not None and handler is not None:
            handler(message)

    def _is_own(self, message: dict[str, Any]) -> bool:
        client = self._kernel_client
        return (
            client is not None
            and message["parent_header"].get("session") == client.session.session_id
        )

    def _on_iopub(self, kind: str, parent: str, message: dict[str, Any]) -> None:
        run = self._runs.get(parent)
        if kind == "status":
            state = message["content"].get("execution_state")
            if run is not None and state == "idle":
                run.idle = True
                self._finish(run)
            elif state == "starting" and not self._is_own(message) and self._running is not None:
                self._restarted_elsewhere()
            return
        if kind == "shutdown_reply" and not self._is_own(message):
            self._shut_down_elsewhere(bool(message["content"].get("restart")))
            return
        if run is not None and run.hidden:
            return
        if run is None and not self._is_own(message) and message["parent_header"]:
            self.other_output(kind, message)
            return
        self.show_output(kind, message)

    def show_output(self, kind: str, message: dict[str, Any]) -> None:
        """Show an IOPub output of this console's runs (subclasses add rich types)."""
        content = message["content"]
        if kind == "stream":
            self.append_stream(content.get("text", ""), content.get("name", "stdout"))
        elif kind == "error":
            self.append_stream("\n".join(content.get("traceback", [])) + "\n", "stderr")
        elif kind in {"execute_result", "display_data"}:
            text = content.get("data", {}).get("text/plain", "")
            self.append_stream(text + "\n", "stdout")

    def other_output(self, kind: str, message: dict[str, Any]) -> None:
        """Output of another client's run (shown by :mod:`~jovi.qt.jupyter_widget`)."""

    def _finish(self, run: _Run) -> None:
        if not (run.replied and run.idle):
            return
        self._runs.pop(run.msg_id, None)
        if run is self._running:
            self._running = None
            self._reading = None
            self.flush_output()
            self.run_finished()

    def run_finished(self) -> None:
        """A run of the input ended: show the next prompt."""
        self.redraw_prompt()

    def _on_execute_reply(self, message: dict[str, Any]) -> None:
        msg_id = message["parent_header"].get("msg_id", "")
        run = self._runs.get(msg_id)
        self.executed_reply.emit(message)
        evaluated = self._evaluations.pop(msg_id, None)
        if evaluated is not None:
            evaluated(message["content"].get("user_expressions", {}).get("value", {}))
        if run is None:
            return
        run.replied = True
        if not run.hidden:
            self.execute_replied(message)
        self._finish(run)

    def execute_replied(self, message: dict[str, Any]) -> None:
        """The reply to a run of the input (subclasses: prompt numbers, payloads)."""

    def _on_kernel_info_reply(self, message: dict[str, Any]) -> None:
        self.kernel_info = message["content"]
        language = self.kernel_info.get("language_info", {}).get(
            "pygments_lexer"
        ) or self.kernel_info.get("language_info", {}).get("name", "python")
        self.highlighter.set_language(self.settings.lexer_class or language)
        first = not self._info_replied
        self._info_replied = True
        self._ready_if_both()
        if first and not self._iopub_heard:
            QTimer.singleShot(_IOPUB_RETRY_MS, self._ask_again_unless_heard)

    def kernel_ready(self) -> None:
        """The kernel answered ``kernel_info``: show the banner and the first prompt."""
        banner = self.settings.banner or self.kernel_info.get("banner", "")
        if banner:
            self.append_stream(banner.rstrip("\n") + "\n")
        self.flush_output()
        self.redraw_prompt()

    def _on_history_reply(self, message: dict[str, Any]) -> None:
        entries = [entry[2] for entry in message["content"].get("history", []) if len(entry) > 2]
        self.history.load([entry if isinstance(entry, str) else entry[0] for entry in entries])

    # ------------------------------------------------------------------ input()

    def _on_input_request(self, message: dict[str, Any]) -> None:
        content = message["content"]
        self.flush_output()
        self._reading = message
        self._secret = ""
        self.show_prompt(content.get("prompt", ""))
        self.control.setFocus()

    def key_hook(self, event: QKeyEvent) -> bool | None:
        if self.completion.visible:
            return self.completion.handle_key(event) or None
        if self._reading is not None and self._reading["content"].get("password"):
            return self._password_key(event)
        if event.key() == Qt.Key.Key_Escape and self.calltip.isVisible():
            self.calltip.hide()
            return True
        return None

    def _password_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in {Qt.Key.Key_Return, Qt.Key.Key_Enter}:
            self._answer_input(self._secret)
        elif key == Qt.Key.Key_Backspace:
            self._secret = self._secret[:-1]
        elif event.text() and event.text().isprintable():
            self._secret += event.text()
        return True

    def submit_input_reply(self) -> bool:
        """Enter while ``input()`` waits: answer it with the line typed."""
        if self._reading is None:
            return False
        self._answer_input(self.input_buffer)
        return True

    def _answer_input(self, value: str) -> None:
        request, self._reading = self._reading, None
        self._secret = ""
        self.finish_input()
        if self._kernel_client is not None and request is not None:
            self._kernel_client.input(value)
            assert self._bridge is not None
            self._bridge.drain_soon()

    def key_eof(self) -> bool:
        if self._reading is not None and not self.input_buffer:
            self._answer_input("\x04")
            return True
        return super().key_eof()

    # ------------------------------------------------------------------ completion and calltips

    def key_tab(self, *, backwards: bool) -> bool:
        source = self.input_buffer
        position = self.input_cursor_position()
        line = source[:position].split("\n")[-1]
        if backwards or not line.strip() or self._kernel_client is None:
            return super().key_tab(backwards=backwards)
        msg_id = self._send("complete", lambda c: c.complete(source, position))
        self._completion_request = (msg_id, source, position)
        return True

    def _on_complete_reply(self, message: dict[str, Any]) -> None:
        request, self._completion_request = self._completion_request, None
        if request is None or request[0] != message["parent_header"].get("msg_id"):
            return
        _, source, position = request
        if self.input_buffer != source or self.input_cursor_position() != position:
            return
        content = message["content"]
        matches = list(dict.fromkeys(content.get("matches", [])))
        if not matches:
            return
        start = content.get("cursor_start", position)
        end = content.get("cursor_end", position)
        self._replace_range = (start, end)
        prefix = common_prefix(matches)
        if len(matches) == 1:
            self._insert_completion(matches[0])
            return
        if len(prefix) > end - start:
            self._insert_completion(prefix)
            start, end = self._replace_range
        if self.settings.gui_completion == "plain":
            width = max(
                20,
                self.control.viewport().width()
                // max(1, self.control.fontMetrics().horizontalAdvance(" ")),
            )
            self.append_plain(plain_listing(matches, width))
            return
        rect = self.control.cursorRect()
        self.completion.show_matches(matches, rect.bottomLeft())

    def _insert_completion(self, text: str) -> None:
        start, end = self._replace_range
        source = self.input_buffer
        position = self.input_cursor_position()
        end = max(end, position) if position >= start else end
        cursor = self.control.textCursor()
        cursor.setPosition(self._document_position(start))
        cursor.setPosition(self._document_position(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        self.control.setTextCursor(cursor)
        self._replace_range = (start, start + len(text))
        del source

    _replace_range: tuple[int, int] = (0, 0)

    def key_typed(self, text: str) -> None:
        if text == "(" and self.settings.enable_calltips and self._kernel_client is not None:
            QTimer.singleShot(0, self._ask_calltip)

    def _ask_calltip(self) -> None:
        if not self.input_open():
            return
        source = self.input_buffer
        position = self.input_cursor_position()
        self._calltip_at = position
        self._send("inspect", lambda c: c.inspect(source, position, detail_level=0))

    _calltip_at = 0

    def _on_inspect_reply(self, message: dict[str, Any]) -> None:
        content = message["content"]
        text = content.get("data", {}).get("text/plain", "") if content.get("found") else ""
        if not text or not self.input_open():
            return
        columns = max(
            40,
            self.control.viewport().width()
            // max(1, self.control.fontMetrics().horizontalAdvance(" "))
            - 4,
        )
        rect = self.control.cursorRect()
        self.calltip.show_tip(calltip_text(text, columns), rect.bottomLeft(), self._calltip_at - 1)

    def _cursor_moved(self) -> None:
        if self.calltip.isVisible():
            self.calltip.cursor_moved(self.input_buffer, self.input_cursor_position())

    # ------------------------------------------------------------------ interrupt, restart, death

    def interrupt_kernel(self) -> None:
        """Interrupt the kernel (only one this console started)."""
        if self.custom_interrupt:
            self.custom_interrupt_requested.emit()
        elif self._kernel_manager is not None:
            self._kernel_manager.interrupt()
        else:
            self.append_plain("Cannot interrupt a kernel I did not start.\n", self._error_format())

    def restart_kernel(
        self, message: str = "Are you sure you want to restart the kernel?", now: bool = False
    ) -> bool:
        """Restart the kernel this console started, asking first if ``confirm_restart``;
        returns whether it restarted."""
        if self.custom_restart:
            self.custom_restart_requested.emit()
            return True
        manager = self._kernel_manager
        if manager is None:
            self.append_plain("Cannot restart a kernel I did not start.\n", self._error_format())
            return False
        if self.settings.confirm_restart and not self.confirm("Restart kernel?", message):
            return False
        assert self._bridge is not None
        assert self._kernel_client is not None
        self._bridge.unwatch()
        manager.restart(now=now or self._dead)
        if manager.connection_info != self._kernel_client.connection_info:
            self._kernel_client.reconnect(manager.connection_info)
        self._reset_after_restart("Restarting kernel...")
        self._bridge.watch()
        return True

    def _shut_down_elsewhere(self, restart: bool) -> None:
        """Another client shut the kernel down (ipykernel says so on IOPub)."""
        if restart:
            self._restarted_elsewhere()
            return
        self._dead = True
        self.flush_output()
        self.append_plain("The kernel was shut down by another client.\n", self._error_format())
        self.flush_output()
        self.kernel_shut_down.emit()

    def _restarted_elsewhere(self) -> None:
        self._reset_after_restart("The kernel was restarted by another client.")

    def _reset_after_restart(self, notice: str) -> None:
        self._runs.clear()
        self._requests.clear()
        self._running = None
        self._reading = None
        self._is_complete = None
        self._dead = False
        self.flush_output()
        if self.settings.clear_on_kernel_restart:
            self.control.clear()
            self._prompt_shown = False
        self.finish_input() if self.input_open() else None
        self.append_plain(f"{notice}\n", self._error_format())
        self.restarted()
        self.kernel_restarted.emit()
        self._ask_kernel_info()

    def restarted(self) -> None:
        """The kernel restarted (subclasses reset prompt numbers)."""

    def confirm(self, title: str, text: str) -> bool:
        """Ask yes or no in a dialog."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - only when asked

        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def _heartbeat_failed(self, seconds: float) -> None:
        if self._dead:
            return
        self._dead = True
        self.flush_output()
        self.append_plain(
            "The kernel died"
            + (", restart it from the Kernel menu (Ctrl-.)" if self.is_local else "")
            + ".\n",
            self._error_format(),
        )
        self.flush_output()
        self.kernel_died.emit(seconds)

    def _error_format(self) -> QTextCharFormat:
        from PySide6.QtGui import QColor  # noqa: PLC0415 - beside its only use

        char_format = QTextCharFormat()
        char_format.setForeground(QColor(self.palette_.error))
        return char_format
