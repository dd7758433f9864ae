"""Running code the way a terminal would: ``execute_interactive``'s bookkeeping.

:class:`InteractiveRun` follows one execute request: each IOPub message it caused
goes to the output hook, each input request to the stdin hook, and the run is over
once the kernel is idle again and the reply has come.  The clients feed it what
they read; the defaults print outputs as text and answer input at this terminal.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.protocol import Content, Message

__all__ = ["EOF", "InteractiveRun", "ask_at_terminal", "print_output"]

EOF = "\x04"
"""What an input request is answered with when standard input is closed."""


def print_output(message: Message[Any]) -> None:
    """The default output hook: streams to stdout/stderr, results and displays as their
    plain text, errors as their traceback on stderr."""
    content = message.content
    kind = message.msg_type
    if kind == "stream":
        stream = sys.stderr if content.name == "stderr" else sys.stdout
        stream.write(content.text)
        stream.flush()
    elif kind in ("execute_result", "display_data"):
        text = content.data.get("text/plain")
        if text is not None:
            sys.stdout.write(f"{text}\n")
            sys.stdout.flush()
    elif kind == "error":
        sys.stderr.write("\n".join(content.traceback) + "\n")
        sys.stderr.flush()


def ask_at_terminal(message: Message[Any]) -> str:
    """The default stdin hook: ask with ``input()`` (``getpass`` for passwords)."""
    content = message.content
    try:
        if content.password:
            import getpass  # noqa: PLC0415 - only for password prompts

            return getpass.getpass(content.prompt)
        return input(content.prompt)
    except EOFError:
        return EOF


class InteractiveRun:
    """The state of one ``execute_interactive`` call.

    Args:
        msg_id: The execute request followed.
        output_hook: Called with each IOPub message of the request.
        stdin_hook: Called with each input request of the request; its return value
            (a string) is sent as the answer, or it returns None after answering
            itself (``client.input(...)``, as jupyter_client's hooks do).
    """

    def __init__(
        self,
        msg_id: str,
        output_hook: Callable[[Message[Any]], object],
        stdin_hook: Callable[[Message[Any]], object],
    ) -> None:
        self.msg_id = msg_id
        self.output_hook = output_hook
        self.stdin_hook = stdin_hook
        self.idle = False
        self.reply: Message[Content] | None = None

    @property
    def done(self) -> bool:
        """Whether the kernel is idle after the request and its reply has come."""
        return self.idle and self.reply is not None

    def on_iopub(self, message: Message[Any]) -> object:
        """Show ``message`` if the request caused it (returning what the hook returned);
        note the end of the request."""
        if message.parent_msg_id != self.msg_id:
            return None
        if message.msg_type == "status" and message.content.execution_state == "idle":
            self.idle = True
            return None
        return self.output_hook(message)

    def on_stdin(self, message: Message[Any]) -> object:
        """The answer to an input request of this run (a string; None: answered by the
        hook; an awaitable from an async hook)."""
        if message.msg_type != "input_request":
            return None
        return self.stdin_hook(message)

    def on_shell(self, message: Message[Content]) -> bool:
        """Keep the reply of the request; False for a message that is not it."""
        if message.parent_msg_id != self.msg_id:
            return False
        self.reply = message
        return True
